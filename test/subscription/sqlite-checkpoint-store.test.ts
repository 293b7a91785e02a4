import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteCheckpointStore } from '../../runtime/store/sqlite/checkpoint-store.js';
import { describeCheckpointStoreContract } from './checkpoint-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-sqlite-checkpoints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(root, `checkpoints-${(files += 1)}.db`);

describeCheckpointStoreContract('SQLite file', { open: async () => createSqliteCheckpointStore(freshFile()) });
describeCheckpointStoreContract('SQLite :memory:', { open: async () => createSqliteCheckpointStore(':memory:') });

describe('SqliteCheckpointStore', () => {
  it('keeps checkpoints across a reopen', async () => {
    const file = freshFile();
    const first = createSqliteCheckpointStore(file);
    await first.save('balances', 17);
    await first.save('audit', 4);
    await first.delete('audit');
    await first.close();

    const reopened = createSqliteCheckpointStore(file);
    expect(await reopened.load('balances')).toBe(17);
    expect(await reopened.load('audit')).toBeUndefined();
    await reopened.close();
  });

  it('sees what another connection to the same file saved', async () => {
    const file = freshFile();
    const writer = createSqliteCheckpointStore(file);
    const reader = createSqliteCheckpointStore(file);
    await writer.save('balances', 5);
    expect(await reader.load('balances')).toBe(5);
    await writer.close();
    await reader.close();
  });

  it('works on a database object the caller owns, and leaves it open', async () => {
    const db = openSqlite(':memory:');
    const store = createSqliteCheckpointStore(db);
    await store.save('balances', 9);
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare<[], { position: number }>("SELECT position FROM orchestrix_checkpoints WHERE subscription = 'balances'").get()?.position).toBe(9);
    db.close();
  });

  it('refuses a file whose checkpoint schema is newer than this release', async () => {
    const file = freshFile();
    await createSqliteCheckpointStore(file).close();
    const db = openSqlite(file);
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'checkpoints'").run();
    db.close();
    expect(() => createSqliteCheckpointStore(file)).toThrow(StoreError);
  });
});
