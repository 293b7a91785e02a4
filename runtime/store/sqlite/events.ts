import type BetterSqlite3 from 'better-sqlite3';
import { ConcurrencyError, ConfigurationError, OrchestrixError } from '../../errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import { WithinFailure } from '../append-within.js';
import type { ComponentOpener } from '../backend.js';
import { decodeEvent, encodeEvents, envelopeOf, type EncodedEvent, type StoredEventRecord } from '../event-codec.js';
import type { AppendOptions, AppendResult, AppendWithin, EventStore, ExpectedVersion, TransactionScope, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { eventsOfPages } from '../pages.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog } from '../subscription-loop.js';
import { runSqlite, sqliteErrorCode, sqliteFailure, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const EVENT_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    // `position` is the rowid. AUTOINCREMENT keeps it from ever being reused, so a subscriber's
    // checkpoint stays valid even if the newest rows were removed by hand. The unique
    // (stream_id, version) key lets the database itself refuse a second writer of a version, and
    // is the index for stream reads and the stream's current version (max(version)).
    sql: `
      CREATE TABLE orchestrix_events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        version        INTEGER NOT NULL,
        id             TEXT    NOT NULL,
        type           TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        time           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        UNIQUE (stream_id, version)
      );
      -- One row per batch appended with an idempotency key.
      CREATE TABLE orchestrix_event_batches (
        stream_id       TEXT    NOT NULL,
        idempotency_key TEXT    NOT NULL,
        first_version   INTEGER NOT NULL,
        last_version    INTEGER NOT NULL,
        PRIMARY KEY (stream_id, idempotency_key)
      ) WITHOUT ROWID;
    `,
  },
];

const SELECT_EVENT = `SELECT position, stream_id AS streamId, version, id, type, source, time, schema_version AS schemaVersion, data, metadata FROM orchestrix_events`;

const INSERT_EVENTS = 'INSERT INTO orchestrix_events (stream_id, version, id, type, source, time, schema_version, data, metadata) VALUES ';
const EVENT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Rows per INSERT statement: a batch goes in as power-of-two chunks, so at most 7 statements are cached. */
const MAX_ROWS_PER_INSERT = 64;

type Batch = { readonly firstVersion: number; readonly lastVersion: number };

/**
 * The embedded, persistent event store (better-sqlite3): one file (or `:memory:`) in WAL mode.
 *
 * Durability: `synchronous = NORMAL` by default. In WAL mode a commit then survives a crash of the
 * process, and the file can never be corrupted; only an OS crash or power loss may drop the last
 * commits before the next WAL checkpoint. `FULL` closes that window at about a fifth of the
 * single-event append rate (BENCHMARKS.md, "Runtime: SQLite appends").
 *
 * Concurrency: each append is one IMMEDIATE transaction (SQLite's single writer lock), which reads
 * the stream's version, checks the expectation and inserts the batch, so positions increase in
 * commit order and the log never shows a gap that later fills. The unique (stream_id, version) key
 * enforces the same thing at the database level. Several processes may share a file: writers wait
 * up to the busy timeout (5 s) for the lock, blocking the event loop meanwhile, since better-sqlite3
 * is synchronous.
 */
