/**
 * What the PostgreSQL adapters promise beyond the shared contract suites: the gap-free global log
 * under out-of-order commits, LISTEN/NOTIFY wake-ups (and their recovery), migrations, PGlite
 * persistence, shared drivers, errors that never show a password, and (on the server) five OS
 * processes racing through the command executor. Server-only blocks exist only when
 * ORCHESTRIX_PG_URL is set.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCommandExecutor } from '../../runtime/command/executor.js';
import { ConcurrencyError, ConfigurationError, StoreError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import type { Backend, BackendComponents, ComponentName } from '../../runtime/store/backend.js';
import { encodeEvents } from '../../runtime/store/event-codec.js';
import { openPostgresBackend, type PostgresBackendConfig } from '../../runtime/store/postgres/backend.js';
import { appendBatchesCall } from '../../runtime/store/postgres/internal/append-batches.js';
import { redactConnectionString } from '../../runtime/store/postgres/internal/redact.js';
import { schemaName } from '../../runtime/store/postgres/internal/schema.js';
import { accountDefinition, type AccountState } from '../support/fixtures/bank-account.js';
import { dropSchemas, loadPg, postgresServerUrl, postgresTestBackends, uniqueSchemaName, withServerClient } from '../support/postgres.js';

/** Long enough that a test passing with it proves the wake-up came from NOTIFY, not from the poll. */
const NO_POLLING = 600_000;

const closers: (() => Promise<void>)[] = [];
const track = <T extends { close(): Promise<void> }>(resource: T): T => {
  closers.push(() => resource.close());
  return resource;
};
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A component of a new backend on `config` (closed after the test). */
async function componentOn<N extends ComponentName>(component: N, config: PostgresBackendConfig): Promise<BackendComponents[N]> {
  const backend: Backend = track(await openPostgresBackend(config));
  return backend.component(component);
}
const eventsOn = (config: PostgresBackendConfig) => componentOn('events', config);

const backends = postgresTestBackends();
const pglite = backends.find((backend) => backend.kind === 'pglite');
const server = backends.find((backend) => backend.kind === 'pg');

