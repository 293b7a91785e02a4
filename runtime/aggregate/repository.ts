import type { EventEnvelope } from '../events/envelope.js';
import type { EventStore } from '../store/event-store.js';
import { storedStreamEventsOf, type StoredStreamEvents } from '../store/pages.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import { streamIdOf, type AggregateDefinition, type Command, type DomainEvent } from './definition.js';
import { reportSafely, warnOnError, type ErrorReporter } from './error-reporter.js';
import { isSnapshotDue, type SnapshotPolicy } from './snapshot-policy.js';
import { createStateCache, type CachedAggregate, type StateCache } from './state-cache.js';
import { StreamEventReader } from './upcast.js';

export interface AggregateRepositoryOptions {
  readonly store: EventStore;
  /** Used only for aggregates with a snapshot policy; without it every load folds the whole stream. */
  readonly snapshots?: SnapshotStore | undefined;
  /** Receives tolerated failures (snapshot reads and writes). Default: a warning on stderr. */
  readonly onError?: ErrorReporter | undefined;
  /**
   * How many folded aggregates to keep in process memory between commands (least recently written
   * evicted first); a cached aggregate is completed with the stream's newer events on every load, so
   * it is never stale. Default 0: every load starts from the snapshot store. Cached states hold
   * decrypted personal data: call `clearCache` after forgetting a data subject.
   */
  readonly cacheSize?: number | undefined;
}

/** An aggregate instance folded from its snapshot and stream. */
export interface LoadedAggregate<State> {
  readonly id: string;
  readonly streamId: string;
  readonly state: State;
  /** The stream version the state reflects; 0 when the stream has no events. */
  readonly version: number;
  /** Whether the stream has events. */
  readonly exists: boolean;
  /** The version of the latest usable snapshot the state builds on; 0 when none. */
  readonly snapshotVersion: number;
}

export interface AggregateRepository<State, E extends DomainEvent> {
  streamIdOf(id: string): string;
  /**
   * The latest usable snapshot (same state schema hash), then only the later events, each upcast
   * to its current schema version before `evolve`. An unknown stored event type raises
   * UnknownEventError; a version that cannot be lifted raises UpcastError.
   */
  load(id: string): Promise<LoadedAggregate<State>>;
  /**
   * `load` without a promise when nothing has to be awaited: the store keeps the stream in memory
   * (the in-memory store) and the load starts from the cached state or the initial one, not from
   * the snapshot store. Undefined when it cannot: then call `load`.
   */
  loadNow(id: string): LoadedAggregate<State> | undefined;
  /**
   * Call after `events` were appended on top of `loaded`, making the stream `version`: saves a
   * snapshot of the resulting state when the policy says so. Never throws; failures go to `onError`.
   * Returns undefined, without a promise to wait for, when there is nothing to do (no snapshot due,
   * no cache).
   */
  afterAppend(loaded: LoadedAggregate<State>, events: readonly E[], version: number, takenAt: string, command?: string): Promise<void> | undefined;
  /** Drops cached state: of one aggregate, or of all. A no-op without a cache. */
  clearCache(id?: string): void;
}

/** Where a load starts: a snapshot or a cached state. */
type Start<State> = { readonly state: State; readonly version: number };

export function createAggregateRepository<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
  options: AggregateRepositoryOptions,
): AggregateRepository<State, E> {
  const repository = new Repository(definition, options);
  // Plain functions, so that a caller may pass them around detached from the object.
  return {
    streamIdOf: (id) => repository.streamIdOf(id),
    load: (id) => repository.load(id),
    loadNow: (id) => repository.loadNow(id),
    afterAppend: (loaded, events, version, takenAt, command) => repository.afterAppend(loaded, events, version, takenAt, command),
    clearCache: (id) => repository.clearCache(id),
  };
}

/**
 * The repository behind createAggregateRepository (the command executor uses it directly). A class,
 * not closures made per repository: its methods are one function each for every repository of the
 * process, so V8 optimizes the fold once, instead of again for each repository (a domain runtime
 * created per test, per tenant or per benchmark round would otherwise run its first thousands of
 * commands in unoptimized code).
 */
export class Repository<State, C extends Command, E extends DomainEvent> implements AggregateRepository<State, E> {
  readonly #definition: AggregateDefinition<State, C, E>;
  readonly #store: EventStore;
  readonly #policy: SnapshotPolicy | undefined;
  readonly #snapshots: SnapshotStore | undefined;
  readonly #onError: ErrorReporter;
  readonly #reader: StreamEventReader<E>;
  readonly #cache: StateCache<State> | undefined;
  readonly #storedEvents: StoredStreamEvents | undefined;

  constructor(definition: AggregateDefinition<State, C, E>, options: AggregateRepositoryOptions) {
    this.#definition = definition;
    this.#store = options.store;
    this.#policy = definition.snapshot;
    this.#snapshots = this.#policy === undefined ? undefined : options.snapshots;
    this.#onError = options.onError ?? warnOnError;
    this.#reader = new StreamEventReader(definition);
    this.#cache = createStateCache<State>(options.cacheSize ?? 0);
    this.#storedEvents = storedStreamEventsOf(options.store);
  }