export const openSqliteEvents: ComponentOpener<SqliteConnection, 'events'> = async (connection, lifecycle) => {
  connection.migrate('events', EVENT_MIGRATIONS);
  const { db, options } = connection;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 500));
  const sql = {
    version: db.prepare<[string], { version: number | null }>('SELECT max(version) AS version FROM orchestrix_events WHERE stream_id = ?'),
    head: db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM orchestrix_events'),
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
  /** Multi-row INSERT statements by row count: one statement per chunk instead of one per event. */
  const inserts = new Map<number, BetterSqlite3.Statement<(string | number)[]>>();
  const insertStatement = (rows: number): BetterSqlite3.Statement<(string | number)[]> => {
    let statement = inserts.get(rows);
    if (statement === undefined) {
      statement = db.prepare<(string | number)[]>(INSERT_EVENTS + Array.from({ length: rows }, () => EVENT_ROW).join(', '));
      inserts.set(rows, statement);
    }
    return statement;
  };
  const headPosition = (): number => sql.head.get()?.position ?? 0;
  const changes = createChangeNotifier({ intervalMs: options.pollIntervalMs ?? 50, probe: headPosition });
  lifecycle.onClose(() => changes.close());
  const read = <T>(work: () => T): T => runSqlite(lifecycle, 'read the SQLite event store', work);

  /**
   * Inserts the batch in chunks and returns the first event's position. We hold the write lock, and
   * SQLite gives the rows of an AUTOINCREMENT table consecutive rowids in insertion order, so the
   * batch's positions are `firstPosition, firstPosition + 1, ...`.
   */
  const insertEvents = (streamId: string, encoded: readonly EncodedEvent[], firstVersion: number): number => {
    let firstPosition = 0;
    for (let offset = 0; offset < encoded.length; ) {
      const rows = chunkSize(encoded.length - offset);
      const params: (string | number)[] = [];
      for (let index = offset; index < offset + rows; index += 1) {
        const event = encoded[index];
        if (event === undefined) break;
        params.push(streamId, firstVersion + index, event.id, event.type, event.source, event.time, event.schemaVersion, event.data, event.metadata);
      }
      const { lastInsertRowid } = insertStatement(rows).run(...params);
      if (offset === 0) firstPosition = Number(lastInsertRowid) - rows + 1;
      offset += rows;
    }
    return firstPosition;
  };

  /** The batch stored earlier with `key`, as an append result. */
  const replayOf = (streamId: string, key: string): AppendResult | undefined => {
    const batch = sql.batch.get(streamId, key);
    if (batch === undefined) return undefined;
    const records = sql.streamPage.all(streamId, batch.firstVersion, batch.lastVersion, batch.lastVersion - batch.firstVersion + 1);
    return { streamId, nextExpectedVersion: batch.lastVersion, events: records.map(decodeEvent), replayed: true };
  };

  /** Runs inside the IMMEDIATE transaction: nobody else can write between the read and the inserts. */
  const scope: TransactionScope = { database: 'SQLite', connection };
  const appendBatch = db.transaction((streamId: string, encoded: readonly EncodedEvent[], key: string | undefined, expected: ExpectedVersion, within: AppendWithin | undefined): AppendResult => {
    const replayed = key === undefined ? undefined : replayOf(streamId, key);
    if (replayed !== undefined) return replayed;
    const actual = sql.version.get(streamId)?.version ?? 0;
    checkExpectedVersion(streamId, expected, actual);
    const firstPosition = insertEvents(streamId, encoded, actual + 1);
    if (key !== undefined) sql.insertBatch.run(streamId, key, actual + 1, actual + encoded.length);
    const stored = encoded.map((event, index) => envelopeOf(event, streamId, actual + 1 + index, firstPosition + index));
    if (within !== undefined) {
      let pending: unknown;
      try {
        pending = within(stored, scope);
      } catch (error) {
        throw new WithinFailure(error);
      }
      // A SQLite transaction cannot wait: work that did not finish in the call is refused (and rolled back).
      if (pending instanceof Promise) {
        pending.catch(() => undefined);
        throw new WithinFailure(new ConfigurationError('Work within a SQLite append must be synchronous: it runs inside a synchronous transaction'));
      }
    }
    return { streamId, nextExpectedVersion: actual + encoded.length, events: stored, replayed: false };
  });

  /** An empty batch writes nothing: reads answer it, without the write lock. */
  const appendNothing = (streamId: string, key: string | undefined, expected: ExpectedVersion): AppendResult => {
    const replayed = key === undefined ? undefined : replayOf(streamId, key);
    if (replayed !== undefined) return replayed;
    const actual = sql.version.get(streamId)?.version ?? 0;
    checkExpectedVersion(streamId, expected, actual);
    return { streamId, nextExpectedVersion: actual, events: [], replayed: false };
  };

  async function append(streamId: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
    lifecycle.assertOpen();
    const expected = appendOptions.expectedVersion ?? 'any';
    const key = idempotencyKeyOf(streamId, appendOptions);
    const encoded = encodeEvents(streamId, events);
    if (encoded.length === 0) return read(() => appendNothing(streamId, key, expected));
    let result: AppendResult;
    try {
      result = appendBatch.immediate(streamId, encoded, key, expected, appendOptions.within);
    } catch (error) {
      if (error instanceof WithinFailure) throw error.error;
      if (error instanceof OrchestrixError) throw error;
      // Cannot happen while every writer takes the IMMEDIATE lock first; kept so that a writer that
      // does not (another tool on the same file) still surfaces as a conflict, not a crash.
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ConcurrencyError(streamId, expected, read(() => sql.version.get(streamId)?.version ?? 0));
      }
      throw sqliteFailure(`append to stream '${streamId}'`, error);
    }
    if (!result.replayed) changes.notify();
    return result;
  }

  async function* readStreamPages(streamId: string, readOptions?: ReadStreamOptions): AsyncGenerator<readonly EventEnvelope[], void, undefined> {
    const { fromVersion, toVersion, limit } = streamBounds(readOptions);
    let next = fromVersion;
    let remaining = limit;
    while (remaining > 0 && next <= toVersion) {
      const size = Math.min(pageSize, remaining);
      const page = read(() => sql.streamPage.all(streamId, next, toVersion, size));
      const last = page.at(-1);
      if (last === undefined) return;
      yield page.map(decodeEvent);
      if (page.length < size) return;
      next = last.version + 1;
      remaining -= page.length;
    }
  }

  async function* readAll(readOptions?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    const bounds = logBounds(readOptions);
    let after = bounds.after;
    let remaining = bounds.limit;
    while (remaining > 0) {
      const size = Math.min(pageSize, remaining);
      const page = read(() => sql.logPage.all(after, size));
      for (const record of page) yield decodeEvent(record);
      const last = page.at(-1);
      if (last === undefined || page.length < size) return;
      after = last.position;
      remaining -= page.length;
    }
  }

  const store: EventStore = {
    append,
    readStreamPages,
    readStream: (streamId, readOptions) => eventsOfPages(readStreamPages(streamId, readOptions)),
    readAll,
    streamVersion: async (streamId) => read(() => sql.version.get(streamId)?.version ?? 0),
    headPosition: async () => read(headPosition),
    subscribe(subscribeOptions?: SubscribeOptions) {
      lifecycle.assertOpen();
      return subscribeToLog({ readAll, changes, closed: lifecycle.closed }, subscribeOptions);
    },
    close: lifecycle.close,
  };
  return store;
};

/** The largest power of two not above `remaining` or MAX_ROWS_PER_INSERT. */
function chunkSize(remaining: number): number {
  let rows = 1;
  while (rows * 2 <= Math.min(remaining, MAX_ROWS_PER_INSERT)) rows *= 2;
  return rows;
}
