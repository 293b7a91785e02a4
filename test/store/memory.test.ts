import { createInMemoryEventStore } from '../../runtime/store/memory/event-store.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract('in-memory', {
  open: async () => createInMemoryEventStore(),
});
