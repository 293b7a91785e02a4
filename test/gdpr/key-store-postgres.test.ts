import { createPostgresKeyStore } from '../../runtime/store/postgres/key-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeKeyStoreContract } from './key-store.contract.js';

for (const backend of postgresTestBackends()) {
  describeKeyStoreContract(backend.name, {
    open: async () => createPostgresKeyStore(await backend.fresh()),
    reopen: async () => createPostgresKeyStore(await backend.again()),
    cleanup: () => backend.cleanup(),
  });
}
