import { componentHarness, postgresTestBackendList } from '../support/backends.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

for (const backend of postgresTestBackendList()) describeCheckpointStoreContract(backend.name, componentHarness(backend, 'checkpoints'));
