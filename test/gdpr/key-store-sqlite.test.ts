import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteKeyStore } from '../../runtime/store/sqlite/key-store.js';
import { describeKeyStoreContract } from './key-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-sqlite-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
let last = '';
const freshFile = (): string => (last = join(root, `keys-${(files += 1)}.db`));

describeKeyStoreContract('SQLite file', {
  open: async () => createSqliteKeyStore(freshFile()),
  reopen: async () => createSqliteKeyStore(last),
});
describeKeyStoreContract('SQLite :memory:', { open: async () => createSqliteKeyStore(':memory:') });

/** The database file and its WAL, as bytes: what a copy of the disk would hold. */
const fileBytes = (file: string): Buffer => Buffer.concat([file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));

describe('SqliteKeyStore', () => {
  it('overwrites a destroyed key in the file and its WAL (secure_delete, WAL checkpoint)', async () => {
    const file = freshFile();
    const keys = createSqliteKeyStore(file);
    const doomed = await keys.activeKey('subject-forgotten');
    const kept = await keys.activeKey('subject-kept');
    expect(fileBytes(file).includes(Buffer.from(doomed.key))).toBe(true);
    await keys.forget('subject-forgotten');
    const bytes = fileBytes(file);
    expect(bytes.includes(Buffer.from(doomed.key))).toBe(false);
    expect(bytes.includes(Buffer.from(kept.key))).toBe(true);
    // The seal key stays: it verifies ciphertexts of the forgotten subject, and decrypts nothing.
    expect(bytes.includes(Buffer.from(doomed.seal))).toBe(true);
    await keys.close();
  });

  it("shares a caller's connection and leaves it open", async () => {
    const db = openSqlite(freshFile());
    const keys = createSqliteKeyStore(db);
    await keys.activeKey('subject-a');
    await keys.close();
    expect(db.prepare('SELECT count(*) AS n FROM orchestrix_pii_keys').get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT version FROM orchestrix_schema WHERE component = 'pii-keys'").get()).toEqual({ version: 1 });
    db.close();
  });
});
