import { componentHarness, postgresTestBackendList } from '../support/backends.js';
import { describeDeadLetterQueueContract } from './dead-letter-queue.contract.js';

for (const backend of postgresTestBackendList()) describeDeadLetterQueueContract(backend.name, componentHarness(backend, 'deadLetters'));
