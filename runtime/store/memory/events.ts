import { refuseWithin } from '../append-within.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import type { ComponentOpener } from '../backend.js';
import { normalizeEvents, type NormalizedEvent } from '../event-codec.js';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import { eventsOfPages, offerStoredStreamEvents } from '../pages.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog, type ChangeNotifier } from '../subscription-loop.js';
import type { MemoryConnection } from './connection.js';

interface StoredStream {
  /** `events[v - 1]` is version v. */
  readonly events: EventEnvelope[];
  /** Idempotency key -> the version range of the batch it was appended with. */
  readonly batches: Map<string, { readonly first: number; readonly last: number }>;
}

/** Events per page of a stream read: a slice of the stream, handed out without copying the events. */
const PAGE_SIZE = 1024;

/**
 * An event store in process memory: for tests, examples and benchmarks. Lost on exit. Events are
 * kept as exactly the values a JSON round trip gives (so code that passes here behaves the same on
 * SQLite or PostgreSQL), copied from the writer's objects once, at append, without the text. Each
 * stored envelope is then deeply frozen and shared: appends, reads and subscriptions hand out the
 * stored objects themselves, so no reader pays for a copy and none can change what another sees
 * (a change throws in strict mode, and is ignored otherwise). Appends run synchronously inside one
 * call, so concurrent appends are serialized and the global log has no gaps.
 */
export function createInMemoryEventStore(lifecycle: Lifecycle = createLifecycle('in-memory event store')): EventStore {
  const log: EventEnvelope[] = [];
  const streams = new Map<string, StoredStream>();
  const changes = createChangeNotifier();
  lifecycle.onClose(() => changes.close());

  const memory: Memory = { log, streams, changes, lifecycle };

  async function append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    return appendTo(memory, streamId, events, options);
  }

  async function* readStreamPages(streamId: string, options?: ReadStreamOptions): AsyncGenerator<readonly EventEnvelope[], void, undefined> {
    lifecycle.assertOpen();
    const { fromVersion, toVersion, limit } = streamBounds(options);
    let next = fromVersion;
    let remaining = limit;
    // Bounds are re-read for every page: a reader sees events appended while it iterates.
    while (remaining > 0 && next <= toVersion) {
      lifecycle.assertOpen();
      const events = streams.get(streamId)?.events;
      if (events === undefined) return;
      const end = Math.min(events.length, toVersion, next - 1 + Math.min(remaining, PAGE_SIZE));
      if (end < next) return;
      const page = events.slice(next - 1, end);
      remaining -= page.length;
      next = end + 1;
      yield page;
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
      yield event;
    }
  }

  const store: EventStore = {
    append,
    readStreamPages,
    readStream: (streamId, options) => eventsOfPages(readStreamPages(streamId, options)),
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
  offerStoredStreamEvents(store, (streamId) => {
    lifecycle.assertOpen();
    return streams.get(streamId)?.events;
  });
  return store;
}

export const openMemoryEvents: ComponentOpener<MemoryConnection, 'events'> = async (_connection, lifecycle) => createInMemoryEventStore(lifecycle);

/** What the operations of one in-memory store share. */
interface Memory {
  readonly log: EventEnvelope[];
  readonly streams: Map<string, StoredStream>;
  readonly changes: ChangeNotifier;
  readonly lifecycle: Lifecycle;
}

/**
 * An append, done synchronously (see createInMemoryEventStore). A module function rather than a
 * closure made per store: V8 then optimizes it once per process, not again for every store.
 */
function appendTo(memory: Memory, streamId: string, events: readonly NewEvent[], options: AppendOptions): AppendResult {
  const { log, streams } = memory;
  memory.lifecycle.assertOpen();
  refuseWithin(options, 'in-memory event store');
  const encoded = normalizeEvents(streamId, events);
  const stream = streams.get(streamId);
  const actual = stream?.events.length ?? 0;
  const key = idempotencyKeyOf(streamId, options);
  const batch = key === undefined ? undefined : stream?.batches.get(key);
  if (stream !== undefined && batch !== undefined) {
    return { streamId, nextExpectedVersion: batch.last, events: stream.events.slice(batch.first - 1, batch.last), replayed: true };
  }
  checkExpectedVersion(streamId, options.expectedVersion ?? 'any', actual);
  if (encoded.length === 0) return { streamId, nextExpectedVersion: actual, events: [], replayed: false };

  const target: StoredStream = stream ?? { events: [], batches: new Map() };
  const stored = new Array<EventEnvelope>(encoded.length);
  for (let index = 0; index < encoded.length; index++) {
    stored[index] = storedEnvelope(encoded[index] as NormalizedEvent, streamId, actual + index + 1, log.length + index + 1);
  }
  for (const envelope of stored) {
    target.events.push(envelope);
    log.push(envelope);
  }
  if (key !== undefined) target.batches.set(key, { first: actual + 1, last: actual + stored.length });
  if (stream === undefined) streams.set(streamId, target);
  memory.changes.notify();
  return { streamId, nextExpectedVersion: actual + stored.length, events: stored, replayed: false };
}

/** The stored form of an event: its envelope, frozen (data and metadata come frozen from normalizeEvents). */
function storedEnvelope(event: NormalizedEvent, streamId: string, version: number, position: number): EventEnvelope {
  return Object.freeze({
    id: event.id,
    type: event.type,
    source: event.source,
    subject: streamId,
    time: event.time,
    data: event.data,
    streamId,
    version,
    position,
    schemaVersion: event.schemaVersion,
    metadata: event.metadata,
  });
}
