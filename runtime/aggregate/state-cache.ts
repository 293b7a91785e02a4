/** An aggregate folded up to `version`, kept between commands. */
export interface CachedAggregate<State> {
  readonly state: State;
  readonly version: number;
  /** The latest usable snapshot's version when this state was folded (drives the snapshot policy). */
  readonly snapshotVersion: number;
}

/**
 * Folded aggregates kept in process memory, so a command on a hot aggregate reads only the events
 * appended since its previous command instead of snapshot + tail. The store stays the source of
 * truth: a cached state is always completed with the stream's later events before use, so another
 * writer (process) can never make it stale. Bounded: the least recently written entry is evicted first.
 */
export interface StateCache<State> {
  get(streamId: string): CachedAggregate<State> | undefined;
  /** Keeps `entry` unless a newer version of the stream is already cached. */
  set(streamId: string, entry: CachedAggregate<State>): void;
  delete(streamId: string): void;
  clear(): void;
  readonly size: number;
}

/** A cache of at most `capacity` aggregates; `undefined` (no cache) when capacity is 0 or less. */
export function createStateCache<State>(capacity: number): StateCache<State> | undefined {
  if (!(capacity >= 1)) return undefined;
  const entries = new Map<string, CachedAggregate<State>>();
  return {
    get: (streamId) => entries.get(streamId),
    set(streamId, entry) {
      const existing = entries.get(streamId);
      if (existing !== undefined) {
        if (existing.version > entry.version) return;
        // Re-inserted at the end: Map order is then least recently written first.
        entries.delete(streamId);
      } else if (entries.size >= capacity) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(streamId, entry);
    },
    delete: (streamId) => void entries.delete(streamId),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
