import { checkPosition, type CheckpointStore } from '../../subscription/checkpoint-store.js';
import { openComponent, toSafeInteger, type PostgresStoreConfig } from './component.js';
import type { PostgresMigration } from './schema.js';

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

/** Subscription checkpoints; keep them in the event store's database to update them with a projection's own writes. */
export async function createPostgresCheckpointStore(config: PostgresStoreConfig): Promise<CheckpointStore> {
  const component = await openComponent(config, 'checkpoints', 'checkpoint store', checkpointMigrations);
  const { driver, schema } = component;
  const table = schema.table('checkpoints');
  return {
    async load(subscription: string): Promise<number | undefined> {
      component.assertOpen();
      const [row] = await driver.query<{ position: unknown }>(`SELECT position FROM ${table} WHERE subscription = $1`, [subscription]);
      return row === undefined ? undefined : toSafeInteger(row.position, 'a checkpoint position');
    },
    async save(subscription: string, position: number): Promise<void> {
      checkPosition(position);
      component.assertOpen();
      await driver.query(
        `INSERT INTO ${table} (subscription, position) VALUES ($1, $2)
         ON CONFLICT (subscription) DO UPDATE SET position = excluded.position, updated_at = now()`,
        [subscription, position],
      );
    },
    async delete(subscription: string): Promise<void> {
      component.assertOpen();
      await driver.query(`DELETE FROM ${table} WHERE subscription = $1`, [subscription]);
    },
    close: () => component.close(),
  };
}
