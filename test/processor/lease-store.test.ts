import { componentHarness, memoryTestBackend, postgresTestBackendList, sqliteTestBackends } from '../support/backends.js';
import { describeLeaseStoreContract } from './lease-store.contract.js';

for (const backend of [memoryTestBackend(), ...sqliteTestBackends(), ...postgresTestBackendList()]) {
  describeLeaseStoreContract(backend.name, componentHarness(backend, 'leases'));
}
