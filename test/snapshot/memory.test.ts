import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshot-store.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

describeSnapshotStoreContract('in-memory', {
  open: async () => createInMemorySnapshotStore(),
});
