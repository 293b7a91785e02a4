/** An aggregate's state at a stream version, tagged with the hash of the state shape it was taken under. */
export interface Snapshot<State = unknown> {
  readonly streamId: string;
  /** The stream version the state reflects (all events up to and including it are folded in). */
  readonly version: number;
  readonly stateSchemaHash: string;
  readonly state: State;
  /** RFC 3339 UTC. */
  readonly takenAt: string;
}

/** Keeps the latest snapshot per stream. Every adapter passes test/snapshot/snapshot-store.contract.ts. */
export interface SnapshotStore {
  load(streamId: string): Promise<Snapshot | undefined>;
  /** Replaces the stream's snapshot, unless the stored one is at a higher version. */
  save(snapshot: Snapshot): Promise<void>;
  delete(streamId: string): Promise<void>;
  close(): Promise<void>;
}
