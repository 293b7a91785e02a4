import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract('in-memory', { open: async () => createInMemoryEventStore() });
describeEventStoreContract('in-memory backend', componentHarness(memoryTestBackend(), 'events'));
