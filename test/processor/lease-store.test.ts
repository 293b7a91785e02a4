import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createInMemoryLeaseStore } from '../../runtime/store/memory/lease-store.js';
import { createPostgresLeaseStore } from '../../runtime/store/postgres/lease-store.js';
import { createSqliteLeaseStore } from '../../runtime/store/sqlite/lease-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeLeaseStoreContract } from './lease-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-leases-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
let last = '';

let memory = createInMemoryLeaseStore();
describeLeaseStoreContract('memory', {
  open: async () => (memory = createInMemoryLeaseStore()),
  // The in-memory store is per process: a second handle is the same store.
  again: async () => ({ ...memory, close: async () => undefined }),
});
describeLeaseStoreContract('SQLite file', {
  open: async () => createSqliteLeaseStore((last = join(root, `leases-${(files += 1)}.db`))),
  again: async () => createSqliteLeaseStore(last),
});
for (const backend of postgresTestBackends()) {
  describeLeaseStoreContract(backend.name, {
    open: async () => createPostgresLeaseStore(await backend.fresh()),
    again: async () => createPostgresLeaseStore(await backend.again()),
    cleanup: () => backend.cleanup(),
  });
}
