import { createInMemoryDeadLetterQueue } from '../../runtime/store/memory/dead-letters.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeDeadLetterQueueContract } from './dead-letter-queue.contract.js';

describeDeadLetterQueueContract('in-memory', { open: async () => createInMemoryDeadLetterQueue() });
describeDeadLetterQueueContract('in-memory backend', componentHarness(memoryTestBackend(), 'deadLetters'));
