import type { LeaseStore } from '../../processor/lease-store.js';
import type { ComponentOpener } from '../backend.js';
import type { PostgresConnection } from './connection.js';
import type { PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const leaseMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
CREATE TABLE ${schema.table('leases')} (
  name text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL
);`,
  },
];

/**
 * Leases in PostgreSQL or PGlite. Expiry is measured by the database's clock, so processes on
 * machines whose clocks disagree still agree on who holds a lease.
 */
export const openPostgresLeases: ComponentOpener<PostgresConnection, 'leases'> = async (connection, lifecycle): Promise<LeaseStore> => {
  await connection.migrate('leases', leaseMigrations);
  const { driver, schema } = connection;
  const component = { assertOpen: () => lifecycle.assertOpen() };
  const table = schema.table('leases');
  return {
    async acquire(name, owner, ttlMs) {
      component.assertOpen();
      const rows = await driver.query(
        `INSERT INTO ${table} AS l (name, owner, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE l.owner = excluded.owner OR l.expires_at <= clock_timestamp()
         RETURNING owner`,
        [name, owner, ttlMs],
      );
      return rows.length === 1;
    },
    async release(name, owner) {
      component.assertOpen();
      await driver.query(`DELETE FROM ${table} WHERE name = $1 AND owner = $2`, [name, owner]);
    },
    async holder(name) {
      component.assertOpen();
      const [row] = await driver.query<{ owner: string }>(`SELECT owner FROM ${table} WHERE name = $1 AND expires_at > clock_timestamp()`, [name]);
      return row?.owner;
    },
    close: lifecycle.close,
  };
};
