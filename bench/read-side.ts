// Read models and automations, measured against floors in the same run (alternating rounds):
//
// 1. Rebuild: the banking AccountSummary read model (test/support/fixtures/bank-read-side.ts) rebuilt
//    from a 100,000-event log (1,000 accounts x 100 events), against a raw loop that reads the same
//    pages, computes the same rows with a plain switch, and writes them with the same statements in
//    the same transactions (one per page, with the position). Targets: >= 50% of the raw loop, and
//    >= 50,000 events/s on SQLite.
// 2. Reactions: WelcomeBonus (AccountOpened -> Deposit) end to end (event appended -> command
//    executed -> its event appended) by catchUp, against executing the same Deposit commands
//    directly. Target: >= 50% of the plain command throughput.
// 3. Inline projection: Deposit commands on one account each, with AccountSummary
//    projected inline in every append's transaction (processing.inline) against the same commands
//    with no read model work; the ratio is what inline projection costs a single-event append.
//
//   node --import ./test/support/ts-loader/register.mjs bench/read-side.ts [--events 100000] [--reactions 2000] [--rounds 3] [--only sqlite|postgres]
//
// PostgreSQL runs when ORCHESTRIX_PG_URL is set (its own schema, dropped afterwards).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openBackend, type Backend, type DomainOptions, type EventEnvelope, type EventStore, type NewEvent } from '../runtime/index.js';
import { PositionMovedError } from '../runtime/readmodel/store.js';
import { postgresDialect, sqliteDialect, tableNameOf, upsertManyText, upsertText, type SqlDialect } from '../runtime/readmodel/sql.js';
import { accountSummaryReadModel, bankingAutomations, createBankingWithReadSide } from '../test/support/fixtures/bank-read-side.js';
import { connectionStringOf } from '../test/readmodel/fixtures/stores.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    reactions: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    inline: { type: 'string', default: '2000' },
  },
});
const EVENTS = Number(args.events);
const REACTIONS = Number(args.reactions);
const ROUNDS = Number(args.rounds);
const INLINE = Number(args.inline);
const PER_ACCOUNT = 100;
const PAGE = 500;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const load = (): string => loadavg().map((n) => n.toFixed(2)).join(' ');
const dir = mkdtempSync(join(tmpdir(), 'orchestrix-bench-read-side-'));

interface Target {
  readonly name: string;
  /** A fresh storage location for openTestStores. */
  fresh(): string;
  /** The raw floor: rebuild the same rows with plain SQL over the same storage. */
  raw(target: string, store: EventStore): Promise<void>;
  cleanup(): Promise<void>;
}

/** The rows of AccountSummary computed with a plain switch (the floor does no validation, decoding or encryption). */
type Row = { accountId: string; ownerId?: string; ownerName?: string; balance: number; status: string; deposits: number };
function applyRaw(rows: Map<string, Row | null>, stored: (key: string) => Row | undefined, event: { type: string; streamId: string; data: unknown; schemaVersion: number }): void {
  const key = event.streamId.slice(event.streamId.lastIndexOf('/') + 1);
  const data = event.data as Record<string, unknown>;
  const current = rows.has(key) ? (rows.get(key) ?? undefined) : stored(key);
  const base = current ?? { accountId: key, balance: 0, status: 'pending', deposits: 0 };
  switch (event.type) {
    case 'AccountOpened':
      rows.set(key, { ...base, ownerId: data['ownerId'] as string, ownerName: data['ownerName'] as string, status: 'open' });
      break;
    case 'MoneyDeposited':
      rows.set(key, { ...base, balance: base.balance + (data['amount'] as number), deposits: base.deposits + 1 });
      break;
    case 'MoneyWithdrawn':
      if (current !== undefined) rows.set(key, { ...current, balance: current.balance - (data['amount'] as number) });
      break;
    case 'AccountClosed':
      rows.set(key, null);
      break;
  }
}

async function seed(store: EventStore): Promise<number> {
  const accounts = Math.max(1, Math.floor(EVENTS / PER_ACCOUNT));
  let appended = 0;
  for (let a = 0; a < accounts; a++) {
    const accountId = randomUUID();
    const events: NewEvent[] = [{ type: 'AccountOpened', data: { ownerId: randomUUID(), ownerName: `Owner ${a}` } }];
    let balance = 0;
    for (let i = 1; i < PER_ACCOUNT; i++) {
      if (i % 4 === 3) {
        balance -= 1;
        events.push({ type: 'MoneyWithdrawn', data: { amount: 1, balanceAfter: balance } });
      } else {
        balance += 2;
        events.push({ type: 'MoneyDeposited', data: { amount: 2, balanceAfter: balance }, schemaVersion: 2 });
      }
    }
    await store.append(`banking/Account/${accountId}`, events, { expectedVersion: 'no_stream' });
    appended += events.length;
  }
  return appended;
}

