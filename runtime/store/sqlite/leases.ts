import type { LeaseStore } from '../../processor/lease-store.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const LEASE_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE orchestrix_leases (
        name       TEXT    NOT NULL PRIMARY KEY,
        owner      TEXT    NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

/** Leases in a SQLite file, shared by the processes that open it (expiry by this machine's clock, in ms). */
export const openSqliteLeases: ComponentOpener<SqliteConnection, 'leases'> = async (connection, lifecycle): Promise<LeaseStore> => {
  connection.migrate('leases', LEASE_STORE_MIGRATIONS);
  const { db } = connection;
  const store = { run: <T>(action: string, work: () => T): T => runSqlite(lifecycle, `${action} a SQLite lease`, work) };
  const take = db.prepare<[string, string, number, number]>(
    `INSERT INTO orchestrix_leases (name, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE orchestrix_leases.owner = excluded.owner OR orchestrix_leases.expires_at <= ?`,
  );
  const release = db.prepare<[string, string]>('DELETE FROM orchestrix_leases WHERE name = ? AND owner = ?');
  const holder = db.prepare<[string, number], { owner: string }>('SELECT owner FROM orchestrix_leases WHERE name = ? AND expires_at > ?');
  return {
    async acquire(name, owner, ttlMs) {
      return store.run('take', () => {
        const now = Date.now();
        return take.run(name, owner, now + ttlMs, now).changes === 1;
      });
    },
    async release(name, owner) {
      store.run('release', () => release.run(name, owner));
    },
    async holder(name) {
      return store.run('read', () => holder.get(name, Date.now())?.owner);
    },
    close: lifecycle.close,
  };
};
