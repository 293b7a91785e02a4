import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createInMemoryReadModelStore } from '../../runtime/store/memory/read-model-store.js';
import { createPostgresReadModelStore } from '../../runtime/store/postgres/read-model-store.js';
import { createSqliteReadModelStore } from '../../runtime/store/sqlite/read-model-store.js';
import { postgresTestBackends } from '../support/postgres.js';
import { describeReadModelStoreContract } from './read-model-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-read-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
let last = '';
const freshFile = (): string => (last = join(root, `read-models-${(files += 1)}.db`));

describeReadModelStoreContract('memory', { open: async () => createInMemoryReadModelStore() });
describeReadModelStoreContract('SQLite file', { open: async () => createSqliteReadModelStore(freshFile()), again: async () => createSqliteReadModelStore(last) });
describeReadModelStoreContract('SQLite :memory:', { open: async () => createSqliteReadModelStore(':memory:') });
for (const backend of postgresTestBackends()) {
  describeReadModelStoreContract(backend.name, {
    open: async () => createPostgresReadModelStore(await backend.fresh()),
    again: async () => createPostgresReadModelStore(await backend.again()),
    cleanup: () => backend.cleanup(),
  });
}
