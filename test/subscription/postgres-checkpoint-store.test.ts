import { createPostgresCheckpointStore } from '../../runtime/store/postgres/checkpoint-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

for (const backend of postgresTestBackends()) {
  describeCheckpointStoreContract(backend.name, {
    open: async () => createPostgresCheckpointStore(await backend.fresh()),
    cleanup: () => backend.cleanup(),
  });
}
