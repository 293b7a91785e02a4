import { openSqliteComponent, type SqliteComponent } from './component.js';
import { StoreError } from '../../errors/errors.js';
import { activeKeyOf, checkSubject, generateKeyMaterial, keyLookupOf, keyRecordOf, type ActiveKey, type ForgetResult, type KeyLookup, type KeyRecord, type KeyStore } from '../../gdpr/key-store.js';
import type { SqliteDatabase, SqliteMigration, SqliteOpenOptions } from './database.js';

export const KEY_STORE_COMPONENT = 'pii-keys';

/** Append new steps; never edit a released one. */
export const KEY_STORE_MIGRATIONS: readonly SqliteMigration[] = [
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

export interface SqliteKeyStoreOptions extends SqliteOpenOptions {
  /** Default: the system clock. */
  readonly clock?: () => Date;
}

/**
 * Per-subject keys in a SQLite file. Keep it in a file of its own, apart from the events: a copy of
 * the event database without this file holds no readable personal data. The connection runs with
 * `secure_delete` on (also a connection it is handed), and every forget that destroyed a key checkpoints the WAL (TRUNCATE), so the
 * destroyed key bytes are overwritten in the file rather than left in free pages or old WAL frames
 * (best effort: a reader holding an old snapshot can delay the checkpoint; file-system copies,
 * backups and SSD remapping are out of reach — see docs/gdpr.md).
 */
export class SqliteKeyStore implements KeyStore {
  readonly #store: SqliteComponent;
  readonly #clock: () => Date;
  readonly #sql;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteKeyStoreOptions = {}) {
    this.#store = openSqliteComponent(pathOrDb, options, {
      component: KEY_STORE_COMPONENT,
      migrations: KEY_STORE_MIGRATIONS,
      label: 'key store',
      failure: (action) => `${action} in the SQLite key store`,
      // Destroyed keys are overwritten on disk, not just unlinked from the b-tree.
      prepare: (db) => db.pragma('secure_delete = ON'),
    });
    const { db } = this.#store;
    this.#clock = options.clock ?? (() => new Date());
    const columns = 'key_id AS keyId, subject, key, seal';
    this.#sql = {
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
  }

  async activeKey(subject: string): Promise<ActiveKey> {
    checkSubject(subject);
    return this.#store.run('read or create a key', () => {
      const existing = this.#sql.active.get(subject);
      if (existing !== undefined) return activeKeyOf(existing);
      const { keyId, key, seal } = generateKeyMaterial();
      // Another process may create the subject's key at the same moment: the unique index keeps one.
      this.#sql.insert.run(keyId, subject, key, seal, this.#clock().toISOString());
      const created = this.#sql.active.get(subject);
      if (created === undefined) throw new StoreError(`The key of a data subject vanished while it was created`);
      return activeKeyOf(created);
    });
  }

  async lookup(keyId: string): Promise<KeyLookup | undefined> {
    return this.#store.run('look up a key', () => {
      const row = this.#sql.lookup.get(keyId);
      return row === undefined ? undefined : keyLookupOf(row);
    });
  }

  async forget(subject: string): Promise<ForgetResult> {
    checkSubject(subject);
    const destroyed = this.#store.run('destroy a key', () => this.#sql.forget.all(this.#clock().toISOString(), subject));
    if (destroyed.length > 0) {
      // Moves the page without the key into the main file and truncates the WAL that held it.
      this.#store.run('checkpoint the key store', () => this.#store.db.pragma('wal_checkpoint(TRUNCATE)'));
    }
    return { subject, destroyedKeyIds: destroyed.map((row) => row.keyId) };
  }

  async keysOf(subject: string): Promise<readonly KeyRecord[]> {
    checkSubject(subject);
    return this.#store.run('list keys', () => this.#sql.records.all(subject).map(keyRecordOf));
  }

  async close(): Promise<void> {
    this.#store.close();
  }
}

/** Opens (creating if needed) a key store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteKeyStore(pathOrDb: string | SqliteDatabase, options?: SqliteKeyStoreOptions): SqliteKeyStore {
  return new SqliteKeyStore(pathOrDb, options);
}
