// Orchestrix beside Emmett on the same bank-account decider, the same zod schemas and the same work.
// Every scenario runs both sides in alternating rounds within one process (the order flips each
// round), so the ratio compares work done under the same load on a shared machine; each side's
// figure is the median over rounds, and the ratio is ours / Emmett in throughput (higher is better).
//
//   cd bench/peers && npm ci && npm run bench -- [--rounds 5] [--only memory,postgres,sqlite] [--scenario TEXT] [--json]
//   (needs PostgreSQL: ORCHESTRIX_PG_URL, default postgres://postgres@127.0.0.1:5432/test; the
//   harness creates and drops its own databases, orx_peers_bench, orx_peers_bench_log and
//   orx_peers_bench_rm, beside it; --accounts 200 --per-account 100 size the read-model rebuild's log)
//
// What is and is not like for like is written next to each scenario and in BENCHMARKS.md.
import { randomUUID } from 'node:crypto';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandHandler, getInMemoryEventStore, type EventStore as EmmettEventStore } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { getSQLiteEventStore, SQLiteConnectionPool, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import { dumbo } from '@event-driven-io/dumbo';
import pg from 'pg';
import {
  createAggregateRepository,
  createInMemoryEventStore,
  openPostgresBackend,
  openSqliteBackend,
  streamIdOf,
  type EventStore,
  type NewEvent,
} from '../../runtime/index.js';
import {
  AccountClosedSchema,
  accountDefinition,
  AccountOpenedSchema,
  CloseSchema,
  createBanking,
  DepositSchema,
  MoneyDepositedSchema,
  MoneyWithdrawnSchema,
  OpenAccountSchema,
  WithdrawSchema,
  decideAccount,
  evolveAccount,
  initialAccountState,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '../../test/support/fixtures/bank-account.js';
import type { Scenario, Side } from './harness.js';
import { readModelScenarios } from './read-models.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    only: { type: 'string', default: 'memory,postgres,sqlite' },
    scenario: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
    // the read-model rebuild's log: accounts x events per account
    accounts: { type: 'string', default: '200' },
    'per-account': { type: 'string', default: '100' },
  },
});
const ROUNDS = Number(args.rounds);
const ONLY = new Set(String(args.only).split(','));
const BASE_URL = process.env.ORCHESTRIX_PG_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = 'orx_peers_bench';
/** Emmett keeps one log per database: the read-the-whole-log scenario gets a database of its own. */
const LOG_DATABASE = 'orx_peers_bench_log';
const urlOf = (database: string) => {
  const url = new URL(BASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
/** And the read-model rebuild another, so that its log holds only the events it rebuilds from. */
const READ_MODEL_DATABASE = 'orx_peers_bench_rm';
const DATABASES = [DATABASE, LOG_DATABASE, READ_MODEL_DATABASE];
const PG_URL = urlOf(DATABASE);
const LOG_URL = urlOf(LOG_DATABASE);

// ---- the shared domain: Emmett runs the fixture's own decide, evolve and zod schemas ------------

const commandSchemas = { OpenAccount: OpenAccountSchema, Deposit: DepositSchema, Withdraw: WithdrawSchema, Close: CloseSchema };
const eventSchemas = { AccountOpened: AccountOpenedSchema, MoneyDeposited: MoneyDepositedSchema, MoneyWithdrawn: MoneyWithdrawnSchema, AccountClosed: AccountClosedSchema };

/**
 * Emmett's side of a command: validate the command with its zod schema, decide with the fixture's
 * `decideAccount` on the folded state, validate each event with its zod schema (Orchestrix does both
 * validations), then append with the stream's expected version (CommandHandler does that).
 */
const emmettHandle = CommandHandler<AccountState, AccountEvent>({ evolve: evolveAccount, initialState: () => initialAccountState });
async function emmettExecute(store: EmmettEventStore, type: AccountCommand['type'], input: Record<string, unknown>): Promise<void> {
  const data = commandSchemas[type].parse(input);
  await emmettHandle(store, `Account-${data.accountId}`, (state: AccountState) => {
    if (type !== 'OpenAccount' && state.status === 'pending') throw new Error('account does not exist');
    const events = decideAccount(state, { type, data } as AccountCommand, { id: data.accountId, now: new Date().toISOString() });
    return events.map((event) => ({ type: event.type, data: eventSchemas[event.type].parse(event.data) }) as AccountEvent);
  });
}

// ---- measurement ------------------------------------------------------------------------------

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Runs `work` and returns `units` per second of wall time. */
async function throughput(units: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return units / ((performance.now() - started) / 1000);
}

/** `count` calls of `step(i)`, by `concurrency` async loops. */
async function loops(concurrency: number, count: number, step: (loop: number, i: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      for (let i = 0; i < count; i++) await step(loop, i);
    }),
  );
}

