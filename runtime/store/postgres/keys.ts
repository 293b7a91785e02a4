import { StoreError } from '../../errors/errors.js';
import {
  activeKeyOf,
  checkSubject,
  generateKeyMaterial,
  keyLookupOf,
  keyRecordOf,
  type ActiveKey,
  type ForgetResult,
  type KeyLookup,
  type KeyRecord,
} from '../../gdpr/key-store.js';
import type { ComponentOpener } from '../backend.js';
import type { PostgresConnection } from './connection.js';
import type { PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const keyStoreMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    // One row per key ever issued; `forget` clears `key` and keeps the row (a tombstone), so a key
    // id is never reused. At most one active key per subject (the partial unique index); `seq`
    // orders a subject's keys by issue.
    sql: (schema) => `
CREATE TABLE ${schema.table('pii_keys')} (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  key_id text PRIMARY KEY,
  subject text NOT NULL,
  key bytea,
  seal bytea NOT NULL,
  created_at text NOT NULL,
  destroyed_at text,
  CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
);
CREATE UNIQUE INDEX pii_keys_active ON ${schema.table('pii_keys')} (subject) WHERE destroyed_at IS NULL;
CREATE INDEX pii_keys_subject ON ${schema.table('pii_keys')} (subject, seq);`,
  },
];

interface KeyRow {
  readonly keyId: string;
  readonly subject: string;
  readonly key: Uint8Array | null;
  readonly seal: Uint8Array;
}

/**
 * Per-subject keys in PostgreSQL (a server through pg, or PGlite). A destroyed key's bytes stay in
 * the dead row version until VACUUM reclaims it, and in WAL archives and backups as long as those
 * are kept: run `VACUUM <schema>.pii_keys` after forgetting, and see docs/gdpr.md on backups.
 */
export const openPostgresKeys: ComponentOpener<PostgresConnection, 'keys'> = async (connection, lifecycle) => {
  await connection.migrate('pii-keys', keyStoreMigrations);
  const { driver, schema } = connection;
  const table = schema.table('pii_keys');
  const clock = connection.options.clock ?? (() => new Date());
  const columns = 'key_id AS "keyId", subject, key, seal';

  const active = async (subject: string): Promise<KeyRow | undefined> =>
    (await driver.query<KeyRow>(`SELECT ${columns} FROM ${table} WHERE subject = $1 AND destroyed_at IS NULL`, [subject]))[0];

  return {
    async activeKey(subject: string): Promise<ActiveKey> {
      checkSubject(subject);
      lifecycle.assertOpen();
      const existing = await active(subject);
      if (existing !== undefined) return activeKeyOf(existing);
      const { keyId, key, seal } = generateKeyMaterial();
      const [created] = await driver.query<KeyRow>(
        `INSERT INTO ${table} (key_id, subject, key, seal, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject) WHERE destroyed_at IS NULL DO NOTHING RETURNING ${columns}`,
        [keyId, subject, key, seal, clock().toISOString()],
      );
      // Another session created the subject's key first: use that one.
      const row = created ?? (await active(subject));
      if (row === undefined) throw new StoreError('The key of a data subject vanished while it was created (forgotten at the same moment); retry');
      return activeKeyOf(row);
    },
    async lookup(keyId: string): Promise<KeyLookup | undefined> {
      lifecycle.assertOpen();
      const [row] = await driver.query<KeyRow>(`SELECT ${columns} FROM ${table} WHERE key_id = $1`, [keyId]);
      return row === undefined ? undefined : keyLookupOf(row);
    },
    async forget(subject: string): Promise<ForgetResult> {
      checkSubject(subject);
      lifecycle.assertOpen();
      const rows = await driver.query<{ keyId: string }>(
        `UPDATE ${table} SET key = NULL, destroyed_at = $1 WHERE subject = $2 AND destroyed_at IS NULL RETURNING key_id AS "keyId"`,
        [clock().toISOString(), subject],
      );
      return { subject, destroyedKeyIds: rows.map((row) => row.keyId) };
    },
    async keysOf(subject: string): Promise<readonly KeyRecord[]> {
      checkSubject(subject);
      lifecycle.assertOpen();
      const rows = await driver.query<{ keyId: string; subject: string; createdAt: string; destroyedAt: string | null }>(
        `SELECT key_id AS "keyId", subject, created_at AS "createdAt", destroyed_at AS "destroyedAt" FROM ${table} WHERE subject = $1 ORDER BY seq`,
        [subject],
      );
      return rows.map(keyRecordOf);
    },
    close: lifecycle.close,
  };
};
