import { createPostgresEventStore } from '../../runtime/store/postgres/event-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeEventStoreContract } from './event-store.contract.js';

for (const backend of postgresTestBackends()) {
  describeEventStoreContract(backend.name, {
    open: async () => createPostgresEventStore(await backend.fresh()),
    openSecond: async () => createPostgresEventStore(await backend.again()),
    cleanup: () => backend.cleanup(),
  });
}