const targets: Target[] = [];
if (args.only === undefined || args.only === 'sqlite') {
  targets.push({
    name: 'SQLite (file, WAL)',
    fresh: () => `sqlite:${join(dir, `${randomUUID()}.db`)}`,
    async raw(target, store) {
      const db = new Database(target.slice('sqlite:'.length));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      const spec = { ...accountSummaryReadModel, domain: 'bench-raw' };
      const table = sqliteDialect.table(tableNameOf(spec));
      db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.exec(`CREATE TABLE ${table} ("_key" TEXT NOT NULL PRIMARY KEY, "_row" TEXT NOT NULL, "status" TEXT, "balance" INTEGER)`);
      db.exec(`CREATE INDEX ${sqliteDialect.table(`${tableNameOf(spec)}_i0`)} ON ${table} ("status", "_key")`);
      db.exec(`CREATE INDEX ${sqliteDialect.table(`${tableNameOf(spec)}_i1`)} ON ${table} ("balance", "_key")`);
      db.exec('CREATE TABLE IF NOT EXISTS bench_raw_position (name TEXT PRIMARY KEY, position INTEGER NOT NULL)');
      db.prepare("INSERT OR REPLACE INTO bench_raw_position VALUES ('raw', 0)").run();
      const select = db.prepare<[string], { row: string }>(`SELECT "_row" AS row FROM ${table} WHERE "_key" = ?`);
      const upsert = db.prepare(upsertText(sqliteDialect, spec));
      const remove = db.prepare(`DELETE FROM ${table} WHERE "_key" = ?`);
      const move = db.prepare<[number, number]>("UPDATE bench_raw_position SET position = ? WHERE name = 'raw' AND position = ?");
      const commit = db.transaction((from: number, through: number, rows: Map<string, Row | null>) => {
        if (move.run(through, from).changes !== 1) throw new PositionMovedError('raw', from, undefined);
        for (const [key, row] of rows) {
          if (row === null) remove.run(key);
          else upsert.run(key, JSON.stringify(row), row.status, row.balance);
        }
      });
      let at = 0;
      for (;;) {
        const page: EventEnvelope[] = [];
        for await (const event of store.readAll({ after: at, limit: PAGE })) page.push(event);
        const last = page[page.length - 1];
        if (last === undefined) break;
        const rows = new Map<string, Row | null>();
        const stored = (key: string): Row | undefined => {
          const found = select.get(key);
          return found === undefined ? undefined : (JSON.parse(found.row) as Row);
        };
        for (const event of page) applyRaw(rows, stored, event);
        commit.immediate(at, last.position, rows);
        at = last.position;
      }
      db.close();
    },
    cleanup: async () => undefined,
  });
}
const pgUrl = process.env['ORCHESTRIX_PG_URL'];
const pgSchemas: string[] = [];
if (pgUrl !== undefined && (args.only === undefined || args.only === 'postgres')) {
  targets.push({
    name: 'PostgreSQL server',
    fresh: () => {
      const schema = `bench_rs_${process.pid}_${pgSchemas.length}`;
      pgSchemas.push(schema);
      return `postgres:${pgUrl}#${schema}`;
    },
    async raw(target, store) {
      const schema = target.split('#')[1] ?? '';
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      const driver = {
        exec: async (sql: string) => void (await client.query(sql)),
        query: async <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => (await client.query<R>(sql, params)).rows,
      };
      const dialect: SqlDialect = postgresDialect(schema);
      const spec = { ...accountSummaryReadModel, domain: 'bench-raw' };
      const table = dialect.table(tableNameOf(spec));
      await driver.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} ("_key" text COLLATE "C" NOT NULL PRIMARY KEY, "_row" jsonb NOT NULL, "status" text COLLATE "C", "balance" bigint);
        CREATE INDEX ON ${table} ("status" NULLS FIRST, "_key"); CREATE INDEX ON ${table} ("balance" NULLS FIRST, "_key");
        CREATE TABLE IF NOT EXISTS ${schema}.bench_raw_position (name text PRIMARY KEY, position bigint NOT NULL);
        INSERT INTO ${schema}.bench_raw_position VALUES ('raw', 0) ON CONFLICT (name) DO UPDATE SET position = 0`);
      const upsertMany = upsertManyText(dialect, spec);
      let at = 0;
      for (;;) {
        const page: EventEnvelope[] = [];
        for await (const event of store.readAll({ after: at, limit: PAGE })) page.push(event);
        const last = page[page.length - 1];
        if (last === undefined) break;
        const keys = [...new Set(page.map((event) => event.streamId.slice(event.streamId.lastIndexOf('/') + 1)))];
        const found = await driver.query<{ key: string; row: Row }>(`SELECT "_key" AS key, "_row" AS row FROM ${table} WHERE "_key" = ANY($1::text[])`, [keys]);
        const storedRows = new Map(found.map((row) => [row.key, row.row]));
        const rows = new Map<string, Row | null>();
        for (const event of page) applyRaw(rows, (key) => storedRows.get(key), event);
        const upserts = [...rows].filter((entry): entry is [string, Row] => entry[1] !== null);
        const from = at;
        await driver.exec('BEGIN');
        const moved = await driver.query(`UPDATE ${schema}.bench_raw_position SET position = $1 WHERE name = 'raw' AND position = $2 RETURNING position`, [last.position, from]);
        if (moved.length !== 1) throw new PositionMovedError('raw', from, undefined);
        await driver.query(upsertMany, [upserts.map(([key]) => key), upserts.map(([, row]) => JSON.stringify(row)), upserts.map(([, row]) => row.status), upserts.map(([, row]) => row.balance)]);
        await driver.exec('COMMIT');
        at = last.position;
      }
      await client.end();
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      for (const schema of pgSchemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  });
}

const settle = { processing: { batchSize: PAGE, pollIntervalMs: 50, catchUpTimeoutMs: 3_600_000 } } as const;

console.log(`read side benchmark: ${EVENTS} events to rebuild, ${REACTIONS} reactions, ${ROUNDS} alternating rounds; load ${load()}`);
for (const target of targets) {
  const location = target.fresh();
  const backend: Backend = await openBackend(connectionStringOf(location));
  const store = await backend.component('events');
  const options: DomainOptions = { store: backend, ...settle };
  const events = await seed(store);
  const domain = createBankingWithReadSide(options, {});
  await domain.catchUp();
  const ours: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    await domain.rebuild('AccountSummary');
    ours.push(events / ((performance.now() - started) / 1000));
    started = performance.now();
    await target.raw(location, store);
    raw.push(events / ((performance.now() - started) / 1000));
  }
  console.log(
    `${target.name}: rebuild ${events} events: Orchestrix ${Math.round(median(ours))} events/s, raw loop ${Math.round(median(raw))} events/s, ratio ${(median(ours) / median(raw)).toFixed(2)} (rounds: ${ours.map(Math.round).join(', ')} / ${raw.map(Math.round).join(', ')}); load ${load()}`,
  );
  await domain.close();
  await backend.close();

  // Reactions: a fresh storage per round so every round does the same work.
  const reacted: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const reactionBackend = await openBackend(connectionStringOf(target.fresh()));
    const reactive = createBankingWithReadSide({ store: reactionBackend, ...settle }, { WelcomeBonus: bankingAutomations.WelcomeBonus });
    const accounts: string[] = [];
    await reactive.catchUp();
    // The openings are appended with the automation idle; catchUp then runs every reaction.
    const idle = createBankingWithReadSide({ store: reactionBackend, ...settle }, {});
    for (let i = 0; i < REACTIONS; i++) {
      const accountId = randomUUID();
      accounts.push(accountId);
      await idle.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
    }
    let started = performance.now();
    await reactive.catchUp();
    reacted.push(REACTIONS / ((performance.now() - started) / 1000));
    started = performance.now();
    for (const accountId of accounts) await idle.execute('Deposit', { accountId, amount: 10 });
    plain.push(REACTIONS / ((performance.now() - started) / 1000));
    await reactive.close();
    await idle.close();
    await reactionBackend.close();
  }
  await measureInline(target.name, () => target.fresh());
  console.log(
    `${target.name}: ${REACTIONS} reactions: ${Math.round(median(reacted))} reactions/s end to end, plain Deposit commands ${Math.round(median(plain))}/s, ratio ${(median(reacted) / median(plain)).toFixed(2)} (rounds: ${reacted.map(Math.round).join(', ')} / ${plain.map(Math.round).join(', ')}); load ${load()}`,
  );
}
/** Single-event appends (Deposit) with AccountSummary inline against none, alternating rounds on fresh files. */
async function measureInline(name: string, fresh: () => string): Promise<void> {
  const withInline: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const inline of [true, false]) {
      const backend = await openBackend(connectionStringOf(fresh()));
      const domain = createBankingWithReadSide({ store: backend, ...settle, processing: { ...settle.processing, ...(inline ? { inline: ['AccountSummary'] } : {}) } }, {});
      const accountId = randomUUID();
      await domain.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      const started = performance.now();
      for (let i = 0; i < INLINE; i++) await domain.execute('Deposit', { accountId, amount: 1 });
      (inline ? withInline : without).push(INLINE / ((performance.now() - started) / 1000));
      if (inline && (await domain.readModels.AccountSummary.get(accountId))?.deposits !== INLINE) throw new Error('inline projection missed deposits');
      await domain.close();
      await backend.close();
    }
  }
  console.log(
    `${name}: ${INLINE} single-event appends (Deposit): with AccountSummary inline ${Math.round(median(withInline))}/s, without ${Math.round(median(without))}/s, ratio ${(median(withInline) / median(without)).toFixed(2)} (rounds: ${withInline.map(Math.round).join(', ')} / ${without.map(Math.round).join(', ')}); load ${load()}`,
  );
}

for (const target of targets) await target.cleanup();
rmSync(dir, { recursive: true, force: true });
