import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../runtime/store/backend.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import { componentHarness, sqliteTestBackends, tempFolder } from '../support/backends.js';
import { describeKeyStoreContract } from './key-store.contract.js';

const folder = tempFolder('sqlite-keys');
const freshFile = (): string => join(folder(), 'keys.db');

for (const backend of sqliteTestBackends()) {
  const { open, openSecond, cleanup } = componentHarness(backend, 'keys');
  describeKeyStoreContract(backend.name, { open, ...(openSecond === undefined ? {} : { reopen: openSecond }), cleanup });
}

/** The database file and its WAL, as bytes: what a copy of the disk would hold. */
const fileBytes = (file: string): Buffer => Buffer.concat([file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));

describe('SQLite key store', () => {
  const backends: Backend[] = [];
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
  });

  it('overwrites a destroyed key in the file and its WAL (secure_delete, WAL checkpoint)', async () => {
    const file = freshFile();
    const backend = await openSqliteBackend({ path: file });
    backends.push(backend);
    const keys = await backend.component('keys');
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

});
