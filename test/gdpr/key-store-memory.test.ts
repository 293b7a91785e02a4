import { createInMemoryKeyStore } from '../../runtime/store/memory/key-store.js';
import { describeKeyStoreContract } from './key-store.contract.js';

describeKeyStoreContract('in-memory', { open: async () => createInMemoryKeyStore() });
