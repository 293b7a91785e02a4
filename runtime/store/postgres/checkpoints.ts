import { checkPosition } from '../../subscription/checkpoint-store.js';
import type { ComponentOpener } from '../backend.js';
import type { PostgresConnection } from './connection.js';
import type { SqlSession } from './internal/driver.js';
import { toSafeInteger, type PostgresMigration, type SchemaName } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const checkpointMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
CREATE TABLE ${schema.table('checkpoints')} (
  subscription text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
];

/**
 * The checkpoint statements, on any session. Another component of the backend (a read model) may
 * run `save` inside its own `connection.transaction`, so its rows and its checkpoint commit together.
 */
export function checkpointStatements(schema: SchemaName) {
  const table = schema.table('checkpoints');
  return {
    async load(session: SqlSession, subscription: string): Promise<number | undefined> {
      const [row] = await session.query<{ position: unknown }>(`SELECT position FROM ${table} WHERE subscription = $1`, [subscription]);
      return row === undefined ? undefined : toSafeInteger(row.position, 'a checkpoint position');
    },
    async save(session: SqlSession, subscription: string, position: number): Promise<void> {
      await session.query(
        `INSERT INTO ${table} (subscription, position) VALUES ($1, $2)
         ON CONFLICT (subscription) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [subscription, checkPosition(position)],
      );
    },
    async delete(session: SqlSession, subscription: string): Promise<void> {
      await session.query(`DELETE FROM ${table} WHERE subscription = $1`, [subscription]);
    },
  };
}

/** Subscription checkpoints in the backend's schema. */
export const openPostgresCheckpoints: ComponentOpener<PostgresConnection, 'checkpoints'> = async (connection, lifecycle) => {
  await connection.migrate('checkpoints', checkpointMigrations);
  const { driver } = connection;
  const sql = checkpointStatements(connection.schema);
  return {
    async load(subscription) {
      lifecycle.assertOpen();
      return sql.load(driver, subscription);
    },
    async save(subscription, position) {
      checkPosition(position);
      lifecycle.assertOpen();
      await sql.save(driver, subscription, position);
    },
    async delete(subscription) {
      lifecycle.assertOpen();
      await sql.delete(driver, subscription);
    },
    close: lifecycle.close,
  };
};
