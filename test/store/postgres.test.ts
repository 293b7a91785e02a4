import { componentHarness, postgresTestBackendList } from '../support/backends.js';
import { describeEventStoreContract } from './event-store.contract.js';

for (const backend of postgresTestBackendList()) describeEventStoreContract(backend.name, componentHarness(backend, 'events'));
