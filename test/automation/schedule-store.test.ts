import { componentHarness, memoryTestBackend, postgresTestBackendList, sqliteTestBackends } from '../support/backends.js';
import { describeScheduleStoreContract } from './schedule-store.contract.js';

for (const backend of [memoryTestBackend(), ...sqliteTestBackends(), ...postgresTestBackendList()]) {
  describeScheduleStoreContract(backend.name, componentHarness(backend, 'schedules'));
}
