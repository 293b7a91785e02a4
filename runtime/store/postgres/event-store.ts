import { ConcurrencyError, StoreError } from '../../errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import { decodeEvent, encodeEvents } from '../event-codec.js';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog } from '../subscription-loop.js';
import { appendBatchesCall, createAppendBatcher, parseOutcomes, type BatchOutcome } from './append-batches.js';
import { openComponent, toSafeInteger, type PostgresComponent, type PostgresStoreOptions } from './component.js';
import type { PostgresTarget } from './connect.js';
import { PostgresError } from './driver.js';
import { eventMigrations, eventsChannel } from './event-schema.js';

export interface PostgresEventStoreOptions extends PostgresStoreOptions {
  /** Rows fetched per query by lazy reads. Default 1000. */
  readonly pageSize?: number;
  /** How often a waiting subscription polls the head position, behind LISTEN/NOTIFY. Default 2000 ms. */
  readonly pollIntervalMs?: number;
}

export type PostgresEventStoreConfig = PostgresTarget & PostgresEventStoreOptions;

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
 * An EventStore on PostgreSQL — a server through `pg`, or embedded PGlite — with one code path.
 * The schema is created or migrated on start-up. Appends are one statement per batch; subscriptions
 * wake on LISTEN/NOTIFY and poll slowly behind it.
 */
export async function createPostgresEventStore(config: PostgresEventStoreConfig): Promise<EventStore> {
  const component = await openComponent(config, 'events', 'event store', eventMigrations);
  return postgresEventStore(component, config);
}

function postgresEventStore(component: PostgresComponent, options: PostgresEventStoreOptions): EventStore {
  const { driver, schema } = component;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
  const events = schema.table('events');
  const closed = new AbortController();
  const changes = createChangeNotifier({
    intervalMs: options.pollIntervalMs ?? 2000,
    probe: async () => (await driver.query<{ head: unknown }>(`SELECT max(position) AS head FROM ${events}`))[0]?.head ?? null,
  });
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;

  const ensureOpen = (): void => {
    if (closed.signal.aborted) throw new StoreError('The PostgreSQL event store is closed');
  };
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

  async function* readStream(streamId: string, options?: ReadStreamOptions): AsyncGenerator<EventEnvelope> {
    ensureOpen();
    const bounds = streamBounds(options);
    let from = bounds.fromVersion;
    const fetch = (limit: number) =>
      driver.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${events} WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`,
        [streamId, Math.min(from, MAX_VERSION), Math.min(bounds.toVersion, MAX_VERSION), limit],
      );
    for await (const rows of pages(fetch, (last) => (from = last.version + 1), bounds.limit)) {
      for (const row of rows) yield rowToEnvelope(row);
    }
  }

  async function* readAll(options?: ReadAllOptions): AsyncGenerator<EventEnvelope> {
    ensureOpen();
    const bounds = logBounds(options);
    let after = bounds.after;
    const fetch = (limit: number) => driver.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`, [after, limit]);
    for await (const rows of pages(fetch, (last) => (after = toSafeInteger(last.position, 'an event position')), bounds.limit)) {
      for (const row of rows) yield rowToEnvelope(row);
    }
  }

  async function* subscribe(options?: SubscribeOptions): AsyncGenerator<EventEnvelope> {
    ensureOpen();
    await startListening();
    yield* subscribeToLog({ readAll, changes, closed: closed.signal }, options);
  }

  return {
    async append(streamId: string, batch: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      const expected = options.expectedVersion ?? 'any';
      const encoded = encodeEvents(streamId, batch);
      if (encoded.length === 0) {
        // Nothing is written, so a read then a check is exact for the moment of the read.
        const actual = await streamVersion(streamId);
        checkExpectedVersion(streamId, expected, actual);
        return { streamId, nextExpectedVersion: actual, events: [] };
      }
      let outcome: BatchOutcome;
      try {
        outcome = await batcher.append({ streamId, events: encoded, expected, idempotencyKey: idempotencyKeyOf(batch) });
      } catch (error) {
        throw (await uniqueViolation(streamId, expected, error)) ?? error;
      }
      switch (outcome.kind) {
        case 'conflict':
          throw new ConcurrencyError(streamId, expected, outcome.actual);
        case 'replayed':
          return { streamId, nextExpectedVersion: outcome.version, events: outcome.events };
        case 'appended': {
          changes.notify();
          const firstVersion = outcome.version - encoded.length + 1;
          const stored = encoded.map((event, index) => decodeEvent({ ...event, streamId, version: firstVersion + index, position: outcome.position + index }));
          return { streamId, nextExpectedVersion: outcome.version, events: stored };
        }
      }
    },
    readStream,
    streamVersion,
    readAll,
    subscribe,
    async close(): Promise<void> {
      if (closed.signal.aborted) return;
      closed.abort();
      changes.close();
      const unlisten = await listening;
      await unlisten?.().catch(() => undefined);
      await component.close();
    },
  };
}
