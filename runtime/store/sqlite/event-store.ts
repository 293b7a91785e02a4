import type Database from 'better-sqlite3';
import { ConcurrencyError, OrchestrixError, StoreError } from '../../errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import { decodeEvent, encodeEvents, envelopeOf, type EncodedEvent, type StoredEventRecord } from '../event-codec.js';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog, type ChangeNotifier } from '../subscription-loop.js';
import { connectSqlite, migrateSqlite, sqliteErrorCode, sqliteFailure, type SqliteDatabase, type SqliteOpenOptions } from './database.js';
import { EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS } from './schema.js';

export interface SqliteEventStoreOptions extends SqliteOpenOptions {
  /**
   * How often a waiting subscription checks the file for commits made by other connections or
   * processes (this store's own appends wake it at once). Default 50 ms.
   */
  readonly pollIntervalMs?: number;
  /** Rows fetched per query when reading; a read never holds more. Default 500. */
  readonly pageSize?: number;
}

const SELECT_EVENT = `SELECT position, stream_id AS streamId, version, id, type, source, time, schema_version AS schemaVersion, data, metadata FROM orchestrix_events`;

const INSERT_EVENTS = 'INSERT INTO orchestrix_events (stream_id, version, id, type, source, time, schema_version, data, metadata) VALUES ';
const EVENT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows per INSERT statement: a batch goes in as power-of-two chunks, so at most 7 statements are cached. */
const MAX_ROWS_PER_INSERT = 64;

type Batch = { readonly firstVersion: number; readonly lastVersion: number };
type AppendOutcome =
  | { readonly replayed: true; readonly nextExpectedVersion: number; readonly records: readonly StoredEventRecord[] }
  | { readonly replayed: false; readonly firstVersion: number; readonly firstPosition: number };

