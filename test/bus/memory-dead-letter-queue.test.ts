import { createInMemoryDeadLetterQueue } from '../../runtime/store/memory/dead-letter-queue.js';
import { describeDeadLetterQueueContract } from './dead-letter-queue.contract.js';

describeDeadLetterQueueContract('in-memory', { open: async () => createInMemoryDeadLetterQueue() });
