import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import type { Backend } from '../../runtime/store/backend.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import { componentHarness, sqliteTestBackends, tempFolder } from '../support/backends.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

const folder = tempFolder('sqlite-checkpoints');
const freshFile = (): string => join(folder(), 'checkpoints.db');

for (const backend of sqliteTestBackends()) describeCheckpointStoreContract(backend.name, componentHarness(backend, 'checkpoints'));

describe('SQLite checkpoint store', () => {
  const backends: Backend[] = [];
  const open = async (file: string): Promise<Backend> => {
    const backend = await openSqliteBackend({ path: file });
    backends.push(backend);
    return backend;
  };
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
  });

  it('keeps checkpoints across a reopen', async () => {
    const file = freshFile();
    const first = await open(file);
    const checkpoints = await first.component('checkpoints');
    await checkpoints.save('balances', 17);
    await checkpoints.save('audit', 4);
    await checkpoints.delete('audit');
    await first.close();

    const reopened = await (await open(file)).component('checkpoints');
    expect(await reopened.load('balances')).toBe(17);
    expect(await reopened.load('audit')).toBeUndefined();
  });

  it('sees what another process (connection) saved to the same file', async () => {
    const file = freshFile();
    const writer = await (await open(file)).component('checkpoints');
    const reader = await (await open(file)).component('checkpoints');
    await writer.save('balances', 5);
    expect(await reader.load('balances')).toBe(5);
  });

  it('refuses a file whose checkpoint schema is newer than this release', async () => {
    const file = freshFile();
    await (await open(file)).component('checkpoints');
    const db = new Database(file);
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'checkpoints'").run();
    db.close();
    await expect((await open(file)).component('checkpoints')).rejects.toThrow(StoreError);
  });
});