/**
 * The embedded, persistent event store (better-sqlite3). One file (or `:memory:`) in WAL mode; the
 * schema is created on first use and migrated through `orchestrix_schema`.
 *
 * Durability: `synchronous = NORMAL` by default. In WAL mode a commit then survives a crash of the
 * process, and the file can never be corrupted; only an OS crash or power loss may drop the last
 * commits before the next WAL checkpoint. `FULL` closes that window at about a fifth of the
 * single-event append rate (BENCHMARKS.md, "Runtime: SQLite appends"). NORMAL is the right default
 * for an embedded store whose host is usually the one process writing to it; pass
 * `{ synchronous: 'FULL' }` when an acknowledged event must outlive a power cut.
 *
 * Concurrency: each append is one IMMEDIATE transaction (SQLite's single writer lock), which reads
 * the stream's version, checks the expectation and inserts the batch, so positions increase in
 * commit order and the log never shows a gap that later fills. The unique (stream_id, version) key
 * enforces the same thing at the database level. Several stores (connections, processes) may share
 * a file: writers wait up to the busy timeout (5 s) for the lock, blocking the event loop meanwhile,
 * since better-sqlite3 is synchronous.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: SqliteDatabase;
  readonly #ownsDb: boolean;
  readonly #pageSize: number;
  readonly #changes: ChangeNotifier;
  readonly #closing = new AbortController();
  readonly #sql;
  readonly #appendBatch;
  /** Multi-row INSERT statements by row count: one statement per chunk instead of one per event. */
  readonly #inserts = new Map<number, Database.Statement<(string | number)[]>>();

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteEventStoreOptions = {}) {
    const { db, owned } = connectSqlite(pathOrDb, options);
    this.#db = db;
    this.#ownsDb = owned;
    this.#pageSize = Math.max(1, Math.floor(options.pageSize ?? 500));
    try {
      migrateSqlite(db, EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS);
    } catch (error) {
      if (owned) db.close();
      throw error instanceof OrchestrixError ? error : sqliteFailure('create the SQLite event store schema', error);
    }
    this.#sql = {
      version: db.prepare<[string], { version: number | null }>('SELECT max(version) AS version FROM orchestrix_events WHERE stream_id = ?'),
      maxPosition: db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM orchestrix_events'),
      batch: db.prepare<[string, string], Batch>(
        'SELECT first_version AS firstVersion, last_version AS lastVersion FROM orchestrix_event_batches WHERE stream_id = ? AND idempotency_key = ?',
      ),
      insertBatch: db.prepare<[string, string, number, number]>(
        'INSERT INTO orchestrix_event_batches (stream_id, idempotency_key, first_version, last_version) VALUES (?, ?, ?, ?)',
      ),
      streamPage: db.prepare<[string, number, number, number], StoredEventRecord>(
        `${SELECT_EVENT} WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version LIMIT ?`,
      ),
      logPage: db.prepare<[number, number], StoredEventRecord>(`${SELECT_EVENT} WHERE position > ? ORDER BY position LIMIT ?`),
    };
    this.#appendBatch = db.transaction(this.#appendInTransaction.bind(this));
    this.#changes = createChangeNotifier({
      intervalMs: options.pollIntervalMs ?? 50,
      probe: () => this.#sql.maxPosition.get()?.position ?? 0,
    });
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#assertOpen();
    const expected = options.expectedVersion ?? 'any';
    const encoded = encodeEvents(streamId, events);
    let outcome: AppendOutcome;
    try {
      outcome = this.#appendBatch.immediate(streamId, encoded, idempotencyKeyOf(events), expected);
    } catch (error) {
      if (error instanceof OrchestrixError) throw error;
      // Cannot happen while every writer takes the IMMEDIATE lock first; kept so that a writer that
      // does not (another tool on the same file) still surfaces as a conflict, not a crash.
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ConcurrencyError(streamId, expected, await this.streamVersion(streamId));
      }
      throw sqliteFailure(`append to stream '${streamId}'`, error);
    }
    if (outcome.replayed) return { streamId, nextExpectedVersion: outcome.nextExpectedVersion, events: outcome.records.map(decodeEvent) };
    if (encoded.length > 0) this.#changes.notify();
    const { firstVersion, firstPosition } = outcome;
    return {
      streamId,
      nextExpectedVersion: firstVersion + encoded.length - 1,
      events: encoded.map((event, index) => envelopeOf(event, streamId, firstVersion + index, firstPosition + index)),
    };
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope> {
    const { fromVersion, toVersion, limit } = streamBounds(options);
    let next = fromVersion;
    let remaining = limit;
    while (remaining > 0 && next <= toVersion) {
      const size = Math.min(this.#pageSize, remaining);
      const page = this.#query(() => this.#sql.streamPage.all(streamId, next, toVersion, size));
      for (const record of page) yield decodeEvent(record);
      const last = page.at(-1);
      if (last === undefined || page.length < size) return;
      next = last.version + 1;
      remaining -= page.length;
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.#query(() => this.#sql.version.get(streamId)?.version ?? 0);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    const bounds = logBounds(options);
    let after = bounds.after;
    let remaining = bounds.limit;
    while (remaining > 0) {
      const size = Math.min(this.#pageSize, remaining);
      const page = this.#query(() => this.#sql.logPage.all(after, size));
      for (const record of page) yield decodeEvent(record);
      const last = page.at(-1);
      if (last === undefined || page.length < size) return;
      after = last.position;
      remaining -= page.length;
    }
  }

  subscribe(options?: SubscribeOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    return subscribeToLog({ readAll: (o) => this.readAll(o), changes: this.#changes, closed: this.#closing.signal }, options);
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    this.#changes.close();
    if (this.#ownsDb) this.#db.close();
  }

  /** Runs inside the IMMEDIATE transaction: nobody else can write between the read and the inserts. */
  #appendInTransaction(streamId: string, encoded: readonly EncodedEvent[], key: string | undefined, expected: ExpectedVersion): AppendOutcome {
    if (key !== undefined) {
      const batch = this.#sql.batch.get(streamId, key);
      if (batch !== undefined) {
        const size = batch.lastVersion - batch.firstVersion + 1;
        return { replayed: true, nextExpectedVersion: batch.lastVersion, records: this.#sql.streamPage.all(streamId, batch.firstVersion, batch.lastVersion, size) };
      }
    }
    const actual = this.#sql.version.get(streamId)?.version ?? 0;
    checkExpectedVersion(streamId, expected, actual);
    const firstPosition = this.#insertEvents(streamId, encoded, actual + 1);
    if (key !== undefined && encoded.length > 0) this.#sql.insertBatch.run(streamId, key, actual + 1, actual + encoded.length);
    return { replayed: false, firstVersion: actual + 1, firstPosition };
  }

  /**
   * Inserts the batch in chunks and returns the first event's position. We hold the write lock, and
   * SQLite gives the rows of an AUTOINCREMENT table consecutive rowids in insertion order, so the
   * batch's positions are `firstPosition, firstPosition + 1, ...`.
   */
  #insertEvents(streamId: string, encoded: readonly EncodedEvent[], firstVersion: number): number {
    let firstPosition = 0;
    for (let offset = 0; offset < encoded.length; ) {
      const rows = chunkSize(encoded.length - offset);
      const params: (string | number)[] = [];
      for (let index = offset; index < offset + rows; index += 1) {
        const event = encoded[index];
        if (event === undefined) break;
        params.push(streamId, firstVersion + index, event.id, event.type, event.source, event.time, event.schemaVersion, event.data, event.metadata);
      }
      const { lastInsertRowid } = this.#insertStatement(rows).run(...params);
      if (offset === 0) firstPosition = Number(lastInsertRowid) - rows + 1;
      offset += rows;
    }
    return firstPosition;
  }

  #insertStatement(rows: number): Database.Statement<(string | number)[]> {
    let statement = this.#inserts.get(rows);
    if (statement === undefined) {
      statement = this.#db.prepare<(string | number)[]>(INSERT_EVENTS + Array.from({ length: rows }, () => EVENT_ROW).join(', '));
      this.#inserts.set(rows, statement);
    }
    return statement;
  }

  #query<T>(read: () => T): T {
    this.#assertOpen();
    try {
      return read();
    } catch (error) {
      throw sqliteFailure('read the SQLite event store', error);
    }
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new StoreError('The SQLite event store is closed');
  }
}

/** Opens (creating if needed) an event store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteEventStore(pathOrDb: string | SqliteDatabase, options?: SqliteEventStoreOptions): SqliteEventStore {
  return new SqliteEventStore(pathOrDb, options);
}

/** The largest power of two not above `remaining` or MAX_ROWS_PER_INSERT. */
function chunkSize(remaining: number): number {
  let rows = 1;
  while (rows * 2 <= Math.min(remaining, MAX_ROWS_PER_INSERT)) rows *= 2;
  return rows;
}
