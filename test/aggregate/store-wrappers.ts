// Real stores wrapped to observe or perturb them: they delegate every call to a working store, so
// tests exercise the real behaviour and only add counting, an outside writer, or an outage.
import type { EventEnvelope, NewEvent } from '../../runtime/events/envelope.js';
import type { AppendOptions, AppendResult, EventStore, ReadStreamOptions } from '../../runtime/store/event-store.js';
import type { Snapshot, SnapshotStore } from '../../runtime/snapshot/snapshot-store.js';
import { StoreError } from '../../runtime/errors/errors.js';
import { eventsOfPages } from '../../runtime/store/pages.js';

/** Counts the events each stream read (readStream or readStreamPages) yields and records the options it was called with. */
export interface CountingStore extends EventStore {
  readonly reads: { readonly streamId: string; readonly options: ReadStreamOptions | undefined; events: number }[];
  /** Total events yielded by stream reads since the last reset. */
  eventsRead(): number;
  reset(): void;
}

export function countingStore(inner: EventStore): CountingStore {
  const reads: { streamId: string; options: ReadStreamOptions | undefined; events: number }[] = [];
  return {
    reads,
    eventsRead: () => reads.reduce((sum, read) => sum + read.events, 0),
    reset: () => void reads.splice(0),
    append: (streamId, events, options) => inner.append(streamId, events, options),
    async *readStreamPages(streamId, options) {
      const read = { streamId, options, events: 0 };
      reads.push(read);
      for await (const page of inner.readStreamPages(streamId, options)) {
        read.events += page.length;
        yield page;
      }
    },
    readStream(streamId, options) {
      return eventsOfPages(this.readStreamPages(streamId, options));
    },
    streamVersion: (streamId) => inner.streamVersion(streamId),
    headPosition: () => inner.headPosition(),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
}

/**
 * Before each of the next `times` appends, another writer appends `intruder` to the same stream,
 * so the writer's expected version is stale: a real conflict, raised by the real store.
 */
export function racingStore(inner: EventStore, times: number, intruder: (streamId: string) => NewEvent): EventStore & { readonly intrusions: () => number } {
  let intrusions = 0;
  return {
    intrusions: () => intrusions,
    async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
      if (intrusions < times) {
        intrusions += 1;
        await inner.append(streamId, [intruder(streamId)]);
      }
      return inner.append(streamId, events, options);
    },
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readStreamPages: (streamId, options) => inner.readStreamPages(streamId, options),
    streamVersion: (streamId) => inner.streamVersion(streamId),
    headPosition: () => inner.headPosition(),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
}

/** A snapshot store whose reads and/or writes fail like a broken disk, recording what was attempted. */
export function brokenSnapshotStore(inner: SnapshotStore, broken: { readonly load?: boolean; readonly save?: boolean }): SnapshotStore & { readonly saveAttempts: Snapshot[] } {
  const saveAttempts: Snapshot[] = [];
  return {
    saveAttempts,
    load: (streamId) => (broken.load === true ? Promise.reject(new StoreError('snapshot read failed: disk unplugged')) : inner.load(streamId)),
    save: (snapshot) => {
      saveAttempts.push(snapshot);
      return broken.save === true ? Promise.reject(new StoreError('snapshot write failed: disk full')) : inner.save(snapshot);
    },
    delete: (streamId) => inner.delete(streamId),
    close: () => inner.close(),
  };
}

/** Collects every published batch; a minimal EventPublisher (the real bus is used elsewhere). */
export function recordingPublisher(onPublish?: (events: readonly EventEnvelope[]) => void | Promise<void>): {
  readonly batches: (readonly EventEnvelope[])[];
  publish(events: readonly EventEnvelope[]): Promise<void>;
} {
  const batches: (readonly EventEnvelope[])[] = [];
  return {
    batches,
    async publish(events) {
      batches.push(events);
      await onPublish?.(events);
    },
  };
}
