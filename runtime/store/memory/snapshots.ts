import type { SnapshotStore } from '../../snapshot/snapshot-store.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';
import type { MemoryConnection } from './connection.js';

/** Latest snapshot per stream, in process memory; state kept as JSON text like the durable adapters. */
export function createInMemorySnapshotStore(lifecycle: Lifecycle = createLifecycle('in-memory snapshot store')): SnapshotStore {
  const snapshots = new Map<string, EncodedSnapshot>();
  return {
    async load(streamId) {
      lifecycle.assertOpen();
      const stored = snapshots.get(streamId);
      return stored === undefined ? undefined : decodeSnapshot(stored);
    },
    async save(snapshot) {
      lifecycle.assertOpen();
      const encoded = encodeSnapshot(snapshot);
      const stored = snapshots.get(snapshot.streamId);
      if (stored !== undefined && stored.version > encoded.version) return;
      snapshots.set(snapshot.streamId, encoded);
    },
    async delete(streamId) {
      lifecycle.assertOpen();
      snapshots.delete(streamId);
    },
    close: lifecycle.close,
  };
}

export const openMemorySnapshots: ComponentOpener<MemoryConnection, 'snapshots'> = async (_connection, lifecycle) => createInMemorySnapshotStore(lifecycle);
