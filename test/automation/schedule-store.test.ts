import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createInMemoryScheduleStore } from '../../runtime/store/memory/schedule-store.js';
import { createPostgresScheduleStore } from '../../runtime/store/postgres/schedule-store.js';
import { createSqliteScheduleStore } from '../../runtime/store/sqlite/schedule-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeScheduleStoreContract } from './schedule-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-schedules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
let last = '';

describeScheduleStoreContract('memory', { open: async () => createInMemoryScheduleStore() });
describeScheduleStoreContract('SQLite file', {
  open: async () => createSqliteScheduleStore((last = join(root, `schedules-${(files += 1)}.db`))),
  again: async () => createSqliteScheduleStore(last),
});
for (const backend of postgresTestBackends()) {
  describeScheduleStoreContract(backend.name, {
    open: async () => createPostgresScheduleStore(await backend.fresh()),
    again: async () => createPostgresScheduleStore(await backend.again()),
    cleanup: () => backend.cleanup(),
  });
}