// ---- in-memory commands ---------------------------------------------------------------------

const ACCOUNTS = 100;
const DEPOSITS = 50; // per account: streams grow to 51 events, 26 on average

function memoryCommands(options: { readonly cacheSize: number }): Side {
  return {
    async setup() {
      const banking = createBanking({ store: createInMemoryEventStore(), cacheSize: options.cacheSize });
      const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
      for (const accountId of ids) await banking.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      return {
        run: () => throughput(ACCOUNTS * DEPOSITS, () => loops(1, ACCOUNTS * DEPOSITS, async (_, i) => void (await banking.execute('Deposit', { accountId: ids[i % ACCOUNTS] ?? '', amount: 10 })))),
        close: () => banking.close(),
      };
    },
  };
}

function emmettMemoryCommands(): Side {
  return {
    async setup() {
      const store = getInMemoryEventStore();
      const ids = Array.from({ length: ACCOUNTS }, () => randomUUID());
      for (const accountId of ids) await emmettExecute(store, 'OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      return {
        run: () => throughput(ACCOUNTS * DEPOSITS, () => loops(1, ACCOUNTS * DEPOSITS, (_, i) => emmettExecute(store, 'Deposit', { accountId: ids[i % ACCOUNTS] ?? '', amount: 10 }))),
        close: async () => undefined,
      };
    },
  };
}

// ---- rehydration of one 10,000-event stream ---------------------------------------------------

const STREAM_EVENTS = 10_000;
const LOADS = 10;

function depositEvents(from: number, to: number): NewEvent[] {
  const events: NewEvent[] = [];
  for (let version = from; version <= to; version++) {
    events.push(
      version === 1
        ? { type: 'AccountOpened', data: { ownerId: randomUUID(), ownerName: 'Ada' }, schemaVersion: 1 }
        : { type: 'MoneyDeposited', data: { amount: 1, balanceAfter: version - 1 }, schemaVersion: 2, metadata: { correlationId: randomUUID(), causationId: randomUUID() } },
    );
  }
  return events;
}

function oursRehydrate(open: () => Promise<{ store: EventStore; close: () => Promise<void> }>): Side {
  return {
    async setup() {
      const { store, close } = await open();
      const id = randomUUID();
      const streamId = streamIdOf(accountDefinition, id);
      const events = depositEvents(1, STREAM_EVENTS);
      for (let start = 0; start < events.length; start += 1000) await store.append(streamId, events.slice(start, start + 1000));
      const repository = createAggregateRepository(accountDefinition, { store });
      return {
        run: async () => {
          const times: number[] = [];
          for (let i = 0; i < LOADS; i++) {
            const started = performance.now();
            const loaded = await repository.load(id);
            times.push(performance.now() - started);
            if (loaded.version !== STREAM_EVENTS) throw new Error(`ours: folded ${loaded.version} events`);
          }
          return 1000 / median(times);
        },
        close,
      };
    },
  };
}

