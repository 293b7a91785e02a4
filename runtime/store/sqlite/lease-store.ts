import type { LeaseStore } from '../../processor/lease-store.js';
import { openSqliteComponent } from './component.js';
import type { SqliteDatabase, SqliteMigration, SqliteOpenOptions } from './database.js';

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
export function createSqliteLeaseStore(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}): LeaseStore {
  const store = openSqliteComponent(pathOrDb, options, {
    component: 'leases',
    migrations: LEASE_STORE_MIGRATIONS,
    label: 'lease store',
    failure: (action) => `${action} a SQLite lease`,
  });
  const { db } = store;
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
    async close() {
      store.close();
    },
  };
}
