// Read-model rebuild, Orchestrix beside Emmett: the banking AccountSummary (one row per account:
// owner, balance, status, deposit count; closed accounts deleted) rebuilt from scratch over the same
// stored events, on PostgreSQL and on SQLite.
//
// Ours: `rebuild('AccountSummary')` of the bank-account fixture's read model
// (test/support/fixtures/bank-read-side.ts), the generated shape: it drops the rows and projects the
// log again in pages (one transaction per page, rows and position together).
// Emmett on PostgreSQL: the same rows as a Pongo document collection (`pongoSingleStreamProjection`,
// its documented way to keep a read model there), rebuilt by `rebuildPostgreSQLProjections` (its
// consumer with `truncateOnStart`, stopping when no messages are left).
// Emmett on SQLite (no Pongo, no rebuild helper there): a `sqliteProjection` writing a table with one
// statement per event, rebuilt as its consumer allows: empty the table, then a processor from the
// beginning of the log that stops after the last event.
// In memory Emmett has nothing to rebuild with: its in-memory store has no log to consume in order.
//
// Both logs hold the same events in the same order: accounts written in interleaved chunks, so a
// page of the log touches many rows. Setup (writing the log, the first build) is untimed and done
// once; every round rebuilds over the rows the previous one left. After each rebuild the run checks
// the row count and sample rows against the rows computed here, on both sides.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import type { Event as EmmettEvent, ReadEvent } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, pongoSingleStreamProjection, rebuildPostgreSQLProjections } from '@event-driven-io/emmett-postgresql';
import { getSQLiteEventStore, SQLiteConnectionPool, sqliteConnection, sqliteProjection, type SQLiteConnection, type SQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { openPostgresBackend, openSqliteBackend, type Backend, type EventStore, type NewEvent } from '../../runtime/index.js';
import { createBankingWithReadSide, type AccountSummaryRow, type BankingWithReadSide } from '../../test/support/fixtures/bank-read-side.js';
import type { Scenario, Side } from './harness.js';

export interface RebuildOptions {
  /** Accounts in the log; each has `perAccount` events (opened, then deposits and withdrawals; every tenth closed at the end). */
  readonly accounts: number;
  readonly perAccount: number;
  /** Events per page (ours) and per pulled batch (Emmett): one transaction each on both sides. */
  readonly page: number;
  /** Ours: its events database and a schema of its own there. */
  readonly oursUrl: string;
  readonly oursSchema: string;
  /** Emmett: a database of its own (Emmett keeps one log per database). */
  readonly emmettUrl: string;
  /** A new SQLite file name, for each side's SQLite log. */
  readonly sqliteFile: () => string;
}

/** Events appended per account per append call: accounts interleave in the log in chunks of this size. */
const CHUNK = 25;

type BankEvent =
  | { type: 'AccountOpened'; data: { ownerId: string; ownerName: string } }
  | { type: 'MoneyDeposited'; data: { amount: number; balanceAfter: number } }
  | { type: 'MoneyWithdrawn'; data: { amount: number; balanceAfter: number } }
  | { type: 'AccountClosed'; data: { closedAt: string } };

interface Log {
  readonly accounts: readonly { readonly id: string; readonly events: readonly BankEvent[] }[];
  readonly events: number;
  /** The rows every rebuild must produce, by account id. */
  readonly expected: ReadonlyMap<string, AccountSummaryRow>;
}

/** The log both sides store, and the rows it folds to (computed here, by neither side's code). */
function makeLog(options: RebuildOptions): Log {
  const accounts = [];
  const expected = new Map<string, AccountSummaryRow>();
  let total = 0;
  for (let a = 0; a < options.accounts; a++) {
    const id = randomUUID();
    const ownerId = randomUUID();
    const closes = a % 10 === 9;
    const events: BankEvent[] = [{ type: 'AccountOpened', data: { ownerId, ownerName: `Owner ${a}` } }];
    let balance = 0;
    let deposits = 0;
    for (let i = 1; i < options.perAccount; i++) {
      if (closes && i === options.perAccount - 1) events.push({ type: 'AccountClosed', data: { closedAt: '2026-12-07T12:00:00.000Z' } });
      else if (i % 4 === 3) {
        balance -= 1;
        events.push({ type: 'MoneyWithdrawn', data: { amount: 1, balanceAfter: balance } });
      } else {
        balance += 2;
        deposits += 1;
        events.push({ type: 'MoneyDeposited', data: { amount: 2, balanceAfter: balance } });
      }
    }
    accounts.push({ id, events });
    total += events.length;
    if (!closes) expected.set(id, { accountId: id, ownerId, ownerName: `Owner ${a}`, balance, status: 'open', deposits });
  }
  return { accounts, events: total, expected };
}

/** Appends the log through `append(accountIndex, events)`, accounts interleaved chunk by chunk. */
async function writeLog(log: Log, append: (account: number, events: readonly BankEvent[], first: boolean) => Promise<void>): Promise<void> {
  const longest = Math.max(...log.accounts.map((account) => account.events.length));
  for (let from = 0; from < longest; from += CHUNK) {
    for (let a = 0; a < log.accounts.length; a++) {
      const chunk = log.accounts[a]?.events.slice(from, from + CHUNK) ?? [];
      if (chunk.length > 0) await append(a, chunk, from === 0);
    }
  }
}

/** Throws unless `count` and the rows `get` returns for a few accounts (one of them closed) are the expected ones. */
async function verify(side: string, log: Log, count: number, get: (id: string) => Promise<Record<string, unknown> | undefined>): Promise<void> {
  if (count !== log.expected.size) throw new Error(`${side}: ${count} rows after the rebuild, expected ${log.expected.size}`);
  const open = [...log.expected.keys()];
  const closed = log.accounts.find((account) => !log.expected.has(account.id))?.id;
  const samples = [open[0], open[Math.floor(open.length / 2)], open[open.length - 1], closed].filter((id): id is string => id !== undefined);
  for (const id of samples) {
    const row = await get(id);
    const want = log.expected.get(id);
    const same = want === undefined ? row === undefined : row !== undefined && Object.keys(want).length === Object.keys(row).length && Object.entries(want).every(([k, v]) => row[k] === v);
    if (!same) throw new Error(`${side}: row ${id} is ${JSON.stringify(row)}, expected ${JSON.stringify(want)}`);
  }
}

// ---- ours ---------------------------------------------------------------------------------------

function oursRebuild(log: () => Log, options: RebuildOptions, open: () => Promise<Backend>): Side & { close(): Promise<void> } {
  let opened: { backend: Backend; domain: BankingWithReadSide } | undefined;
  return {
    async setup() {
      if (opened === undefined) {
        const backend = await open();
        const store: EventStore = await backend.component('events');
        const events = log();
        await writeLog(events, async (a, chunk, first) => {
          const stored: NewEvent[] = chunk.map((event) => (event.type === 'MoneyDeposited' ? { ...event, schemaVersion: 2 } : event));
          await store.append(`banking/Account/${events.accounts[a]?.id ?? ''}`, stored, first ? { expectedVersion: 'no_stream' } : {});
        });
        const domain = createBankingWithReadSide({ store: backend, processing: { batchSize: options.page, catchUpTimeoutMs: 3_600_000 } }, {});
        await domain.catchUp(); // the first build: every round is then a rebuild over existing rows
        opened = { backend, domain };
      }
      const { domain } = opened;
      const events = log();
      return {
        run: async () => {
          const started = performance.now();
          await domain.rebuild('AccountSummary');
          const rate = events.events / ((performance.now() - started) / 1000);
          const rows = domain.readModels.AccountSummary;
          await verify('ours', events, await rows.count(), async (id) => await rows.get(id));
          return rate;
        },
        close: async () => undefined,
      };
    },
    async close() {
      await opened?.domain.close();
      await opened?.backend.close();
      opened = undefined;
    },
  };
}

// ---- Emmett -------------------------------------------------------------------------------------

type SummaryDocument = AccountSummaryRow & { _id?: string; _version?: bigint };
const COLLECTION = 'account_summary';
const accountOf = (event: ReadEvent<EmmettBankEvent>) => event.metadata.streamName.slice('Account-'.length);
type EmmettBankEvent = BankEvent & EmmettEvent;

/** AccountSummary as Emmett writes read models on PostgreSQL: a Pongo document per account, the same evolve as ours. */
const accountSummaryProjection = pongoSingleStreamProjection<SummaryDocument, EmmettBankEvent>({
  collectionName: COLLECTION,
  canHandle: ['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountClosed'],
  getDocumentId: accountOf,
  evolve: (document: SummaryDocument | null, event: ReadEvent<EmmettBankEvent>): SummaryDocument | null => {
    const base = document ?? { accountId: accountOf(event), balance: 0, status: 'pending', deposits: 0 };
    switch (event.type) {
      case 'AccountOpened':
        return { ...base, ownerId: event.data.ownerId, ownerName: event.data.ownerName, status: 'open' };
      case 'MoneyDeposited':
        return { ...base, balance: base.balance + event.data.amount, deposits: base.deposits + 1 };
      case 'MoneyWithdrawn':
        return document === null ? null : { ...document, balance: document.balance - event.data.amount };
      case 'AccountClosed':
        return null;
    }
  },
});

function emmettRebuild(log: () => Log, options: RebuildOptions): Side {
  let written = false;
  let rebuilds = 0;
  /** One rebuild from the start of the log: truncate the collection, project every event, stop at the end. */
  const rebuild = async () => {
    // A projector id of its own per rebuild, as a first rebuild has: with the previous rebuild's id
    // the consumer would resume from that rebuild's checkpoint, after the truncation.
    rebuilds += 1;
    // The consumer's pool passed in (it would open the same itself) so that it is closed even when
    // the rebuild fails: the consumer's own close() rethrows the failure before closing its pool.
    const pool = dumbo({ connectionString: options.emmettUrl });
    const consumer = rebuildPostgreSQLProjections<EmmettBankEvent>({
      connectionString: options.emmettUrl,
      pool,
      pulling: { batchSize: options.page },
      projections: [{ projection: accountSummaryProjection, processorId: `emt:processor:projector:${COLLECTION}:${process.pid}:${rebuilds}`, truncateOnStart: true }],
    });
    try {
      await consumer.start();
    } finally {
      await consumer.close().catch(() => undefined);
      await pool.close();
    }
  };
  return {
    async setup() {
      if (!written) {
        const store = getPostgreSQLEventStore(options.emmettUrl);
        const events = log();
        await writeLog(events, async (a, chunk) => void (await store.appendToStream(`Account-${events.accounts[a]?.id ?? ''}`, chunk as EmmettBankEvent[])));
        await store.close();
        await rebuild(); // the first build creates the collection
        // The same secondary indexes as ours (status, balance; each with the key), which a Pongo
        // collection does not create: every row write maintains them on both sides.
        const client = new pg.Client({ connectionString: options.emmettUrl });
        await client.connect();
        await client.query(`CREATE INDEX IF NOT EXISTS ${COLLECTION}_status ON ${COLLECTION} ((data->>'status'), _id)`);
        await client.query(`CREATE INDEX IF NOT EXISTS ${COLLECTION}_balance ON ${COLLECTION} (((data->>'balance')::bigint), _id)`);
        await client.end();
        written = true;
      }
      const events = log();
      const client = new pg.Client({ connectionString: options.emmettUrl });
      await client.connect();
      return {
        run: async () => {
          const started = performance.now();
          await rebuild();
          const rate = events.events / ((performance.now() - started) / 1000);
          const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${COLLECTION}`);
          await verify('Emmett', events, Number(count.rows[0]?.n), async (id) => {
            const found = await client.query<{ data: Record<string, unknown> }>(`SELECT data FROM ${COLLECTION} WHERE _id = $1`, [id]);
            const data = found.rows[0]?.data;
            if (data === undefined) return undefined;
            const { _id: _ignoredId, _version: _ignoredVersion, ...row } = data;
            return row;
          });
          return rate;
        },
        close: () => client.end(),
      };
    },
  };
}

// ---- Emmett on SQLite ---------------------------------------------------------------------------

/**
 * AccountSummary as an Emmett SQLite projection: no Pongo there, so a table with a column per field
 * and, per event, one parameterised statement that changes the row in place (the shape of Emmett's
 * raw SQL projections, with parameters instead of SQL text built from values).
 */
const SQLITE_TABLE = 'account_summary';
const sqliteAccountSummary = sqliteProjection<EmmettBankEvent>({
  canHandle: ['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountClosed'],
  handle: async (events, { connection }) => {
    for (const event of events) {
      const id = accountOf(event);
      switch (event.type) {
        case 'AccountOpened':
          await connection.command(
            `INSERT INTO ${SQLITE_TABLE} (account_id, owner_id, owner_name, balance, status, deposits) VALUES (?, ?, ?, 0, 'open', 0)
             ON CONFLICT (account_id) DO UPDATE SET owner_id = excluded.owner_id, owner_name = excluded.owner_name, status = 'open'`,
            [id, event.data.ownerId, event.data.ownerName],
          );
          break;
        case 'MoneyDeposited':
          await connection.command(
            `INSERT INTO ${SQLITE_TABLE} (account_id, balance, status, deposits) VALUES (?, ?, 'pending', 1)
             ON CONFLICT (account_id) DO UPDATE SET balance = balance + excluded.balance, deposits = deposits + 1`,
            [id, event.data.amount],
          );
          break;
        case 'MoneyWithdrawn':
          await connection.command(`UPDATE ${SQLITE_TABLE} SET balance = balance - ? WHERE account_id = ?`, [event.data.amount, id]);
          break;
        case 'AccountClosed':
          await connection.command(`DELETE FROM ${SQLITE_TABLE} WHERE account_id = ?`, [id]);
          break;
      }
    }
  },
});

function emmettSqliteRebuild(log: () => Log, options: RebuildOptions): Side & { close(): Promise<void> } {
  let opened: { store: SQLiteEventStore; connection: SQLiteConnection; last: bigint } | undefined;
  let rebuilds = 0;
  /** Empty the table, then a consumer from the beginning of the log that stops after its last event. */
  const rebuild = async (store: SQLiteEventStore, connection: SQLiteConnection, last: bigint) => {
    rebuilds += 1;
    await connection.command(`DELETE FROM ${SQLITE_TABLE}`);
    // It waits pullingFrequencyInMs (default 50) between batches: 0 here, as a rebuild would.
    const consumer = store.consumer<EmmettBankEvent>({ pulling: { batchSize: options.page, pullingFrequencyInMs: 0 } });
    consumer.processor({
      processorId: `account-summary-rebuild-${process.pid}-${rebuilds}`,
      projection: sqliteAccountSummary,
      startFrom: 'BEGINNING',
      stopAfter: (event) => event.metadata.globalPosition === last,
    });
    await consumer.start();
    return consumer;
  };
  return {
    async setup() {
      if (opened === undefined) {
        // One connection for the store's life, as the harness's other SQLite rows (see run.ts).
        const fileName = options.sqliteFile();
        const connection = sqliteConnection({ fileName });
        const pool = SQLiteConnectionPool({ fileName, connectionOptions: { singleton: true, connection } });
        const store = getSQLiteEventStore({ fileName, pool, schema: { autoMigration: 'CreateOrUpdate' } });
        const events = log();
        let last = 0n;
        await writeLog(events, async (a, chunk) => {
          const result = await store.appendToStream(`Account-${events.accounts[a]?.id ?? ''}`, chunk as EmmettBankEvent[]);
          last = result.lastEventGlobalPosition;
        });
        await connection.command(
          `CREATE TABLE ${SQLITE_TABLE} (account_id TEXT PRIMARY KEY, owner_id TEXT, owner_name TEXT, balance INTEGER NOT NULL, status TEXT NOT NULL, deposits INTEGER NOT NULL)`,
        );
        // The same secondary indexes as ours: status and balance, each with the key.
        await connection.command(`CREATE INDEX ${SQLITE_TABLE}_status ON ${SQLITE_TABLE} (status, account_id)`);
        await connection.command(`CREATE INDEX ${SQLITE_TABLE}_balance ON ${SQLITE_TABLE} (balance, account_id)`);
        await (await rebuild(store, connection, last)).close(); // the first build
        opened = { store, connection, last };
      }
      const { store, connection, last } = opened;
      const events = log();
      type Stored = { account_id: string; owner_id: string | null; owner_name: string | null; balance: number; status: string; deposits: number };
      return {
        run: async () => {
          const started = performance.now();
          const consumer = await rebuild(store, connection, last);
          const rate = events.events / ((performance.now() - started) / 1000);
          await consumer.close(); // untimed: it waits 250 ms after stopping
          const count = await connection.querySingle<{ n: number }>(`SELECT count(*) AS n FROM ${SQLITE_TABLE}`);
          await verify('Emmett', events, Number(count?.n), async (id) => {
            const row = await connection.querySingle<Stored>(`SELECT * FROM ${SQLITE_TABLE} WHERE account_id = ?`, [id]);
            if (row === null || row === undefined) return undefined; // undefined in practice, despite the type
            return { accountId: row.account_id, ownerId: row.owner_id ?? undefined, ownerName: row.owner_name ?? undefined, balance: row.balance, status: row.status, deposits: row.deposits };
          });
          return rate;
        },
        close: async () => undefined,
      };
    },
    async close() {
      opened?.connection.close();
      opened = undefined;
    },
  };
}

// ---- the scenarios ------------------------------------------------------------------------------

export function readModelScenarios(options: RebuildOptions): { scenarios: Scenario[]; close: () => Promise<void> } {
  let log: Log | undefined;
  const shared = () => (log ??= makeLog(options));
  const oursPostgres = oursRebuild(shared, options, () => openPostgresBackend({ connectionString: options.oursUrl, schema: options.oursSchema }));
  const oursSqlite = oursRebuild(shared, options, () => openSqliteBackend({ path: options.sqliteFile(), synchronous: 'FULL' }));
  const emmettSqlite = emmettSqliteRebuild(shared, options);
  const events = options.accounts * options.perAccount;
  const size = `AccountSummary, ${options.accounts.toLocaleString('en-US')} accounts x ${options.perAccount} events`;
  const same = `same ${events.toLocaleString('en-US')} events and rows, pages of ${options.page} (one transaction each) on both sides`;
  const ours = 'ours: key, indexed columns and the row as JSON, each row a page touches read and written once per page, checked against its zod schema, events decoded and upcast';
  return {
    scenarios: [
      {
        group: 'postgres',
        name: `PostgreSQL read-model rebuild (${size})`,
        unit: 'events/s',
        note: `${same}; ${ours}; Emmett: a Pongo collection (jsonb document per account, the same two indexes added), per event CREATE TABLE IF NOT EXISTS, a read, a write and a checkpoint`,
        ours: oursPostgres,
        emmett: emmettRebuild(shared, options),
      },
      {
        group: 'sqlite',
        name: `SQLite read-model rebuild (${size})`,
        unit: 'events/s',
        note: `${same}, both synchronous FULL; ${ours}; Emmett: no Pongo on SQLite, so a table of columns (same indexes) and one upsert per event computed in SQL (no read), with a checkpoint per event; drivers differ (better-sqlite3 vs node-sqlite3)`,
        ours: oursSqlite,
        emmett: emmettSqlite,
      },
    ],
    close: async () => {
      await oursPostgres.close();
      await oursSqlite.close();
      await emmettSqlite.close();
    },
  };
}
