import { StoreError } from '../../errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../events/envelope.js';
import { normalizeEvents, type NormalizedEvent } from '../event-codec.js';
import { cloneJson } from '../json-clone.js';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { checkExpectedVersion, idempotencyKeyOf } from '../expected-version.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { createChangeNotifier, subscribeToLog } from '../subscription-loop.js';

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
export class InMemoryEventStore implements EventStore {
  readonly #log: MemoryRecord[] = [];
  readonly #streams = new Map<string, StoredStream>();
  readonly #changes = createChangeNotifier();
  readonly #closing = new AbortController();

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#assertOpen();
    const encoded = normalizeEvents(streamId, events);
    const stream = this.#streams.get(streamId);
    const actual = stream?.events.length ?? 0;
    const key = idempotencyKeyOf(events);
    const batch = key === undefined ? undefined : stream?.batches.get(key);
    if (stream !== undefined && batch !== undefined) {
      const replayed = stream.events.slice(batch.first - 1, batch.last);
      return { streamId, nextExpectedVersion: batch.last, events: replayed.map(decodeRecord) };
    }
    checkExpectedVersion(streamId, options.expectedVersion ?? 'any', actual);
    if (encoded.length === 0) return { streamId, nextExpectedVersion: actual, events: [] };

    const target: StoredStream = stream ?? { events: [], batches: new Map() };
    const stored: MemoryRecord[] = encoded.map((event, index) => ({
      ...event,
      streamId,
      version: actual + index + 1,
      position: this.#log.length + index + 1,
    }));
    target.events.push(...stored);
    this.#log.push(...stored);
    if (key !== undefined) target.batches.set(key, { first: actual + 1, last: actual + stored.length });
    this.#streams.set(streamId, target);
    this.#changes.notify();
    return { streamId, nextExpectedVersion: actual + stored.length, events: stored.map(decodeRecord) };
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    const { fromVersion, toVersion, limit } = streamBounds(options);
    const events = this.#streams.get(streamId)?.events ?? [];
    // Indexes are re-checked on every step: a reader sees events appended while it iterates.
    for (let version = fromVersion, count = 0; version <= toVersion && count < limit; version += 1, count += 1) {
      this.#assertOpen();
      const event = events[version - 1];
      if (event === undefined) return;
      yield decodeRecord(event);
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    this.#assertOpen();
    return this.#streams.get(streamId)?.events.length ?? 0;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    const { after, limit } = logBounds(options);
    // Positions are 1-based and contiguous here, so position p sits at index p - 1.
    for (let index = after, count = 0; count < limit; index += 1, count += 1) {
      this.#assertOpen();
      const event = this.#log[index];
      if (event === undefined) return;
      yield decodeRecord(event);
    }
  }

  subscribe(options?: SubscribeOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    return subscribeToLog({ readAll: (o) => this.readAll(o), changes: this.#changes, closed: this.#closing.signal }, options);
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#changes.close();
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new StoreError('The in-memory event store is closed');
  }
}

export function createInMemoryEventStore(): InMemoryEventStore {
  return new InMemoryEventStore();
}

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
