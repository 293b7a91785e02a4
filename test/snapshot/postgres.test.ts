import { createPostgresSnapshotStore } from '../../runtime/store/postgres/snapshot-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

for (const backend of postgresTestBackends()) {
  describeSnapshotStoreContract(backend.name, {
    open: async () => createPostgresSnapshotStore(await backend.fresh()),
    cleanup: () => backend.cleanup(),
  });
}
