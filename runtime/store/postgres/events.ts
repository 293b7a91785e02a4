import { WithinFailure } from '../append-within.js';
import { ConcurrencyError } from '../../errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import type { ComponentOpener } from '../backend.js';
import { decodeEvent, encodeEvents } from '../event-codec.js';
import type { AppendOptions, AppendResult, AppendWithin, EventStore, ExpectedVersion, TransactionScope, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { eventsOfPages } from '../pages.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog } from '../subscription-loop.js';
import type { PostgresConnection } from './connection.js';
import { appendBatchesCall, createAppendBatcher, parseOutcomes, type BatchOutcome, type PendingBatch } from './internal/append-batches.js';
import { PostgresError } from './internal/errors.js';
import type { SqlSession } from './internal/driver.js';
import { eventMigrations, eventsChannel } from './internal/event-schema.js';
import { toSafeInteger } from './internal/schema.js';

interface EventRow {
  readonly position: unknown;
  readonly stream_id: string;
  readonly version: number;
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly schema_version: number;
  readonly data: string;
  readonly metadata: string;
}

/** Versions are `integer` columns; bounds past it are clamped so the parameter stays in range. */
const MAX_VERSION = 2_147_483_647;

const EVENT_COLUMNS = 'position, stream_id, version, id, type, source, "time", schema_version, data::text AS data, metadata::text AS metadata';

function rowToEnvelope(row: EventRow): EventEnvelope {
  return decodeEvent({
    id: row.id,
    type: row.type,
    source: row.source,
    time: row.time,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    version: row.version,
    position: toSafeInteger(row.position, 'an event position'),
  });
}

/**
 * The event store on PostgreSQL — a server through `pg`, or embedded PGlite — with one code path.
 * Appends are one statement per batch; subscriptions wake on LISTEN/NOTIFY and poll slowly behind it.
 */
export const openPostgresEvents: ComponentOpener<PostgresConnection, 'events'> = async (connection, lifecycle) => {
  await connection.migrate('events', eventMigrations);
  const { driver, schema, options } = connection;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
  const events = schema.table('events');
  const headPosition = async (): Promise<number> => {
    const [row] = await driver.query<{ head: unknown }>(`SELECT coalesce(max(position), 0) AS head FROM ${events}`);
    return toSafeInteger(row?.head ?? 0, 'the head position');
  };
  const changes = createChangeNotifier({ intervalMs: options.pollIntervalMs ?? 2000, probe: headPosition });
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;
  lifecycle.onClose(async () => {
    changes.close();
    const unlisten = await listening;
    await unlisten?.().catch(() => undefined);
  });
  const ensureOpen = (): void => lifecycle.assertOpen();
  /** LISTEN once, on first subscribe; if it fails the fallback poll still delivers, and a later subscribe retries. */
  const startListening = async (): Promise<void> => {
    listening ??= driver.listen(eventsChannel(schema), () => changes.notify()).catch(() => {
      listening = undefined;
      return undefined;
    });
    await listening;
  };
  const streamVersion = async (streamId: string): Promise<number> => {
    ensureOpen();
    const rows = await driver.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${events} WHERE stream_id = $1`, [streamId]);
    return rows[0]?.version ?? 0;
  };
  /** The batch stored earlier with `key` (its events carry the key), as an append result. */
  const replayOf = async (streamId: string, key: string): Promise<AppendResult | undefined> => {
    const rows = await driver.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${events} WHERE stream_id = $1 AND idempotency_key = $2 ORDER BY version`, [streamId, key]);
    const stored = rows.map(rowToEnvelope);
    const last = stored.at(-1);
    return last === undefined ? undefined : { streamId, nextExpectedVersion: last.version, events: stored, replayed: true };
  };
  // Only a writer that bypasses append_batches can hit the unique key; report it like any conflict.
  const uniqueViolation = async (streamId: string, expected: ExpectedVersion, error: unknown): Promise<ConcurrencyError | undefined> =>
    error instanceof PostgresError && error.sqlState === '23505' && error.constraint === 'events_stream_version_key'
      ? new ConcurrencyError(streamId, expected, await streamVersion(streamId))
      : undefined;
  const batcher = createAppendBatcher(async (batches) => {
    const call = appendBatchesCall(schema, batches);
    const rows = await driver.query<{ result: unknown }>(call.text, call.params);
    return parseOutcomes(batches, rows[0]?.result);
  });

  /**
   * An append with work in its transaction (inline projection): outside the group commit, since the
   * work must share the append's transaction. The allocator's lock is held until the commit, so the
   * work sees the log exactly up to its own events.
   */
  const scopeOf = (session: SqlSession): TransactionScope => ({ database: 'PostgreSQL', connection, session });
  async function appendWithin(pending: PendingBatch, within: AppendWithin): Promise<AppendResult> {
    const { streamId, events: encoded, expected } = pending;
    let result: AppendResult;
    try {
      result = await driver.transaction(async (session) => {
        const call = appendBatchesCall(schema, [pending]);
        const rows = await session.query<{ result: unknown }>(call.text, call.params);
        const [outcome] = parseOutcomes([pending], rows[0]?.result);
        if (outcome === undefined || outcome.kind === 'conflict') throw new ConcurrencyError(streamId, expected, outcome?.kind === 'conflict' ? outcome.actual : 0);
        if (outcome.kind === 'replayed') return { streamId, nextExpectedVersion: outcome.version, events: outcome.events, replayed: true };
        const firstVersion = outcome.version - encoded.length + 1;
        const stored = encoded.map((event, index) => decodeEvent({ ...event, streamId, version: firstVersion + index, position: outcome.position + index }));
        try {
          await within(stored, scopeOf(session));
        } catch (error) {
          throw new WithinFailure(error);
        }
        return { streamId, nextExpectedVersion: outcome.version, events: stored, replayed: false };
      });
    } catch (error) {
      if (error instanceof WithinFailure) throw error.error;
      throw (await uniqueViolation(streamId, expected, error)) ?? error;
    }
    if (!result.replayed) changes.notify();
    return result;
  }

  /**
   * Keyset pagination, one page ahead: the next page is requested as soon as the current one
   * arrives (its last row gives the cursor), so the database works while the consumer handles rows.
   */
  async function* pages<Row>(fetch: (limit: number) => Promise<readonly Row[]>, advance: (last: Row) => void, limit: number): AsyncGenerator<readonly Row[]> {
    let remaining = limit;
    let size = Math.min(pageSize, remaining);
    let request = size > 0 ? fetch(size) : undefined;
    try {
      while (request !== undefined) {
        const rows = await request;
        request = undefined;
        remaining -= rows.length;
        const last = rows.at(-1);
        if (last !== undefined) advance(last);
        if (rows.length === size && remaining > 0) {
          size = Math.min(pageSize, remaining);
          request = fetch(size);
        }
        yield rows;
      }
    } finally {
      // A consumer that stops early leaves the prefetched page unread; its failure is nobody's concern.
      request?.catch(() => undefined);
    }
  }

  async function* readStreamPages(streamId: string, readOptions?: ReadStreamOptions): AsyncGenerator<readonly EventEnvelope[], void, undefined> {
    ensureOpen();
    const bounds = streamBounds(readOptions);
    let from = bounds.fromVersion;
    const fetch = (limit: number) =>
      driver.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`,
        [streamId, Math.min(from, MAX_VERSION), Math.min(bounds.toVersion, MAX_VERSION), limit],
      );
    for await (const rows of pages(fetch, (last) => (from = last.version + 1), bounds.limit)) {
      if (rows.length > 0) yield rows.map(rowToEnvelope);
    }
  }

  async function* readAll(readOptions?: ReadAllOptions): AsyncGenerator<EventEnvelope> {
    ensureOpen();
    const bounds = logBounds(readOptions);
    let after = bounds.after;
    const fetch = (limit: number) => driver.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`, [after, limit]);
    for await (const rows of pages(fetch, (last) => (after = toSafeInteger(last.position, 'an event position')), bounds.limit)) {
      for (const row of rows) yield rowToEnvelope(row);
    }
  }

  async function* subscribe(subscribeOptions?: SubscribeOptions): AsyncGenerator<EventEnvelope> {
    ensureOpen();
    await startListening();
    yield* subscribeToLog({ readAll, changes, closed: lifecycle.closed }, subscribeOptions);
  }

  return {
    async append(streamId: string, batch: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      const expected = appendOptions.expectedVersion ?? 'any';
      const key = idempotencyKeyOf(streamId, appendOptions);
      const encoded = encodeEvents(streamId, batch);
      if (encoded.length === 0) {
        // Nothing is written, so reads then a check are exact for the moment of the reads.
        const replayed = key === undefined ? undefined : await replayOf(streamId, key);
        if (replayed !== undefined) return replayed;
        const actual = await streamVersion(streamId);
        checkExpectedVersion(streamId, expected, actual);
        return { streamId, nextExpectedVersion: actual, events: [], replayed: false };
      }
      const pending: PendingBatch = { streamId, events: encoded, expected, idempotencyKey: key };
      if (appendOptions.within !== undefined) return appendWithin(pending, appendOptions.within);
      let outcome: BatchOutcome;
      try {
        outcome = await batcher.append(pending);
      } catch (error) {
        throw (await uniqueViolation(streamId, expected, error)) ?? error;
      }
      switch (outcome.kind) {
        case 'conflict':
          throw new ConcurrencyError(streamId, expected, outcome.actual);
        case 'replayed':
          return { streamId, nextExpectedVersion: outcome.version, events: outcome.events, replayed: true };
        case 'appended': {
          changes.notify();
          const firstVersion = outcome.version - encoded.length + 1;
          const stored = encoded.map((event, index) => decodeEvent({ ...event, streamId, version: firstVersion + index, position: outcome.position + index }));
          return { streamId, nextExpectedVersion: outcome.version, events: stored, replayed: false };
        }
      }
    },
    readStreamPages,
    readStream: (streamId: string, readOptions?: ReadStreamOptions) => eventsOfPages(readStreamPages(streamId, readOptions)),
    streamVersion,
    async headPosition() {
      ensureOpen();
      return headPosition();
    },
    readAll,
    subscribe,
    close: lifecycle.close,
  };
};
