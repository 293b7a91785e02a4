import { componentHarness, memoryTestBackend, postgresTestBackendList, sqliteTestBackends } from '../support/backends.js';
import { describeReadModelStoreContract } from './read-model-store.contract.js';

for (const backend of [memoryTestBackend(), ...sqliteTestBackends(), ...postgresTestBackendList()]) {
  describeReadModelStoreContract(backend.name, componentHarness(backend, 'readModels'));
}
