import { createInMemoryCheckpointStore } from '../../runtime/store/memory/checkpoint-store.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

describeCheckpointStoreContract('in-memory', { open: async () => createInMemoryCheckpointStore() });
