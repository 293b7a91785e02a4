import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../runtime/store/backend.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import { componentHarness, sqliteTestBackends, tempFolder } from '../support/backends.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

const folder = tempFolder('sqlite-snapshots');
const freshFile = (): string => join(folder(), 'snapshots.db');

for (const backend of sqliteTestBackends()) describeSnapshotStoreContract(backend.name, componentHarness(backend, 'snapshots'));

describe('SQLite snapshot store', () => {
  const snapshot = { streamId: 'account-1', version: 3, stateSchemaHash: 'h1', state: { balance: 30 }, takenAt: '2024-01-01T00:00:00.000Z' };
  const backends: Backend[] = [];
  const open = async (file: string): Promise<Backend> => {
    const backend = await openSqliteBackend({ path: file });
    backends.push(backend);
    return backend;
  };
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
  });

  it('keeps snapshots across a reopen', async () => {
    const file = freshFile();
    const first = await open(file);
    await (await first.component('snapshots')).save(snapshot);
    await first.close();
    expect(await (await (await open(file)).component('snapshots')).load('account-1')).toEqual(snapshot);
  });

  it("shares the event store's file and connection, each with its own tables", async () => {
    const file = freshFile();
    const backend = await open(file);
    await (await backend.component('events')).append('account-1', [{ type: 'Opened', data: {} }]);
    await (await backend.component('snapshots')).save(snapshot);
    await backend.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT component, version FROM orchestrix_schema ORDER BY component').all()).toEqual([
      { component: 'events', version: 1 },
      { component: 'snapshots', version: 1 },
    ]);
    db.close();
  });

  it('never lets a lower version overwrite a higher one written through another connection', async () => {
    const file = freshFile();
    const a = await (await open(file)).component('snapshots');
    const b = await (await open(file)).component('snapshots');
    await a.save({ ...snapshot, version: 9 });
    await b.save({ ...snapshot, version: 4 });
    expect((await a.load('account-1'))?.version).toBe(9);
  });
});
