import { createPostgresDeadLetterQueue } from '../../runtime/store/postgres/dead-letter-queue.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeDeadLetterQueueContract } from './dead-letter-queue.contract.js';

for (const backend of postgresTestBackends()) {
  describeDeadLetterQueueContract(backend.name, {
    open: async () => createPostgresDeadLetterQueue(await backend.fresh()),
    cleanup: () => backend.cleanup(),
  });
}
