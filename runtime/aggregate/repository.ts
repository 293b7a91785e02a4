import type { EventStore } from '../store/event-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import { streamIdOf, type AggregateDefinition, type Command, type DomainEvent } from './definition.js';
import { reportSafely, warnOnError, type ErrorReporter } from './error-reporter.js';
import { isSnapshotDue, type SnapshotPolicy } from './snapshot-policy.js';
import { createEventReader } from './upcast.js';

export interface AggregateRepositoryOptions {
  readonly store: EventStore;
  /** Used only for aggregates with a snapshot policy; without it every load folds the whole stream. */
  readonly snapshots?: SnapshotStore | undefined;
  /** Receives tolerated failures (snapshot reads and writes). Default: a warning on stderr. */
  readonly onError?: ErrorReporter | undefined;
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
  /** The version of the snapshot the load started from; 0 when none was usable. */
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
   * Call after `events` were appended on top of `loaded`, making the stream `version`: saves a
   * snapshot of the resulting state when the policy says so. Never throws; failures go to `onError`.
   */
  afterAppend(loaded: LoadedAggregate<State>, events: readonly E[], version: number, takenAt: string, command?: string): Promise<void>;
}

export function createAggregateRepository<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
  options: AggregateRepositoryOptions,
): AggregateRepository<State, E> {
  const { store } = options;
  const policy: SnapshotPolicy | undefined = definition.snapshot;
  const snapshots = policy === undefined ? undefined : options.snapshots;
  const onError = options.onError ?? warnOnError;
  const readEvent = createEventReader(definition);
  const { evolve, stateSchemaHash, name: aggregate } = definition;

  async function loadSnapshot(streamId: string): Promise<{ readonly state: State; readonly version: number } | undefined> {
    if (snapshots === undefined) return undefined;
    try {
      const snapshot = await snapshots.load(streamId);
      if (snapshot === undefined || snapshot.stateSchemaHash !== stateSchemaHash || snapshot.streamId !== streamId) return undefined;
      // Taken by this definition under the same state schema hash: the stored state is a State.
      return { state: snapshot.state as State, version: snapshot.version };
    } catch (error) {
      reportSafely(onError, error, { phase: 'snapshot-load', aggregate, streamId });
      return undefined;
    }
  }

  async function load(id: string): Promise<LoadedAggregate<State>> {
    const streamId = streamIdOf(definition, id);
    const snapshot = await loadSnapshot(streamId);
    let state = snapshot === undefined ? definition.initialState : snapshot.state;
    const snapshotVersion = snapshot === undefined ? 0 : snapshot.version;
    let version = snapshotVersion;
    const events = store.readStream(streamId, snapshotVersion > 0 ? { fromVersion: snapshotVersion + 1 } : undefined);
    for await (const envelope of events) {
      state = evolve(state, readEvent(envelope));
      version = envelope.version;
    }
    return { id, streamId, state, version, exists: version > 0, snapshotVersion };
  }

  async function afterAppend(loaded: LoadedAggregate<State>, events: readonly E[], version: number, takenAt: string, command?: string): Promise<void> {
    if (snapshots === undefined || policy === undefined) return;
    if (!isSnapshotDue(policy, loaded.snapshotVersion, loaded.version, version)) return;
    const { streamId } = loaded;
    try {
      let state = loaded.state;
      for (const event of events) state = evolve(state, event);
      await snapshots.save({ streamId, version, stateSchemaHash, state, takenAt });
    } catch (error) {
      reportSafely(onError, error, { phase: 'snapshot-save', aggregate, streamId, ...(command === undefined ? {} : { command }) });
    }
  }

  return { streamIdOf: (id) => streamIdOf(definition, id), load, afterAppend };
}
