import { StoreError } from '../../errors/errors.js';
import { activeKeyOf, checkSubject, generateKeyMaterial, keyLookupOf, keyRecordOf } from '../../gdpr/key-store.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const KEY_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    // One row per key ever issued; `forget` clears `key` and keeps the row (a tombstone), so a key
    // id is never reused. At most one active key per subject, enforced by the partial unique index.
    // Rows are never deleted, so the rowid orders a subject's keys by issue.
    sql: `
      CREATE TABLE orchestrix_pii_keys (
        key_id       TEXT NOT NULL PRIMARY KEY,
        subject      TEXT NOT NULL,
        key          BLOB,
        seal         BLOB NOT NULL,
        created_at   TEXT NOT NULL,
        destroyed_at TEXT,
        CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX orchestrix_pii_keys_active ON orchestrix_pii_keys (subject) WHERE destroyed_at IS NULL;
      CREATE INDEX orchestrix_pii_keys_subject ON orchestrix_pii_keys (subject);
    `,
  },
];

interface KeyRow {
  readonly keyId: string;
  readonly subject: string;
  readonly key: Buffer | null;
  readonly seal: Buffer;
}

interface KeyRecordRow {
  readonly keyId: string;
  readonly subject: string;
  readonly createdAt: string;
  readonly destroyedAt: string | null;
}

/**
 * Per-subject keys in the backend's SQLite file. Keep them in a file of their own, apart from the
 * events (a backend of their own, e.g. `keys: 'sqlite:./keys.db'`): a copy of the event database
 * without that file holds no readable personal data. Opening the key store turns `secure_delete` on
 * for the connection, and every forget that destroyed a key checkpoints the WAL (TRUNCATE), so the
 * destroyed key bytes are overwritten in the file rather than left in free pages or old WAL frames
 * (best effort: a reader holding an old snapshot can delay the checkpoint; file-system copies,
 * backups and SSD remapping are out of reach — see docs/gdpr.md).
 */
export const openSqliteKeys: ComponentOpener<SqliteConnection, 'keys'> = async (connection, lifecycle) => {
  const { db } = connection;
  // Destroyed keys are overwritten on disk, not just unlinked from the b-tree.
  db.pragma('secure_delete = ON');
  connection.migrate('pii-keys', KEY_MIGRATIONS);
  const clock = connection.options.clock ?? (() => new Date());
  const columns = 'key_id AS keyId, subject, key, seal';
  const sql = {
    active: db.prepare<[string], KeyRow>(`SELECT ${columns} FROM orchestrix_pii_keys WHERE subject = ? AND destroyed_at IS NULL`),
    insert: db.prepare<[string, string, Buffer, Buffer, string]>(
      'INSERT INTO orchestrix_pii_keys (key_id, subject, key, seal, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    lookup: db.prepare<[string], KeyRow>(`SELECT ${columns} FROM orchestrix_pii_keys WHERE key_id = ?`),
    forget: db.prepare<[string, string], { keyId: string }>(
      'UPDATE orchestrix_pii_keys SET key = NULL, destroyed_at = ? WHERE subject = ? AND destroyed_at IS NULL RETURNING key_id AS keyId',
    ),
    records: db.prepare<[string], KeyRecordRow>(
      'SELECT key_id AS keyId, subject, created_at AS createdAt, destroyed_at AS destroyedAt FROM orchestrix_pii_keys WHERE subject = ? ORDER BY rowid',
    ),
  };
  return {
    async activeKey(subject) {
      checkSubject(subject);
      return runSqlite(lifecycle, 'read or create a key in the SQLite key store', () => {
        const existing = sql.active.get(subject);
        if (existing !== undefined) return activeKeyOf(existing);
        const { keyId, key, seal } = generateKeyMaterial();
        // Another process may create the subject's key at the same moment: the unique index keeps one.
        sql.insert.run(keyId, subject, key, seal, clock().toISOString());
        const created = sql.active.get(subject);
        if (created === undefined) throw new StoreError(`The key of a data subject vanished while it was created`);
        return activeKeyOf(created);
      });
    },
    async lookup(keyId) {
      return runSqlite(lifecycle, 'look up a key in the SQLite key store', () => {
        const row = sql.lookup.get(keyId);
        return row === undefined ? undefined : keyLookupOf(row);
      });
    },
    async forget(subject) {
      checkSubject(subject);
      const destroyed = runSqlite(lifecycle, 'destroy a key in the SQLite key store', () => sql.forget.all(clock().toISOString(), subject));
      if (destroyed.length > 0) {
        // Moves the page without the key into the main file and truncates the WAL that held it.
        runSqlite(lifecycle, 'checkpoint the SQLite key store', () => db.pragma('wal_checkpoint(TRUNCATE)'));
      }
      return { subject, destroyedKeyIds: destroyed.map((row) => row.keyId) };
    },
    async keysOf(subject) {
      checkSubject(subject);
      return runSqlite(lifecycle, 'list keys in the SQLite key store', () => sql.records.all(subject).map(keyRecordOf));
    },
    close: lifecycle.close,
  };
};
