import { createInMemoryKeyStore } from '../../runtime/store/memory/keys.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeKeyStoreContract } from './key-store.contract.js';

describeKeyStoreContract('in-memory', { open: async () => createInMemoryKeyStore() });
describeKeyStoreContract('in-memory backend', componentHarness(memoryTestBackend(), 'keys'));
