import type { Snapshot } from '../../snapshot/snapshot-store.js';
import type { ComponentOpener } from '../backend.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';
import type { PostgresConnection } from './connection.js';
import type { PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const snapshotMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
CREATE TABLE ${schema.table('snapshots')} (
  stream_id text PRIMARY KEY,
  version integer NOT NULL,
  state_schema_hash text NOT NULL,
  state json NOT NULL,
  taken_at text NOT NULL
);`,
  },
];

/** The latest snapshot per stream, in the backend's schema. */
export const openPostgresSnapshots: ComponentOpener<PostgresConnection, 'snapshots'> = async (connection, lifecycle) => {
  await connection.migrate('snapshots', snapshotMigrations);
  const { driver, schema } = connection;
  const table = schema.table('snapshots');
  return {
    async load(streamId: string): Promise<Snapshot | undefined> {
      lifecycle.assertOpen();
      const [row] = await driver.query<EncodedSnapshot>(
        `SELECT stream_id AS "streamId", version, state_schema_hash AS "stateSchemaHash", state::text AS state, taken_at AS "takenAt" FROM ${table} WHERE stream_id = $1`,
        [streamId],
      );
      return row === undefined ? undefined : decodeSnapshot(row);
    },
    async save(snapshot: Snapshot): Promise<void> {
      lifecycle.assertOpen();
      const encoded = encodeSnapshot(snapshot);
      // One statement, so "never go back to a lower version" holds across connections and processes.
      await driver.query(
        `INSERT INTO ${table} AS s (stream_id, version, state_schema_hash, state, taken_at) VALUES ($1, $2, $3, $4::text::json, $5)
         ON CONFLICT (stream_id) DO UPDATE SET
           version = excluded.version, state_schema_hash = excluded.state_schema_hash, state = excluded.state, taken_at = excluded.taken_at
         WHERE excluded.version >= s.version`,
        [encoded.streamId, encoded.version, encoded.stateSchemaHash, encoded.state, encoded.takenAt],
      );
    },
    async delete(streamId: string): Promise<void> {
      lifecycle.assertOpen();
      await driver.query(`DELETE FROM ${table} WHERE stream_id = $1`, [streamId]);
    },
    close: lifecycle.close,
  };
};
