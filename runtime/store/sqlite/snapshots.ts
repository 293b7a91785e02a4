import type { ComponentOpener } from '../backend.js';
import { decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from '../snapshot-codec.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const SNAPSHOT_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE orchestrix_snapshots (
        stream_id         TEXT    NOT NULL PRIMARY KEY,
        version           INTEGER NOT NULL,
        state_schema_hash TEXT    NOT NULL,
        state             TEXT    NOT NULL,
        taken_at          TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

/** The latest snapshot per stream, in the backend's SQLite file. */
export const openSqliteSnapshots: ComponentOpener<SqliteConnection, 'snapshots'> = async (connection, lifecycle) => {
  connection.migrate('snapshots', SNAPSHOT_MIGRATIONS);
  const { db } = connection;
  const sql = {
    load: db.prepare<[string], EncodedSnapshot>(
      'SELECT stream_id AS streamId, version, state_schema_hash AS stateSchemaHash, state, taken_at AS takenAt FROM orchestrix_snapshots WHERE stream_id = ?',
    ),
    // One statement, so the "never go back to a lower version" rule holds across connections too.
    save: db.prepare<[EncodedSnapshot]>(
      `INSERT INTO orchestrix_snapshots (stream_id, version, state_schema_hash, state, taken_at)
       VALUES (@streamId, @version, @stateSchemaHash, @state, @takenAt)
       ON CONFLICT (stream_id) DO UPDATE SET
         version = excluded.version, state_schema_hash = excluded.state_schema_hash,
         state = excluded.state, taken_at = excluded.taken_at
       WHERE excluded.version >= orchestrix_snapshots.version`,
    ),
    delete: db.prepare<[string]>('DELETE FROM orchestrix_snapshots WHERE stream_id = ?'),
  };
  return {
    async load(streamId) {
      const stored = runSqlite(lifecycle, 'load a SQLite snapshot', () => sql.load.get(streamId));
      return stored === undefined ? undefined : decodeSnapshot(stored);
    },
    async save(snapshot) {
      lifecycle.assertOpen();
      const encoded = encodeSnapshot(snapshot);
      runSqlite(lifecycle, 'save a SQLite snapshot', () => sql.save.run(encoded));
    },
    async delete(streamId) {
      runSqlite(lifecycle, 'delete a SQLite snapshot', () => sql.delete.run(streamId));
    },
    close: lifecycle.close,
  };
};
