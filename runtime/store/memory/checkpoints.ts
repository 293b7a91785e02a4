import { checkPosition, type CheckpointStore } from '../../subscription/checkpoint-store.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';

/** Subscription checkpoints in process memory: for tests and for projections rebuilt at every start. */
export function createInMemoryCheckpointStore(lifecycle: Lifecycle = createLifecycle('in-memory checkpoint store')): CheckpointStore {
  const positions = new Map<string, number>();
  return {
    async load(subscription) {
      lifecycle.assertOpen();
      return positions.get(subscription);
    },
    async save(subscription, position) {
      lifecycle.assertOpen();
      positions.set(subscription, checkPosition(position));
    },
    async delete(subscription) {
      lifecycle.assertOpen();
      positions.delete(subscription);
    },
    close: lifecycle.close,
  };
}

export const openMemoryCheckpoints: ComponentOpener<MemoryConnection, 'checkpoints'> = async (_connection, lifecycle) => createInMemoryCheckpointStore(lifecycle);