for (const backend of backends) {
  describe(`PostgreSQL adapter on ${backend.name}`, () => {
    afterEach(() => backend.cleanup());

    it('wakes a waiting subscription through LISTEN/NOTIFY when another store appends', async () => {
      const reader = await eventsOn({ ...(await backend.fresh()), pollIntervalMs: NO_POLLING });
      const writer = await eventsOn(await backend.again());
      const subscription = reader.subscribe()[Symbol.asyncIterator]();
      const first = subscription.next();
      const { events } = await writer.append('notified-1', [{ type: 'Happened', data: { n: 1 } }]);
      expect((await first).value).toEqual(events[0]);
      // Once more, now that the subscription is certainly waiting on the notification.
      const second = subscription.next();
      const more = await writer.append('notified-1', [{ type: 'Happened', data: { n: 2 } }]);
      expect((await second).value).toEqual(more.events[0]);
      await subscription.return?.();
    });

    it('gives positions 1, 2, 3... with no holes, even after a failed append', async () => {
      const store = await eventsOn(await backend.fresh());
      await store.append('contiguous-1', [{ type: 'A', data: {} }, { type: 'B', data: {} }]);
      await expect(store.append('contiguous-1', [{ type: 'C', data: {} }], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append('contiguous-2', [{ type: 'D', data: {} }]);
      expect((await collect(store.readAll())).map((event) => event.position)).toEqual([1, 2, 3]);
    });

    it('commits concurrent appends together, and a batch the server rejects fails alone', async () => {
      const store = await eventsOn(await backend.fresh());
      // Sent at once: the first ones go out alone, the rest queue and go out as one group.
      const streams = ['group-1', 'group-2', 'group-3', 'group-\u0000-bad', 'group-4', 'group-5'];
      const outcomes = await Promise.allSettled(streams.map((streamId) => store.append(streamId, [{ type: 'Grouped', data: { streamId } }], { expectedVersion: 'no_stream' })));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(outcomes[3]?.status === 'rejected' ? outcomes[3].reason : undefined).toBeInstanceOf(StoreError);
      const log = await collect(store.readAll());
      expect(log.map((event) => event.streamId).sort()).toEqual(['group-1', 'group-2', 'group-3', 'group-4', 'group-5']);
      expect(log.map((event) => event.position)).toEqual([1, 2, 3, 4, 5]);
    });

    it('reads in pages (one requested ahead), honouring limits across pages; a consumer may stop early', async () => {
      const store = await eventsOn({ ...(await backend.fresh()), pageSize: 3 });
      await store.append('paged-1', Array.from({ length: 10 }, (_, n) => ({ type: 'Paged', data: { n } })));
      expect((await collect(store.readStream('paged-1'))).map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await collect(store.readStream('paged-1', { fromVersion: 2, limit: 7 }))).map((event) => event.version)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect((await collect(store.readAll({ after: 4, limit: 6 }))).map((event) => event.position)).toEqual([5, 6, 7, 8, 9, 10]);
      const seen: number[] = [];
      for await (const event of store.readAll()) {
        seen.push(event.position);
        if (seen.length === 4) break;
      }
      expect(seen).toEqual([1, 2, 3, 4]);
    });

    it('stores JSON text verbatim, NUL escapes and key order included', async () => {
      const store = await eventsOn(await backend.fresh());
      const data = { zebra: 'nul \u0000 inside', apple: [3, 2, 1], nested: { b: 1, a: 2 } };
      await store.append('verbatim-1', [{ type: 'Stored', data }]);
      const [stored] = await collect(store.readStream('verbatim-1'));
      expect(stored?.data).toEqual(data);
      expect(Object.keys(stored?.data as object)).toEqual(['zebra', 'apple', 'nested']);
    });

    it('records each component version in schema_versions and refuses a schema newer than this code', async () => {
      const config = await backend.fresh();
      await eventsOn(config);
      const snapshots = await componentOn('snapshots', config);
      const sql = rawSql(config);
      const versions = await sql(`SELECT component, version FROM ${config.schema}.schema_versions ORDER BY component`);
      expect(versions).toEqual([
        { component: 'events', version: 1 },
        { component: 'snapshots', version: 1 },
      ]);
      await snapshots.close();
      // Opening again is a no-op migration.
      await componentOn('snapshots', config);
      await sql(`UPDATE ${config.schema}.schema_versions SET version = 99 WHERE component = 'snapshots'`);
      const refused = componentOn('snapshots', config);
      await expect(refused).rejects.toBeInstanceOf(StoreError);
      await expect(refused).rejects.toThrow(/newer than this Orchestrix/);
    });

    it('opens every component over one driver, and keeps it open for the others while one closes', async () => {
      const config = await backend.fresh();
      const { schema } = config;
      const shared = track(await openPostgresBackend(config));
      const events = await shared.component('events');
      const snapshots = await shared.component('snapshots');
      const checkpoints = await shared.component('checkpoints');
      const deadLetters = await shared.component('deadLetters');
      const sql = rawSql(config);
      const { events: [appended] } = await events.append('shared-1', [{ type: 'Happened', data: {} }]);
      await snapshots.save({ streamId: 'shared-1', version: 1, stateSchemaHash: 'h', state: { n: 1 }, takenAt: '2025-01-01T00:00:00.000Z' });
      await checkpoints.save('projection', appended?.position ?? 0);
      await deadLetters.add({ handler: 'h', event: appended as EventEnvelope, error: { name: 'Error', message: 'x' }, attempts: 1, failedAt: '2025-01-01T00:00:00.000Z' });
      await events.close();
      await expect(events.append('shared-1', [{ type: 'Late', data: {} }])).rejects.toThrow(/event store is closed/);
      expect(await checkpoints.load('projection')).toBe(appended?.position);
      const tables = await sql(`SELECT component FROM ${schema}.schema_versions ORDER BY component`);
      expect(tables.map((row) => row['component'])).toEqual(['checkpoints', 'dead_letters', 'events', 'snapshots']);
      expect(await sql(`SELECT count(*)::int AS n FROM ${schema}.events`)).toEqual([{ n: 1 }]);
      // Asking again opens the component again; closing the backend closes every component.
      expect(await (await shared.component('events')).streamVersion('shared-1')).toBe(1);
      await shared.close();
      await expect(snapshots.load('shared-1')).rejects.toThrow(/snapshot store is closed/);
      await expect(shared.component('events')).rejects.toThrow(/backend at .* is closed/);
    });
  });
}

/** Raw SQL on the test database, beside the backend (the shared PGlite, or a client of its own on the server). */
function rawSql(config: PostgresBackendConfig): (text: string) => Promise<Record<string, unknown>[]> {
  if ('pglite' in config) return async (text) => (await config.pglite.query(text)).rows as Record<string, unknown>[];
  if ('connectionString' in config) return (text) => withServerClient(config.connectionString, async (client) => (await client.query(text)).rows as Record<string, unknown>[]);
  throw new Error('unexpected test target');
}

if (pglite !== undefined) {
  describe('PGlite in a directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'orchestrix-pglite-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('keeps its events when reopened, and positions continue', async () => {
      const dataDir = join(root, 'store');
      const first = await openPostgresBackend({ dataDir });
      const before = await (await first.component('events')).append('persist-1', [{ type: 'One', data: { n: 1 } }, { type: 'Two', data: { n: 2 } }]);
      await first.close();

      const reopened = await eventsOn({ dataDir });
      expect(await collect(reopened.readStream('persist-1'))).toEqual(before.events);
      const after = await reopened.append('persist-1', [{ type: 'Three', data: {} }], { expectedVersion: 2 });
      expect(after.events[0]?.position).toBe(3);
    });
  });
}

describe('PostgreSQL configuration errors', () => {
  it('refuses a schema name that is not a plain lowercase identifier', async () => {
    for (const bad of ['Orchestrix', 'drop table;', '1abc', 'pg_catalog', 'a'.repeat(49)]) {
      expect(() => schemaName(bad)).toThrow(ConfigurationError);
    }
    expect(() => openPostgresBackend({ connectionString: 'postgres://u@127.0.0.1:1/db', schema: 'Bad-Name' })).toThrow(ConfigurationError);
  });

  it('names a malformed connection string without its password', async () => {
    const attempt = openPostgresBackend({ connectionString: 'mysql://ada:hunter2@db.example/app' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(/postgres:\/\/ or postgresql:\/\/, not mysql:\/\//);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('reports an unreachable server as a StoreError that names the target but not the password', async () => {
    const error = await openPostgresBackend({ connectionString: 'postgres://ada:hunter2@127.0.0.1:1/app' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as StoreError).message;
    expect(message).toContain('postgres://ada:***@127.0.0.1:1/app');
    expect(message).not.toContain('hunter2');
  });

  it('redacts passwords in URL and keyword connection strings', () => {
    expect(redactConnectionString('postgresql://ada:p%40ss@host:5432/db?sslmode=require')).toBe('postgresql://ada:***@host:5432/db?sslmode=require');
    expect(redactConnectionString('host=db user=ada password=s3cret dbname=app')).toBe('host=db user=ada password=*** dbname=app');
    expect(redactConnectionString('postgres://ada@host/db')).toBe('postgres://ada@host/db');
  });
});

if (server !== undefined && postgresServerUrl !== undefined) {
  const url = postgresServerUrl;

  describe('PostgreSQL server: the global log under concurrent transactions', () => {
    afterEach(() => server.cleanup());

    it('never lets a reader skip an event that commits late: a later appender waits for the open transaction, and both arrive in position order', async () => {
      const config = await server.fresh();
      const store = await eventsOn({ ...config, pollIntervalMs: NO_POLLING });
      const schema = schemaName(config.schema);
      const subscription = store.subscribe()[Symbol.asyncIterator]();

      await withServerClient(url, async (slow) => {
        // A: appends inside a transaction it keeps open (the very statement the store sends).
        await slow.query('BEGIN');
        const call = appendBatchesCall(schema, [{ streamId: 'slow-1', events: encodeEvents('slow-1', [{ type: 'Slow', data: {} }]), expected: 'any', idempotencyKey: undefined }]);
        await slow.query(call.text, [...call.params]);

        // B: appends to another stream through the store, and must queue behind A.
        let fastDone = false;
        const fast = store.append('fast-1', [{ type: 'Fast', data: {} }]).finally(() => {
          fastDone = true;
        });
        await waitFor(() => appendersWaiting(url, config.schema), (waiting) => waiting === 1, 'B to wait for the position allocator');
        expect(fastDone).toBe(false);

        // A reader now sees neither event: nothing is visible above a position that is not yet committed.
        expect(await collect(store.readAll())).toEqual([]);
        const pending = subscription.next();

        await slow.query('COMMIT');
        const fastResult = await fast;
        const delivered = [(await pending).value, (await subscription.next()).value] as EventEnvelope[];
        expect(delivered.map((event) => event.streamId)).toEqual(['slow-1', 'fast-1']);
        expect(delivered.map((event) => event.position)).toEqual([1, 2]);
        expect(delivered[1]).toEqual(fastResult.events[0]);
        expect(await collect(store.readAll())).toEqual(delivered);
      });
      await subscription.return?.();
    });

    it('rolls back a held transaction without leaving a gap or blocking the next appender for good', async () => {
      const config = await server.fresh();
      const store = await eventsOn(config);
      const schema = schemaName(config.schema);
      await withServerClient(url, async (aborted) => {
        await aborted.query('BEGIN');
        const call = appendBatchesCall(schema, [{ streamId: 'aborted-1', events: encodeEvents('aborted-1', [{ type: 'Never', data: {} }]), expected: 'any', idempotencyKey: undefined }]);
        await aborted.query(call.text, [...call.params]);
        const next = store.append('kept-1', [{ type: 'Kept', data: {} }]);
        await waitFor(() => appendersWaiting(url, config.schema), (waiting) => waiting === 1, 'the appender to wait');
        await aborted.query('ROLLBACK');
        expect((await next).events[0]?.position).toBe(1);
      });
      expect((await collect(store.readAll())).map((event) => [event.streamId, event.position])).toEqual([['kept-1', 1]]);
    });

    it('migrates once when many stores open the same new schema at the same moment', async () => {
      const config = await server.fresh();
      const single = { ...config, poolSize: 1 };
      await Promise.all([
        ...Array.from({ length: 4 }, () => componentOn('events', single)),
        componentOn('snapshots', single),
        componentOn('checkpoints', single),
        componentOn('deadLetters', single),
      ]);
      const rows = await withServerClient(url, async (client) => (await client.query(`SELECT component, version FROM ${config.schema}.schema_versions ORDER BY component`)).rows);
      expect(rows).toEqual([
        { component: 'checkpoints', version: 1 },
        { component: 'dead_letters', version: 1 },
        { component: 'events', version: 1 },
        { component: 'snapshots', version: 1 },
      ]);
    });

    it('recovers LISTEN after its connection is killed, without waiting for the poll', async () => {
      const config = await server.fresh();
      const reader = await eventsOn({ ...config, pollIntervalMs: NO_POLLING });
      const writer = await eventsOn(config);
      const subscription = reader.subscribe()[Symbol.asyncIterator]();
      const first = subscription.next();
      await writer.append('listen-1', [{ type: 'Before', data: {} }]);
      expect((await first).value?.type).toBe('Before');

      const channel = `${config.schema}_events`;
      const killed = await withServerClient(url, async (client) => {
        const result = await client.query<{ killed: boolean }>(
          'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()',
          [`LISTEN ${channel}`],
        );
        return result.rows.map((row) => row.killed);
      });
      expect(killed).toEqual([true]);
      const next = subscription.next();
      // Appended while the listener may still be down: the re-established listener wakes the reader.
      await writer.append('listen-1', [{ type: 'After', data: {} }]);
      expect((await next).value?.type).toBe('After');
      await subscription.return?.();
    });

    it('works on a caller-owned pg Pool, which it leaves open', async () => {
      const { schema } = await server.fresh();
      const pool = new (loadPg().Pool)({ connectionString: url, max: 2 });
      try {
        const backend = await openPostgresBackend({ pool, schema });
        await (await backend.component('events')).append('pool-1', [{ type: 'Pooled', data: {} }]);
        await backend.close();
        const result = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.events`);
        expect(result.rows[0]?.n).toBe(1);
      } finally {
        await pool.end();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------

const WRITERS = 4;
const COMMANDS_PER_WRITER = 50;
const ACCOUNTS = 3;
const CHILD_TIMEOUT_MS = 170_000;

const run = promisify(execFile);
const runChild = (script: string, args: readonly string[]) =>
  run(process.execPath, ['--import', './test/support/ts-loader/register.mjs', `test/store/fixtures/${script}`, ...args], {
    cwd: process.cwd(),
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });

interface WriterReport {
  readonly conflicts: number;
  readonly executed: number;
  readonly duplicates: number;
  readonly errors: readonly string[];
}

if (postgresServerUrl !== undefined) {
  const url = postgresServerUrl;
  const schema = uniqueSchemaName('mp');
  afterAll(() => dropSchemas(url, [schema]));

  // Four writers execute Deposit commands through the runtime's command executor against three
  // shared accounts, while a fifth process subscribes to the global log.
  describe('PostgreSQL server, five OS processes', () => {
    it(
      'executes racing commands without losing, doubling or reordering an event; a subscriber process sees each exactly once, in position order',
      async () => {
        const backend = await openPostgresBackend({ connectionString: url, schema, poolSize: 3 });
        const store = await backend.component('events');
        const snapshots = await backend.component('snapshots');
        try {
          const executor = createCommandExecutor(accountDefinition, { store, snapshots });
          const accounts = Array.from({ length: ACCOUNTS }, () => randomUUID());
          for (const accountId of accounts) await executor.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });

          const parties = String(WRITERS + 1);
          const deposits = WRITERS * COMMANDS_PER_WRITER;
          const [subscriber, ...writers] = await Promise.all([
            runChild('postgres-subscriber.ts', [url, schema, parties, String(deposits)]),
            ...Array.from({ length: WRITERS }, (_, writer) =>
              runChild('postgres-writer.ts', [url, schema, String(writer), parties, String(COMMANDS_PER_WRITER), accounts.join(',')]),
            ),
          ]);

          // Every command executed once; conflicts happened and were surfaced as ConcurrencyError, then retried.
          const reports = writers.map(({ stdout }) => JSON.parse(stdout) as WriterReport);
          for (const report of reports) expect(report).toMatchObject({ executed: COMMANDS_PER_WRITER, duplicates: 0, errors: [] });
          const conflicts = reports.reduce((sum, report) => sum + report.conflicts, 0);
          expect(conflicts).toBeGreaterThan(0);

          // The log: positions 1..N with no hole, each event once, every command's deposit exactly once.
          const log = await collect(store.readAll());
          expect(log.map((event) => event.position)).toEqual(log.map((_, index) => index + 1));
          expect(new Set(log.map((event) => event.id)).size).toBe(log.length);
          const amounts = log.filter((event) => event.type === 'MoneyDeposited').map((event) => (event.data as { amount: number }).amount);
          const expectedAmounts = Array.from({ length: WRITERS }, (_, writer) => Array.from({ length: COMMANDS_PER_WRITER }, (_, n) => writer * 1000 + n + 1)).flat();
          expect(amounts.sort((a, b) => a - b)).toEqual(expectedAmounts.sort((a, b) => a - b));

          // The subscriber process was delivered exactly the log, in order.
          const delivered = (JSON.parse(subscriber.stdout) as { events: [number, string, string, number][] }).events;
          expect(delivered).toEqual(log.map((event) => [event.position, event.id, event.streamId, event.version]));

          // Each account: contiguous versions, and every decision was taken on the latest state.
          for (const accountId of accounts) {
            const streamId = `${accountDefinition.category}/${accountId}`;
            const stream = await collect(store.readStream(streamId));
            expect(stream.map((event) => event.version)).toEqual(stream.map((_, index) => index + 1));
            const balances = balancesAfterEachEvent(stream);
            const loaded = await executor.load(accountId);
            expect(loaded.version).toBe(stream.length);
            expect(loaded.state.balance).toBe(balances.at(-1));
            const snapshot = await snapshots.load(streamId);
            if (snapshot !== undefined) expect((snapshot.state as AccountState).balance).toBe(balances[snapshot.version - 1]);
          }
        } finally {
          await backend.close();
        }
      },
      CHILD_TIMEOUT_MS + 30_000,
    );
  });
}

/** Balance after each event, checking that every MoneyDeposited's balanceAfter continues the previous one. */
function balancesAfterEachEvent(stream: readonly EventEnvelope[]): number[] {
  let balance = 0;
  return stream.map((event) => {
    if (event.type === 'MoneyDeposited') {
      const { amount, balanceAfter } = event.data as { amount: number; balanceAfter: number };
      expect(balanceAfter).toBe(balance + amount);
      balance = balanceAfter;
    }
    return balance;
  });
}

/** Sessions waiting for the append lock of `schema` (the position allocator). */
async function appendersWaiting(url: string, schema: string): Promise<number> {
  return withServerClient(url, async (client) => {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
      [`orchestrix.append.${schema}`],
    );
    return result.rows[0]?.n ?? 0;
  });
}

/** Polls `probe` until `done` holds (bounded, so a broken build fails instead of hanging). */
async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Gave up waiting for ${what}`);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
