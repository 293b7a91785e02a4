import { componentHarness, postgresTestBackendList } from '../support/backends.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

for (const backend of postgresTestBackendList()) describeSnapshotStoreContract(backend.name, componentHarness(backend, 'snapshots'));
