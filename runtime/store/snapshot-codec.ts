import type { Snapshot } from '../snapshot/snapshot-store.js';
import { toJsonTextOrThrow } from './json-text.js';

/** A snapshot as adapters keep it: `state` as JSON text. */
export interface EncodedSnapshot {
  readonly streamId: string;
  readonly version: number;
  readonly stateSchemaHash: string;
  /** JSON text. */
  readonly state: string;
  readonly takenAt: string;
}

/** Serializes the state; raises ValidationError when JSON cannot hold it. */
export function encodeSnapshot(snapshot: Snapshot): EncodedSnapshot {
  return {
    streamId: snapshot.streamId,
    version: snapshot.version,
    stateSchemaHash: snapshot.stateSchemaHash,
    state: toJsonTextOrThrow(`snapshot of stream '${snapshot.streamId}'`, snapshot.state, ['state']),
    takenAt: snapshot.takenAt,
  };
}

export function decodeSnapshot(stored: EncodedSnapshot): Snapshot {
  return {
    streamId: stored.streamId,
    version: stored.version,
    stateSchemaHash: stored.stateSchemaHash,
    state: JSON.parse(stored.state) as unknown,
    takenAt: stored.takenAt,
  };
}
