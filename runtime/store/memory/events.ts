import { refuseWithin } from '../append-within.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import type { ComponentOpener } from '../backend.js';
import { normalizeEvents, type NormalizedEvent } from '../event-codec.js';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { cloneJson } from '../json-clone.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog } from '../subscription-loop.js';
import type { MemoryConnection } from './connection.js';

/** A stored event: data and metadata as JSON values, of which every read hands out fresh copies. */
interface MemoryRecord extends NormalizedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
}

interface StoredStream {
  /** `events[v - 1]` is version v. */
  readonly events: MemoryRecord[];
  /** Idempotency key -> the version range of the batch it was appended with. */
  readonly batches: Map<string, { readonly first: number; readonly last: number }>;
}

/**
 * An event store in process memory: for tests, examples and benchmarks. Lost on exit. Events are
 * kept as exactly the values a JSON round trip gives (so code that passes here behaves the same on
 * SQLite or PostgreSQL, and never shares objects with the writer), computed without the text, and
 * every read returns a fresh deep copy — several times cheaper than serializing and parsing. Appends run
 * synchronously inside one call, so concurrent appends are serialized and the global log has no gaps.
 */
export function createInMemoryEventStore(lifecycle: Lifecycle = createLifecycle('in-memory event store')): EventStore {
  const log: MemoryRecord[] = [];
  const streams = new Map<string, StoredStream>();
  const changes = createChangeNotifier();
  lifecycle.onClose(() => changes.close());

  async function append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    lifecycle.assertOpen();
    refuseWithin(options, 'in-memory event store');
    const encoded = normalizeEvents(streamId, events);
    const stream = streams.get(streamId);
    const actual = stream?.events.length ?? 0;
    const key = idempotencyKeyOf(streamId, options);
    const batch = key === undefined ? undefined : stream?.batches.get(key);
    if (stream !== undefined && batch !== undefined) {
      const replayed = stream.events.slice(batch.first - 1, batch.last);
      return { streamId, nextExpectedVersion: batch.last, events: replayed.map(decodeRecord), replayed: true };
    }
    checkExpectedVersion(streamId, options.expectedVersion ?? 'any', actual);
    if (encoded.length === 0) return { streamId, nextExpectedVersion: actual, events: [], replayed: false };

    const target: StoredStream = stream ?? { events: [], batches: new Map() };
    const stored: MemoryRecord[] = encoded.map((event, index) => ({
      ...event,
      streamId,
      version: actual + index + 1,
      position: log.length + index + 1,
    }));
    target.events.push(...stored);
    log.push(...stored);
    if (key !== undefined) target.batches.set(key, { first: actual + 1, last: actual + stored.length });
    streams.set(streamId, target);
    changes.notify();
    return { streamId, nextExpectedVersion: actual + stored.length, events: stored.map(decodeRecord), replayed: false };
  }

  async function* readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope> {
    lifecycle.assertOpen();
    const { fromVersion, toVersion, limit } = streamBounds(options);
    const events = streams.get(streamId)?.events ?? [];
    // Indexes are re-checked on every step: a reader sees events appended while it iterates.
    for (let version = fromVersion, count = 0; version <= toVersion && count < limit; version += 1, count += 1) {
      lifecycle.assertOpen();
      const event = events[version - 1];
      if (event === undefined) return;
      yield decodeRecord(event);
    }
  }

  async function* readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    lifecycle.assertOpen();
    const { after, limit } = logBounds(options);
    // Positions are 1-based and contiguous here, so position p sits at index p - 1.
    for (let index = after, count = 0; count < limit; index += 1, count += 1) {
      lifecycle.assertOpen();
      const event = log[index];
      if (event === undefined) return;
      yield decodeRecord(event);
    }
  }

  return {
    append,
    readStream,
    readAll,
    async streamVersion(streamId) {
      lifecycle.assertOpen();
      return streams.get(streamId)?.events.length ?? 0;
    },
    async headPosition() {
      lifecycle.assertOpen();
      return log.length;
    },
    subscribe(options?: SubscribeOptions) {
      lifecycle.assertOpen();
      return subscribeToLog({ readAll, changes, closed: lifecycle.closed }, options);
    },
    close: lifecycle.close,
  };
}

export const openMemoryEvents: ComponentOpener<MemoryConnection, 'events'> = async (_connection, lifecycle) => createInMemoryEventStore(lifecycle);

/** A fresh envelope for a stored record: copies of its data and metadata. */
function decodeRecord(record: MemoryRecord): EventEnvelope {
  return {
    id: record.id,
    type: record.type,
    source: record.source,
    subject: record.streamId,
    time: record.time,
    data: cloneJson(record.data),
    streamId: record.streamId,
    version: record.version,
    position: record.position,
    schemaVersion: record.schemaVersion,
    metadata: cloneJson(record.metadata),
  };
}