function emmettRehydrate(open: () => Promise<{ store: EmmettEventStore; close: () => Promise<void> }>): Side {
  return {
    async setup() {
      const { store, close } = await open();
      const stream = `Account-${randomUUID()}`;
      const events = depositEvents(1, STREAM_EVENTS).map((e) => ({ type: e.type, data: e.data, ...(e.metadata === undefined ? {} : { metadata: e.metadata }) }));
      for (let start = 0; start < events.length; start += 1000) await store.appendToStream(stream, events.slice(start, start + 1000) as AccountEvent[]);
      return {
        run: async () => {
          const times: number[] = [];
          for (let i = 0; i < LOADS; i++) {
            const started = performance.now();
            const result = await store.aggregateStream<AccountState, AccountEvent>(stream, { evolve: evolveAccount, initialState: () => initialAccountState });
            times.push(performance.now() - started);
            if (Number(result.currentStreamVersion) !== STREAM_EVENTS) throw new Error(`Emmett: folded ${result.currentStreamVersion} events`);
          }
          return 1000 / median(times);
        },
        close,
      };
    },
  };
}

// ---- appends ----------------------------------------------------------------------------------

const STREAMS_PER_WRITER = 20;

function batchOf(size: number, writer: number, n: number): NewEvent[] {
  return Array.from({ length: size }, (_, i) => ({
    type: 'MoneyDeposited',
    data: { amount: 100 + i, balanceAfter: 1000 + n },
    schemaVersion: 2,
    metadata: { correlationId: `cmd-${writer}-${n}` },
  }));
}

/** Appends per writer for a round: about the same number of events whatever the batch size. */
const appendsPerWriter = (writers: number, batch: number, budget: number) => Math.max(2, Math.round(budget / writers / batch));

function oursAppends(open: () => Promise<{ store: EventStore; close: () => Promise<void> }>, writers: number, batch: number, budget: number): Side {
  return {
    async setup() {
      const { store, close } = await open();
      await store.append(`warm-up-${randomUUID()}`, batchOf(1, 0, 0)); // schema and connections ready, untimed
      const prefix = randomUUID();
      const versions = new Map<string, number>();
      const count = appendsPerWriter(writers, batch, budget);
      return {
        run: () =>
          throughput(writers * count * batch, () =>
            loops(writers, count, async (writer, n) => {
              const streamId = `account-${prefix}-${writer}-${n % STREAMS_PER_WRITER}`;
              const result = await store.append(streamId, batchOf(batch, writer, n), { expectedVersion: versions.get(streamId) ?? 'no_stream' });
              versions.set(streamId, result.nextExpectedVersion);
            }),
          ),
        close,
      };
    },
  };
}

function emmettAppends(open: () => Promise<{ store: EmmettEventStore; close: () => Promise<void> }>, writers: number, batch: number, budget: number): Side {
  return {
    async setup() {
      const { store, close } = await open();
      await store.appendToStream(`warm-up-${randomUUID()}`, batchOf(1, 0, 0) as AccountEvent[]); // schema and connections ready, untimed
      const prefix = randomUUID();
      const versions = new Map<string, bigint>();
      const count = appendsPerWriter(writers, batch, budget);
      return {
        run: () =>
          throughput(writers * count * batch, () =>
            loops(writers, count, async (writer, n) => {
              const stream = `account-${prefix}-${writer}-${n % STREAMS_PER_WRITER}`;
              const events = batchOf(batch, writer, n).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })) as AccountEvent[];
              const result = await store.appendToStream(stream, events, { expectedStreamVersion: versions.get(stream) ?? 'STREAM_DOES_NOT_EXIST' });
              versions.set(stream, result.nextExpectedStreamVersion as bigint);
            }),
          ),
        close,
      };
    },
  };
}

// ---- end-to-end commands on PostgreSQL ----------------------------------------------------------

const PG_ACCOUNTS = 16;

