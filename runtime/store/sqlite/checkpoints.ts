import { checkPosition } from '../../subscription/checkpoint-store.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteDatabase, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const CHECKPOINT_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE orchestrix_checkpoints (
        subscription TEXT    NOT NULL PRIMARY KEY,
        position     INTEGER NOT NULL,
        updated_at   TEXT    NOT NULL
      ) WITHOUT ROWID;
    `,
  },
];

/**
 * The checkpoint statements. Another component of the backend (a read model) may run `save` inside
 * its own `connection.transaction`, so its rows and its checkpoint commit together.
 */
export function checkpointStatements(db: SqliteDatabase) {
  const load = db.prepare<[string], { position: number }>('SELECT position FROM orchestrix_checkpoints WHERE subscription = ?');
  const save = db.prepare<[string, number, string]>(
    `INSERT INTO orchestrix_checkpoints (subscription, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (subscription) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM orchestrix_checkpoints WHERE subscription = ?');
  return {
    load: (subscription: string): number | undefined => load.get(subscription)?.position,
    save: (subscription: string, position: number): void => void save.run(subscription, checkPosition(position), new Date().toISOString()),
    delete: (subscription: string): void => void remove.run(subscription),
  };
}

/** Subscription checkpoints in the backend's SQLite file. */
export const openSqliteCheckpoints: ComponentOpener<SqliteConnection, 'checkpoints'> = async (connection, lifecycle) => {
  connection.migrate('checkpoints', CHECKPOINT_MIGRATIONS);
  const sql = checkpointStatements(connection.db);
  return {
    load: async (subscription) => runSqlite(lifecycle, 'load a SQLite checkpoint', () => sql.load(subscription)),
    async save(subscription, position) {
      checkPosition(position);
      runSqlite(lifecycle, 'save a SQLite checkpoint', () => sql.save(subscription, position));
    },
    delete: async (subscription) => runSqlite(lifecycle, 'delete a SQLite checkpoint', () => sql.delete(subscription)),
    close: lifecycle.close,
  };
};
