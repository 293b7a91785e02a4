import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshots.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

describeSnapshotStoreContract('in-memory', { open: async () => createInMemorySnapshotStore() });
describeSnapshotStoreContract('in-memory backend', componentHarness(memoryTestBackend(), 'snapshots'));
