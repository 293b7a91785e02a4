import { createInMemoryCheckpointStore } from '../../runtime/store/memory/checkpoints.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

describeCheckpointStoreContract('in-memory', { open: async () => createInMemoryCheckpointStore() });
describeCheckpointStoreContract('in-memory backend', componentHarness(memoryTestBackend(), 'checkpoints'));
