import { componentHarness, postgresTestBackendList } from '../support/backends.js';
import { describeKeyStoreContract } from './key-store.contract.js';

for (const backend of postgresTestBackendList()) {
  const { open, openSecond, cleanup } = componentHarness(backend, 'keys');
  describeKeyStoreContract(backend.name, { open, ...(openSecond === undefined ? {} : { reopen: openSecond }), cleanup });
}