function oursPgCommands(callers: number, commands: number): Side {
  return {
    async setup() {
      const { store, close } = await openOursPostgres();
      const banking = createBanking({ store });
      const ids = Array.from({ length: Math.max(PG_ACCOUNTS, callers) }, () => randomUUID());
      for (const accountId of ids) await banking.execute('OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      return {
        run: () => throughput(callers * commands, () => loops(callers, commands, async (caller, i) => void (await banking.execute('Deposit', { accountId: ids[callers > 1 ? caller : i % ids.length] ?? '', amount: 10 })))),
        close: async () => {
          await banking.close();
          await close();
        },
      };
    },
  };
}

function emmettPgCommands(callers: number, commands: number): Side {
  return {
    async setup() {
      const { store, close } = await openEmmettPostgres();
      const ids = Array.from({ length: Math.max(PG_ACCOUNTS, callers) }, () => randomUUID());
      for (const accountId of ids) await emmettExecute(store, 'OpenAccount', { accountId, ownerId: randomUUID(), ownerName: 'Ada' });
      return {
        run: () => throughput(callers * commands, () => loops(callers, commands, (caller, i) => emmettExecute(store, 'Deposit', { accountId: ids[callers > 1 ? caller : i % ids.length] ?? '', amount: 10 }))),
        close,
      };
    },
  };
}

// ---- reading the whole log (PostgreSQL) ---------------------------------------------------------

const LOG_EVENTS = 50_000;
let oursLog: { store: EventStore; close: () => Promise<void> } | undefined;
let emmettLogWritten = false;

function oursReadAll(): Side {
  return {
    async setup() {
      if (oursLog === undefined) {
        oursLog = await openOursPostgres();
        const prefix = randomUUID();
        for (let n = 0; n < LOG_EVENTS / 100; n++) await oursLog.store.append(`account-${prefix}-${n % 100}`, batchOf(100, 0, n));
      }
      const { store } = oursLog;
      return {
        run: () =>
          throughput(LOG_EVENTS, async () => {
            let seen = 0;
            for await (const _ of store.readAll()) seen += 1;
            if (seen !== LOG_EVENTS) throw new Error(`ours: read ${seen} events`);
          }),
        close: async () => undefined,
      };
    },
  };
}

function emmettReadAll(): Side {
  return {
    async setup() {
      if (!emmettLogWritten) {
        const { store, close } = await openEmmettPostgres(LOG_URL);
        const prefix = randomUUID();
        for (let n = 0; n < LOG_EVENTS / 100; n++) {
          await store.appendToStream(`account-${prefix}-${n % 100}`, batchOf(100, 0, n).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })) as AccountEvent[]);
        }
        await close();
        emmettLogWritten = true;
      }
      const pool = dumbo({ connectionString: LOG_URL });
      return {
        run: () =>
          throughput(LOG_EVENTS, async () => {
            let after = 0n;
            let seen = 0;
            for (;;) {
              const batch = await readMessagesBatch(pool.execute, { after, batchSize: 1000 });
              seen += batch.messages.length;
              if (batch.messages.length === 0 || !batch.areMessagesLeft) break;
              after = batch.currentGlobalPosition;
            }
            if (seen !== LOG_EVENTS) throw new Error(`Emmett: read ${seen} events`);
          }),
        close: () => pool.close(),
      };
    },
  };
}

// ---- stores -------------------------------------------------------------------------------------

let schemas = 0;
async function openOursPostgres(): Promise<{ store: EventStore; close: () => Promise<void> }> {
  const backend = await openPostgresBackend({ connectionString: PG_URL, schema: `orx_${process.pid}_${(schemas += 1)}` });
  return { store: await backend.component('events'), close: () => backend.close() };
}

async function openEmmettPostgres(url = PG_URL): Promise<{ store: EmmettEventStore & { close(): Promise<void> }; close: () => Promise<void> }> {
  const store = getPostgreSQLEventStore(url);
  return { store, close: () => store.close() };
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'orx-peers-'));
const sqliteFile = () => join(sqliteDir, `${randomUUID()}.db`);

