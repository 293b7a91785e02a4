import type { EventEnvelope, NewEvent } from '../events/envelope.js';

/**
 * What the writer expects the stream to be before the append:
 * - `'no_stream'`: the stream has no events;
 * - `'stream_exists'`: it has at least one;
 * - `'any'`: no check;
 * - a number: its current version is exactly that (0 means empty, like `'no_stream'`).
 * A mismatch raises ConcurrencyError and writes nothing.
 */
export type ExpectedVersion = 'no_stream' | 'any' | 'stream_exists' | number;

export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion;
  /**
   * Makes a retried append safe (the command executor passes the command id). If the stream already
   * holds a batch appended with this key, nothing is written and that batch is returned with
   * `replayed: true` (see EventStore.append). Scoped to the stream.
   */
  readonly idempotencyKey?: string | undefined;
  /**
   * Work that commits or rolls back with the append, in its transaction (inline projection of read
   * models): called once the events are stored, with them and the transaction's scope; if it
   * throws (or rejects), nothing is appended and the append rejects with its error. Not called for
   * an idempotent replay or an empty batch. The SQLite and PostgreSQL stores offer it (on SQLite
   * the work must be synchronous: its transactions are); the others refuse it with a
   * ConfigurationError.
   */
  readonly within?: AppendWithin | undefined;
}

/** See AppendOptions.within. */
export type AppendWithin = (stored: readonly EventEnvelope[], scope: TransactionScope) => void | Promise<void>;

/**
 * Identifies the database an append's transaction runs on, so that work joining it (a read model's
 * table) can check that it lives in the same database.
 */
export interface TransactionScope {
  /** The kind of database, e.g. `SQLite`. */
  readonly database: string;
  /** The connection: the same object for every component of one backend. */
  readonly connection: object;
  /** The transaction's own statement runner, where statements are asynchronous (PostgreSQL). */
  readonly session?: object | undefined;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append: pass it as `expectedVersion` to append again. */
  readonly nextExpectedVersion: number;
  /** The stored events, with versions and positions. */
  readonly events: readonly EventEnvelope[];
  /**
   * True when the idempotency key had been used on the stream: nothing was written, and `events`
   * and `nextExpectedVersion` are the batch stored with that key and the version after it.
   */
  readonly replayed: boolean;
}

export interface ReadStreamOptions {
  /** First version to read (inclusive). Default 1. */
  readonly fromVersion?: number;
  /** Last version to read (inclusive). Default: the end. */
  readonly toVersion?: number;
  readonly limit?: number;
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this. Default: from the start. */
  readonly after?: number;
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** Deliver events with a position strictly greater than this (a checkpoint). Default: from the start. */
  readonly after?: number;
  /** Ends the subscription; the iterator then returns. */
  readonly signal?: AbortSignal;
}

/**
 * The event store contract. Every adapter (memory, SQLite, PostgreSQL, PGlite, EventSourcingDB)
 * passes the same contract suite (test/store/event-store.contract.ts).
 *
 * Nothing a caller does to the events it wrote or was handed (by `append`, reads, subscriptions)
 * changes what is stored: the durable adapters hand out fresh objects; the in-memory store hands
 * out its stored events themselves, deeply frozen (a change throws in strict mode).
 */
export interface EventStore {
  /**
   * Appends a batch to one stream atomically: all events or none. Versions continue the stream
   * contiguously; positions increase in commit order. Raises ConcurrencyError (expected, actual)
   * when `expectedVersion` does not hold. An empty batch checks the expectation and writes nothing.
   * Idempotency: if `options.idempotencyKey` was already used for a batch of this stream, nothing is
   * written and that batch's events are returned with `replayed: true`. The key is checked before
   * the expected version: a retry whose first attempt did commit gets that attempt's result again —
   * same events, and `nextExpectedVersion` = the version after that batch — not a ConcurrencyError,
   * although the stream has since moved past the version it expected (a conflict would make the
   * writer decide again and append a second time: what the key prevents). An empty batch with a key
   * writes nothing either way: it answers whether (and with what) the key was used, `replayed: false`
   * and no events when it was not.
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Reads a stream in version order, lazily (a long stream is never held in memory at once). */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope>;
  /**
   * The same events as `readStream`, handed out as pages: non-empty arrays in version order, each
   * as the adapter fetched it (a query's rows, a slice of memory), so a consumer that folds them
   * loops over arrays instead of awaiting every event. Lazy like `readStream`: the next page is
   * read when asked for. A missing stream yields no page. The page arrays are the caller's; the
   * events in them are protected like every event handed out (see above).
   */
  readStreamPages(streamId: string, options?: ReadStreamOptions): AsyncIterable<readonly EventEnvelope[]>;
  /** The stream's current version; 0 when it has no events. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * The position of the last event of the global log (the last one `readAll` delivers); 0 when the
   * log is empty. Every event committed before the call is at or below it.
   */
  headPosition(): Promise<number>;
  /** Reads the global log in position order, lazily. */
  readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope>;
  /**
   * A live catch-up stream of the global log: first what is stored after `after`, then new events as
   * they commit, in position order, never skipping an event that commits late. Ends when `signal` aborts.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<EventEnvelope>;
  /** Releases connections and file handles. The store is unusable afterwards. */
  close(): Promise<void>;
}
