import { StoreError } from '../../errors/errors.js';
import type { Snapshot, SnapshotStore } from '../../snapshot/snapshot-store.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';

/** Latest snapshot per stream, in process memory; state kept as JSON text like the durable adapters. */
export class InMemorySnapshotStore implements SnapshotStore {
  readonly #snapshots = new Map<string, EncodedSnapshot>();
  #closed = false;

  async load(streamId: string): Promise<Snapshot | undefined> {
    this.#assertOpen();
    const stored = this.#snapshots.get(streamId);
    return stored === undefined ? undefined : decodeSnapshot(stored);
  }

  async save(snapshot: Snapshot): Promise<void> {
    this.#assertOpen();
    const encoded = encodeSnapshot(snapshot);
    const stored = this.#snapshots.get(snapshot.streamId);
    if (stored !== undefined && stored.version > encoded.version) return;
    this.#snapshots.set(snapshot.streamId, encoded);
  }

  async delete(streamId: string): Promise<void> {
    this.#assertOpen();
    this.#snapshots.delete(streamId);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The in-memory snapshot store is closed');
  }
}

export function createInMemorySnapshotStore(): InMemorySnapshotStore {
  return new InMemorySnapshotStore();
}