const openOursMemory = async () => {
  const store = createInMemoryEventStore();
  return { store, close: () => store.close() };
};
const openEmmettMemory = async () => ({ store: getInMemoryEventStore(), close: async () => undefined });
const openOursSqlite = (synchronous: 'NORMAL' | 'FULL') => async () => {
  const backend = await openSqliteBackend({ path: sqliteFile(), synchronous });
  return { store: await backend.component('events'), close: () => backend.close() };
};
const openEmmettSqlite = async () => {
  // One connection held open for the store's life, as ours does: by default Emmett opens and closes
  // a connection for every call on a file database.
  const fileName = sqliteFile();
  const connection = sqliteConnection({ fileName });
  const pool = SQLiteConnectionPool({ fileName, connectionOptions: { singleton: true, connection } });
  const store = getSQLiteEventStore({ fileName, pool, schema: { autoMigration: 'CreateOrUpdate' } });
  return { store, close: async () => connection.close() };
};

// ---- the scenarios --------------------------------------------------------------------------------

const readModels = readModelScenarios({
  accounts: Number(args.accounts),
  perAccount: Number(args['per-account']),
  page: 500,
  oursUrl: PG_URL,
  oursSchema: `orx_${process.pid}_read_models`,
  emmettUrl: urlOf(READ_MODEL_DATABASE),
  sqliteFile,
});

const scenarios: Scenario[] = [
  { group: 'memory', name: 'in-memory commands, default (no state cache)', unit: 'commands/s', ours: memoryCommands({ cacheSize: 0 }), emmett: emmettMemoryCommands() },
  {
    group: 'memory',
    name: 'in-memory commands, ours with cacheSize 10,000',
    unit: 'commands/s',
    note: 'Emmett has no state cache: its side is the default path',
    ours: memoryCommands({ cacheSize: 10_000 }),
    emmett: emmettMemoryCommands(),
  },
  { group: 'memory', name: 'in-memory rehydration, 10,000 events, no snapshot', unit: 'loads/s', ours: oursRehydrate(openOursMemory), emmett: emmettRehydrate(openEmmettMemory) },
  { group: 'postgres', name: 'PostgreSQL rehydration, 10,000 events, no snapshot', unit: 'loads/s', ours: oursRehydrate(openOursPostgres), emmett: emmettRehydrate(openEmmettPostgres) },
  ...[
    [1, 1, 200],
    [1, 100, 3000],
    [16, 1, 800],
    [16, 100, 6400],
  ].map(([writers = 1, batch = 1, budget = 100]) => ({
    group: 'postgres' as const,
    name: `PostgreSQL appends, ${writers} writer(s) x ${batch}-event batches`,
    unit: 'events/s',
    ours: oursAppends(openOursPostgres, writers, batch, budget),
    emmett: emmettAppends(openEmmettPostgres, writers, batch, budget),
  })),
  { group: 'postgres', name: 'PostgreSQL commands, 1 caller', unit: 'commands/s', ours: oursPgCommands(1, 100), emmett: emmettPgCommands(1, 100) },
  { group: 'postgres', name: 'PostgreSQL commands, 16 callers (one account each)', unit: 'commands/s', ours: oursPgCommands(16, 15), emmett: emmettPgCommands(16, 15) },
  {
    group: 'postgres',
    name: `PostgreSQL: read the whole log (${LOG_EVENTS.toLocaleString('en-US')} events)`,
    unit: 'events/s',
    note: "ours decodes full envelopes through readAll; Emmett's readMessagesBatch pages of 1,000",
    ours: oursReadAll(),
    emmett: emmettReadAll(),
  },
  ...[
    [1, 300],
    [100, 5000],
  ].flatMap(([batch = 1, budget = 100]) => [
    {
      group: 'sqlite' as const,
      name: `SQLite appends, ${batch}-event batches, ours at its default (synchronous NORMAL)`,
      unit: 'events/s',
      note: 'durability differs: ours NORMAL, Emmett FULL (an fsync per commit); drivers differ: better-sqlite3 vs node-sqlite3; both hold one connection',
      ours: oursAppends(openOursSqlite('NORMAL'), 1, batch, budget),
      emmett: emmettAppends(openEmmettSqlite, 1, batch, budget),
    },
    {
      group: 'sqlite' as const,
      name: `SQLite appends, ${batch}-event batches, both synchronous FULL`,
      unit: 'events/s',
      note: 'both WAL + FULL; drivers differ: better-sqlite3 (synchronous) vs node-sqlite3 (asynchronous); both hold one connection',
      ours: oursAppends(openOursSqlite('FULL'), 1, batch, budget),
      emmett: emmettAppends(openEmmettSqlite, 1, batch, budget),
    },
  ]),
  ...readModels.scenarios,
];

