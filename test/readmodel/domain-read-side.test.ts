import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  createDomainRuntime,
  openMemoryBackend,
  openEventSourcingDbBackend,
  openPostgresBackend,
  openSqliteBackend,
  ProcessorFailedError,
  type Backend,
  type CommandDataByName,
  type DomainOptions,
  type EventStore,
  type PostgresBackendConfig,
} from 'orchestrix/runtime';
import { bankingAggregates, type BankingAggregates } from '../support/fixtures/bank-account.js';
import {
  accountSummaryReadModel,
  bankingAutomations,
  createBankingWithReadSide,
  oversizedBonusAutomation,
  type BankingEventEnvelope,
  type BankingWithReadSide,
} from '../support/fixtures/bank-read-side.js';
import { startEventSourcingDbTestServer, type EventSourcingDbTestServer } from '../support/eventsourcingdb/server.js';
import { postgresServerUrl, postgresTestBackends, withServerClient } from '../support/postgres.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-read-side-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A clock the test moves. */
function manualClock(start = '2030-01-01T00:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms) => void (at += ms) };
}

interface Opened {
  /** Every component in one backend; personal data keys in another. */
  readonly options: Pick<DomainOptions, 'store' | 'keys' | 'readModels' | 'leases' | 'checkpoints' | 'deadLetters' | 'schedules'>;
  /** The backend of every component but the keys. */
  backend(): Promise<Backend>;
  /** The raw event store (no GDPR layer), to write what an older release wrote. */
  events(): Promise<EventStore>;
  /** The files to scan for plaintext, where the backend has files. */
  readonly rawFiles?: () => string[];
  /** Everything the database holds, as text (PostgreSQL), to scan for plaintext. */
  readonly rawText?: () => Promise<string>;
  close(): Promise<void>;
}

interface TestTarget {
  readonly name: string;
  /** A backend over fresh storage, or (`reuse`) another one over the storage of the last (a restart). */
  open(reuse?: boolean): Promise<Opened>;
}

const opened = (backend: Backend, keys: Backend, rawFiles?: () => string[]): Opened => ({
  options: { store: backend, keys },
  backend: async () => backend,
  events: () => backend.component('events'),
  ...(rawFiles === undefined ? {} : { rawFiles }),
  close: async () => {
    await backend.close();
    await keys.close();
  },
});

const targets: TestTarget[] = [];
{
  let memory: { backend: Backend; keys: Backend } | undefined;
  targets.push({
    name: 'memory',
    async open(reuse) {
      if (!reuse || memory === undefined) memory = { backend: await openMemoryBackend(), keys: await openMemoryBackend() };
      const { backend, keys } = memory;
      // A restart keeps the process memory: only the last one closes it.
      return { ...opened(backend, keys), close: async () => undefined };
    },
  });
}
{
  let dir = '';
  targets.push({
    name: 'SQLite',
    async open(reuse) {
      if (!reuse || dir === '') dir = mkdtempSync(join(root, 'sqlite-'));
      const folder = dir;
      return opened(await openSqliteBackend({ path: join(folder, 'app.db') }), await openSqliteBackend({ path: join(folder, 'keys.db') }), () =>
        readdirSync(folder)
          .filter((name) => name.startsWith('app.db'))
          .map((name) => join(folder, name)),
      );
    },
  });
}
for (const target of postgresTestBackends()) {
  const backends: Backend[] = [];
  const track = async (config: Promise<PostgresBackendConfig & { readonly schema: string }>): Promise<{ backend: Backend; config: PostgresBackendConfig & { readonly schema: string } }> => {
    const resolved = await config;
    const backend = await openPostgresBackend(resolved);
    backends.push(backend);
    return { backend, config: resolved };
  };
  afterAll(async () => {
    for (const backend of backends.splice(0)) await backend.close();
    await target.cleanup();
  });
  targets.push({
    name: target.name,
    async open(reuse) {
      const { backend, config } = await track(reuse === true ? target.again() : target.fresh());
      // Keys in the same schema here: another backend over it.
      const keys = (await track(target.again())).backend;
      return { ...opened(backend, keys), rawText: () => schemaText(config), close: async () => undefined };
    },
  });
}