  streamIdOf(id: string): string {
    return streamIdOf(this.#definition, id);
  }

  async #loadSnapshot(streamId: string): Promise<Start<State> | undefined> {
    const snapshots = this.#snapshots;
    if (snapshots === undefined) return undefined;
    try {
      const snapshot = await snapshots.load(streamId);
      if (snapshot === undefined || snapshot.stateSchemaHash !== this.#definition.stateSchemaHash || snapshot.streamId !== streamId) return undefined;
      // Taken by this definition under the same state schema hash: the stored state is a State.
      return { state: snapshot.state as State, version: snapshot.version };
    } catch (error) {
      reportSafely(this.#onError, error, { phase: 'snapshot-load', aggregate: this.#definition.name, streamId });
      return undefined;
    }
  }

  async load(id: string): Promise<LoadedAggregate<State>> {
    const streamId = streamIdOf(this.#definition, id);
    const cached = this.#cache?.get(streamId);
    const start = cached ?? (this.#snapshots === undefined ? undefined : await this.#loadSnapshot(streamId));
    if (this.#storedEvents !== undefined) return this.#foldStored(id, streamId, cached, start);
    let state = start === undefined ? this.#definition.initialState : start.state;
    let version = start === undefined ? 0 : start.version;
    const pages = this.#store.readStreamPages(streamId, version > 0 ? { fromVersion: version + 1 } : undefined);
    // One await per page; the events of a page are folded in a plain loop.
    for await (const page of pages) {
      state = this.#fold(state, page, 0);
      version = page.at(-1)?.version ?? version;
    }
    return this.#loaded(id, streamId, state, version, cached, start);
  }

  loadNow(id: string): LoadedAggregate<State> | undefined {
    const cache = this.#cache;
    if (this.#storedEvents === undefined || (this.#snapshots !== undefined && cache === undefined)) return undefined;
    const streamId = streamIdOf(this.#definition, id);
    const cached = cache?.get(streamId);
    // A start from the snapshot store is a read to await.
    if (cached === undefined && this.#snapshots !== undefined) return undefined;
    return this.#foldStored(id, streamId, cached, cached);
  }

  /** The events after `start` folded where the store keeps them in memory (see storedStreamEventsOf): no await. */
  #foldStored(id: string, streamId: string, cached: CachedAggregate<State> | undefined, start: Start<State> | undefined): LoadedAggregate<State> {
    let state = start === undefined ? this.#definition.initialState : start.state;
    let version = start === undefined ? 0 : start.version;
    const events = this.#storedEvents?.(streamId);
    if (events !== undefined && events.length > version) {
      state = this.#fold(state, events, version);
      version = events.length;
    }
    return this.#loaded(id, streamId, state, version, cached, start);
  }

  /** `state` evolved by `events` from index `from` on, each read at its current version: a plain loop. */
  #fold(state: State, events: readonly EventEnvelope[], from: number): State {
    const { evolve } = this.#definition;
    const reader = this.#reader;
    let folded = state;
    for (let index = from; index < events.length; index++) folded = evolve(folded, reader.read(events[index] as EventEnvelope));
    return folded;
  }

  /** The loaded aggregate, cached when it is newer than the cached one. */
  #loaded(id: string, streamId: string, state: State, version: number, cached: CachedAggregate<State> | undefined, start: Start<State> | undefined): LoadedAggregate<State> {
    const snapshotVersion = cached !== undefined ? cached.snapshotVersion : start === undefined ? 0 : start.version;
    const cache = this.#cache;
    if (cache !== undefined && version > 0 && version !== cached?.version) cache.set(streamId, { state, version, snapshotVersion });
    return { id, streamId, state, version, exists: version > 0, snapshotVersion };
  }

  afterAppend(loaded: LoadedAggregate<State>, events: readonly E[], version: number, takenAt: string, command?: string): Promise<void> | undefined {
    const policy = this.#policy;
    const due = this.#snapshots !== undefined && policy !== undefined && isSnapshotDue(policy, loaded.snapshotVersion, loaded.version, version);
    if (!due && this.#cache === undefined) return undefined;
    return this.#snapshotAndCache(loaded, events, version, takenAt, command, due);
  }

  async #snapshotAndCache(loaded: LoadedAggregate<State>, events: readonly E[], version: number, takenAt: string, command: string | undefined, due: boolean): Promise<void> {
    const { streamId } = loaded;
    const { evolve, stateSchemaHash, name: aggregate } = this.#definition;
    const cache = this.#cache;
    const context = { phase: 'snapshot-save', aggregate, streamId, ...(command === undefined ? {} : { command }) } as const;
    let state = loaded.state;
    try {
      for (const event of events) state = evolve(state, event);
    } catch (error) {
      // evolve rejected events decide just produced: a bug, but the events are committed.
      cache?.delete(streamId);
      reportSafely(this.#onError, error, context);
      return;
    }
    let snapshotVersion = loaded.snapshotVersion;
    const snapshots = this.#snapshots;
    if (due && snapshots !== undefined) {
      try {
        await snapshots.save({ streamId, version, stateSchemaHash, state, takenAt });
        snapshotVersion = version;
      } catch (error) {
        reportSafely(this.#onError, error, context);
      }
    }
    cache?.set(streamId, { state, version, snapshotVersion });
  }

  clearCache(id?: string): void {
    if (id === undefined) this.#cache?.clear();
    else this.#cache?.delete(streamIdOf(this.#definition, id));
  }
}