// ---- run ------------------------------------------------------------------------------------------

const load = () => execSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average/, 'load average');

async function resetDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  try {
    for (const database of DATABASES) {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await admin.end();
  }
}

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  try {
    for (const database of DATABASES) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function once(side: Side): Promise<number> {
  const { run, close } = await side.setup();
  try {
    return await run();
  } finally {
    await close();
  }
}

const selected = scenarios.filter((s) => ONLY.has(s.group) && s.name.includes(String(args.scenario)));
if (selected.some((s) => s.group === 'postgres')) await resetDatabase();
const loadBefore = load();
const rows = [];
for (const scenario of selected) {
  const ours: number[] = [];
  const emmett: number[] = [];
  const ratios: number[] = [];
  const failures: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so neither always runs on a warmer (or busier) machine.
    const sides = round % 2 === 0 ? (['ours', 'emmett'] as const) : (['emmett', 'ours'] as const);
    const figures: Partial<Record<'ours' | 'emmett', number>> = {};
    for (const side of sides) {
      try {
        figures[side] = await once(scenario[side]);
      } catch (error) {
        // A failed round is reported, not retried or dropped silently; the other rounds still count.
        failures.push(`${side === 'ours' ? 'Orchestrix' : 'Emmett'} round ${round + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (figures.ours === undefined || figures.emmett === undefined) continue;
    ours.push(figures.ours);
    emmett.push(figures.emmett);
    ratios.push(figures.ours / figures.emmett);
  }
  const note = [scenario.note ?? '', ...failures.map((f) => `failed: ${f}`)].filter((n) => n !== '').join('; ');
  const row = { scenario: scenario.name, unit: scenario.unit, ours: median(ours), emmett: median(emmett), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), note };
  rows.push(row);
  if (!args.json) process.stderr.write(`${row.scenario}: ours ${Math.round(row.ours)} / Emmett ${Math.round(row.emmett)} ${row.unit}, ${row.ratio.toFixed(2)}x\n`);
}
const loadAfter = load();
await oursLog?.close();
await readModels.close();
if (selected.some((s) => s.group === 'postgres')) await dropDatabase();
rmSync(sqliteDir, { recursive: true, force: true });

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
if (args.json) {
  console.log(JSON.stringify({ node: process.version, rounds: ROUNDS, loadBefore, loadAfter, rows }, null, 2));
} else {
  console.log(`\nOrchestrix vs Emmett 0.42, node ${process.version}, median of ${ROUNDS} alternating rounds`);
  console.log(`${loadBefore} (before), ${loadAfter} (after)\n`);
  console.log('| scenario | unit | Orchestrix | Emmett | ours / Emmett (median) | range over rounds | not like for like |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.scenario} | ${r.unit} | ${fmt(r.ours)} | ${fmt(r.emmett)} | ${r.ratio.toFixed(2)}x | ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)} | ${r.note} |`);
}