/** Every row of every table in the schema, as text: what a raw look at the database finds. */
async function schemaText(config: PostgresBackendConfig & { readonly schema: string }): Promise<string> {
  const tablesSql = `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${config.schema}'`;
  const dump = async (query: (sql: string) => Promise<readonly Record<string, unknown>[]>): Promise<string> => {
    const parts: string[] = [];
    for (const { name } of await query(tablesSql)) parts.push(JSON.stringify(await query(`SELECT t::text AS row FROM ${config.schema}."${String(name)}" t`)));
    return parts.join('\n');
  };
  if ('pglite' in config) return dump(async (sql) => (await config.pglite.query(sql)).rows as Record<string, unknown>[]);
  if (postgresServerUrl === undefined) throw new Error('no server');
  return withServerClient(postgresServerUrl, (client) => dump(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]));
}

{
  // Events in EventSourcingDB (a protocol-faithful test server on a real socket), everything else
  // (read models, leases, checkpoints, schedules) in SQLite: the split an EventSourcingDB user runs.
  const servers: EventSourcingDbTestServer[] = [];
  afterAll(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });
  let current: { server: EventSourcingDbTestServer; dir: string } | undefined;
  targets.push({
    name: 'EventSourcingDB with SQLite beside it',
    async open(reuse) {
      if (!reuse || current === undefined) {
        const server = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200 });
        servers.push(server);
        current = { server, dir: mkdtempSync(join(root, 'esdb-')) };
      }
      const { server, dir } = current;
      const events = await openEventSourcingDbBackend({ url: server.url, apiToken: server.apiToken });
      const rest = await openSqliteBackend({ path: join(dir, 'app.db') });
      const keys = await openSqliteBackend({ path: join(dir, 'keys.db') });
      return {
        options: { store: events, keys, readModels: rest, leases: rest, checkpoints: rest, deadLetters: rest, schedules: rest },
        backend: async () => rest,
        events: () => events.component('events'),
        close: async () => {
          await events.close();
          await rest.close();
          await keys.close();
        },
      };
    },
  });
}

for (const backend of targets) {
  describe(`read side of a domain on ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    const open = async (settings: { reuse?: boolean; automations?: 'none' | 'welcome' | 'all' | 'oversized'; clock?: () => Date; processing?: DomainOptions['processing'] } = {}): Promise<BankingWithReadSide> => {
      const storage = await backend.open(settings.reuse);
      const automations =
        settings.automations === 'all'
          ? bankingAutomations
          : settings.automations === 'welcome'
            ? { WelcomeBonus: bankingAutomations.WelcomeBonus }
            : settings.automations === 'oversized'
              ? { OversizedBonus: oversizedBonusAutomation }
              : {};
      const domain = createBankingWithReadSide(
        { ...storage.options, ...(settings.clock === undefined ? {} : { clock: settings.clock }), processing: { retry: { maxAttempts: 2, baseDelayMs: 1 }, pollIntervalMs: 20, ...settings.processing } },
        automations,
      );
      cleanups.push(storage.close, () => domain.close());
      return domain;
    };
    const openAccount = async (domain: BankingWithReadSide, ownerName = 'Ada Lovelace'): Promise<{ accountId: string; ownerId: string }> => {
      const ids = { accountId: randomUUID(), ownerId: randomUUID() };
      await domain.execute('OpenAccount', { ...ids, ownerName });
      return ids;
    };

    it('projects rows that get, find and count read back, typed, after catchUp', async () => {
      const domain = await open();
      const a = await openAccount(domain);
      const b = await openAccount(domain, 'Grace Hopper');
      await domain.execute('Deposit', { accountId: a.accountId, amount: 70 });
      await domain.execute('Deposit', { accountId: a.accountId, amount: 30 });
      await domain.execute('Withdraw', { accountId: a.accountId, amount: 40 });
      await domain.execute('Deposit', { accountId: b.accountId, amount: 5 });
      expect(await domain.readModels.AccountSummary.get(a.accountId)).toBeUndefined();
      await domain.catchUp();
      const row = await domain.readModels.AccountSummary.get(a.accountId);
      expect(row).toEqual({ accountId: a.accountId, ownerId: a.ownerId, ownerName: 'Ada Lovelace', balance: 60, status: 'open', deposits: 2 });
      const balance: number | undefined = row?.balance;
      expect(balance).toBe(60);
      const page = await domain.readModels.AccountSummary.find({ where: { status: 'open' }, orderBy: 'balance', direction: 'desc' });
      expect(page.rows.map((r) => r.accountId)).toEqual([a.accountId, b.accountId]);
      expect(page.next).toBeUndefined();
      const first = await domain.readModels.AccountSummary.find({ orderBy: 'balance', limit: 1 });
      expect(first.rows.map((r) => r.balance)).toEqual([5]);
      const second = await domain.readModels.AccountSummary.find({ orderBy: 'balance', limit: 1, after: first.next });
      expect(second.rows.map((r) => r.balance)).toEqual([60]);
      expect(second.next).toBeUndefined();
      expect(await domain.readModels.AccountSummary.count({ status: 'open' })).toBe(2);
      expect(await domain.readModels.AccountSummary.count({ status: 'closed' })).toBe(0);
      await domain.execute('Withdraw', { accountId: a.accountId, amount: 60 });
      await domain.execute('Close', { accountId: a.accountId });
      await domain.catchUp();
      expect(await domain.readModels.AccountSummary.get(a.accountId)).toBeUndefined();
      expect(await domain.readModels.AccountSummary.count()).toBe(1);
      const status = await domain.status();
      expect(status.processors).toEqual([expect.objectContaining({ name: 'banking.readModel.AccountSummary', kind: 'read-model', state: 'idle', error: undefined })]);
      expect(status.processors[0]?.counters).toMatchObject({ deadLettered: 0 });
    });

    it('rebuilds a read model whose shape changed beside the old version, then switches over and drops the old table', async () => {
      const domain = await open();
      const { accountId } = await openAccount(domain);
      await domain.execute('Deposit', { accountId, amount: 5 });
      await domain.catchUp();
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ deposits: 1, balance: 5 });
      await domain.close();
      // The next release counts a deposit as two (a changed projection: a new shape hash).
      const original = accountSummaryReadModel.on.MoneyDeposited;
      if (original === undefined) throw new Error('fixture');
      const changed = {
        ...accountSummaryReadModel,
        shapeHash: 'f'.repeat(64),
        on: { ...accountSummaryReadModel.on, MoneyDeposited: { key: original.key, apply: (row: Parameters<typeof original.apply>[0], event: Parameters<typeof original.apply>[1], key: string) => {
          const next = original.apply(row, event, key);
          return next === undefined || next === 'delete' ? next : { ...next, deposits: next.deposits + 1 };
        } } },
      };
      const storage = await backend.open(true);
      const next = createDomainRuntime<BankingAggregates, CommandDataByName<BankingAggregates>, { AccountSummary: typeof changed }>(
        { name: 'banking', aggregates: bankingAggregates, readModels: { AccountSummary: changed } },
        storage.options,
      );
      cleanups.push(storage.close, () => next.close());
      await next.catchUp();
      expect(await next.readModels.AccountSummary.get(accountId)).toMatchObject({ deposits: 2, balance: 5 });
      const readModels = await (await storage.backend()).component('readModels');
      expect((await readModels.versions('banking', 'AccountSummary')).map((v) => [v.shapeHash, v.status])).toEqual([['f'.repeat(64), 'active']]);
    });

    it('refuses a bad key or query with a ValidationError naming it', async () => {
      const domain = await open();
      await expect(domain.readModels.AccountSummary.get('')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      // @ts-expect-error -- not an indexed field
      await expect(domain.readModels.AccountSummary.find({ where: { ownerName: 'x' } })).rejects.toThrow(/where\.ownerName is not an indexed field/);
      // @ts-expect-error -- wrong type
      await expect(domain.readModels.AccountSummary.count({ balance: 'lots' })).rejects.toThrow(/must be an integer/);
    });

    it('applies each event exactly once: the rows equal a fresh rebuild, whatever the page size and however often catchUp runs', async () => {
      const domain = await open({ processing: { batchSize: 3 } });
      const accounts = [];
      for (let i = 0; i < 5; i++) accounts.push(await openAccount(domain, `Owner ${i}`));
      for (let round = 0; round < 4; round++) {
        for (const account of accounts) await domain.execute('Deposit', { accountId: account.accountId, amount: round + 1 });
        await domain.catchUp();
      }
      await domain.catchUp();
      const before = (await domain.readModels.AccountSummary.find({ limit: 100 })).rows;
      expect(before.map((row) => row.deposits)).toEqual([4, 4, 4, 4, 4]);
      expect(before.map((row) => row.balance)).toEqual([10, 10, 10, 10, 10]);
      await domain.rebuild('AccountSummary');
      expect((await domain.readModels.AccountSummary.find({ limit: 100 })).rows).toEqual(before);
    });

    it('hands read models and subscribers the current version of old stored events, typed and decoded', async () => {
      const domain = await open();
      const { accountId } = await openAccount(domain);
      const storage = await backend.open(true);
      cleanups.push(storage.close);
      // A version-1 MoneyDeposited written by an older release.
      const stream = `banking/Account/${accountId}`;
      const store = await storage.events();
      const appended = await store.append(stream, [{ type: 'MoneyDeposited', data: { amount: 25 }, schemaVersion: 1 }], { expectedVersion: 1 });
      await domain.catchUp();
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ balance: 25, deposits: 1 });
      const seen: BankingEventEnvelope[] = [];
      const subscription = await domain.subscribe({
        name: 'audit',
        on: ['MoneyDeposited'],
        handle: (event) => {
          expectTypeOf(event.type).toEqualTypeOf<'MoneyDeposited'>(); // `on` narrows the handler's event
          seen.push(event);
        },
      });
      await subscription.waitFor(appended.events[0]?.position ?? Number.NaN);
      await subscription.stop();
      expect(seen).toHaveLength(1);
      const event = seen[0];
      if (event?.type !== 'MoneyDeposited') throw new Error('expected a deposit');
      expect(event.schemaVersion).toBe(2);
      expect(event.data).toEqual({ amount: 25, balanceAfter: 0 });
      expect(event.aggregate).toBe('Account');
      expect(event.aggregateId).toBe(accountId);
    });

    it('runs an automation once per event, even when the event is delivered again', async () => {
      const domain = await open({ automations: 'welcome' });
      const { accountId } = await openAccount(domain);
      await domain.catchUp();
      expect((await domain.load('Account', accountId)).state.balance).toBe(10);
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ balance: 10, deposits: 1 });
      // A restart that lost the checkpoint redelivers every event: the derived command ids make it a no-op.
      await domain.close();
      const again = await open({ reuse: true, automations: 'welcome', processing: { automationsStartAt: 'beginning' } });
      await again.catchUp();
      expect((await again.load('Account', accountId)).state.balance).toBe(10);
      expect((await again.load('Account', accountId)).version).toBe(2);
    });

    it('links the events a reaction caused to the event that triggered it', async () => {
      const domain = await open({ automations: 'welcome' });
      const { accountId } = await openAccount(domain);
      await domain.catchUp();
      const storage = await backend.open(true);
      cleanups.push(storage.close);
      const events = [];
      for await (const event of (await storage.events()).readStream(`banking/Account/${accountId}`)) events.push(event);
      expect(events.map((e) => e.type)).toEqual(['AccountOpened', 'MoneyDeposited']);
      expect(events[1]?.metadata.causationId).toBe(events[0]?.id);
      expect(events[1]?.metadata.correlationId).toBe(events[0]?.metadata.correlationId);
    });

    it('runs a delayed command once when due by the injected clock, and not before', async () => {
      const clock = manualClock();
      const domain = await open({ automations: 'all', clock: clock.now });
      const { accountId } = await openAccount(domain);
      await domain.catchUp();
      expect((await domain.load('Account', accountId)).state.balance).toBe(10);
      expect((await domain.status()).scheduled).toBe(1);
      clock.advance(7 * 86_400_000 - 1);
      await domain.catchUp();
      expect((await domain.load('Account', accountId)).state.balance).toBe(10);
      clock.advance(1);
      await domain.catchUp();
      expect((await domain.load('Account', accountId)).state.balance).toBe(15);
      expect((await domain.status()).scheduled).toBe(0);
      await domain.catchUp();
      expect((await domain.load('Account', accountId)).state.balance).toBe(15);
    });

    if (backend.name !== 'memory') {
      it('keeps a delayed command across a restart', async () => {
        const clock = manualClock();
        const domain = await open({ automations: 'all', clock: clock.now });
        const { accountId } = await openAccount(domain);
        await domain.catchUp();
        await domain.close();
        clock.advance(8 * 86_400_000);
        const again = await open({ reuse: true, automations: 'all', clock: clock.now });
        await again.catchUp();
        expect((await again.load('Account', accountId)).state.balance).toBe(15);
      });
    }

    it('ends an ignored domain error quietly', async () => {
      const clock = manualClock();
      const domain = await open({ automations: 'all', clock: clock.now });
      const { accountId } = await openAccount(domain);
      await domain.catchUp();
      await domain.execute('Withdraw', { accountId, amount: 10 });
      await domain.execute('Close', { accountId });
      clock.advance(8 * 86_400_000);
      await domain.catchUp();
      const loyalty = (await domain.status()).processors.find((p) => p.name === 'banking.automation.LoyaltyBonus');
      expect(loyalty?.counters).toMatchObject({ ignored: 1, failed: 0 });
      expect(await (await domain.deadLetters()).list()).toEqual([]);
    });

    it('dead-letters a reaction that fails for any other reason, goes on, and redrives it', async () => {
      const domain = await open({ automations: 'oversized' });
      const first = await openAccount(domain);
      const second = await openAccount(domain);
      await domain.catchUp();
      const letters = await (await domain.deadLetters()).list();
      expect(letters.map((letter) => [letter.handler, letter.error.code, letter.event.type])).toEqual([
        ['banking.automation.OversizedBonus', 'LimitExceeded', 'AccountOpened'],
        ['banking.automation.OversizedBonus', 'LimitExceeded', 'AccountOpened'],
      ]);
      expect(letters[0]?.attempts).toBe(1);
      const status = (await domain.status()).processors.find((p) => p.kind === 'automation');
      expect(status).toMatchObject({ state: 'idle', counters: expect.objectContaining({ failed: 2, executed: 0 }) });
      // The domain still works, and the automation's position moved past both events.
      expect((await domain.load('Account', second.accountId)).state.balance).toBe(0);
      const redriven = await domain.redrive(letters[0]?.id ?? '');
      expect(redriven).toMatchObject({ status: 'failed', letter: { attempts: 2 } });
      expect((await (await domain.deadLetters()).list()).length).toBe(2);
      await expect(domain.redrive('no-such-letter')).rejects.toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
      void first;
    });

    it('stops a failing read model with a typed error and no skipped event, and resumes after a rebuild', async () => {
      let failing = true;
      const original = accountSummaryReadModel.on.MoneyDeposited;
      if (original === undefined) throw new Error('fixture');
      const handlers = accountSummaryReadModel.on as { MoneyDeposited: typeof original };
      handlers.MoneyDeposited = {
        key: original.key,
        apply: (row, event, key) => {
          if (failing) throw new Error('projection bug');
          return original.apply(row, event, key);
        },
      };
      try {
        const domain = await open();
        const { accountId } = await openAccount(domain);
        await domain.execute('Deposit', { accountId, amount: 3 });
        await expect(domain.catchUp()).rejects.toBeInstanceOf(ProcessorFailedError);
        const status = (await domain.status()).processors[0];
        expect(status?.state).toBe('failed');
        expect(status?.error?.message).toBe('projection bug');
        await expect(domain.catchUp()).rejects.toThrow(/projection bug/);
        expect(await domain.readModels.AccountSummary.get(accountId)).toBeUndefined();
        failing = false;
        await domain.rebuild('AccountSummary');
        await domain.catchUp();
        expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ balance: 3 });
      } finally {
        handlers.MoneyDeposited = original;
      }
    });

    it('runs in the background after start(): rows follow commands without catchUp', async () => {
      const domain = await open({ automations: 'welcome' });
      await domain.start();
      const { accountId } = await openAccount(domain);
      for (let i = 0; i < 100; i++) {
        const row = await domain.readModels.AccountSummary.get(accountId);
        if (row?.balance === 10) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ balance: 10, status: 'open' });
      expect((await domain.status()).processors.map((p) => p.state)).toEqual(['running', 'running']);
    });

    it('keeps personal data in rows encrypted at rest and reads it as erased after forget', async () => {
      const domain = await open();
      const name = `Secret-${randomUUID()}`;
      const { accountId, ownerId } = await openAccount(domain, name);
      await domain.catchUp();
      expect(await domain.readModels.AccountSummary.get(accountId)).toMatchObject({ ownerName: name });
      const storage = await backend.open(true);
      cleanups.push(storage.close);
      await domain.forget(ownerId);
      const row = await domain.readModels.AccountSummary.get(accountId);
      expect(row).toMatchObject({ accountId, ownerId, status: 'open' });
      expect(row?.ownerName).toBeUndefined();
      for (const file of storage.rawFiles?.() ?? []) expect(readFileSync(file).includes(Buffer.from(name)), file).toBe(false);
      const text = await storage.rawText?.();
      if (text !== undefined) {
        expect(text).toContain('orx-pii:1:');
        expect(text).not.toContain(name);
      }
    });
  });
}
