import { openSqliteComponent, type SqliteComponent } from './component.js';
import { checkPosition, type CheckpointStore } from '../../subscription/checkpoint-store.js';
import type { SqliteDatabase, SqliteMigration, SqliteOpenOptions } from './database.js';

export const CHECKPOINT_STORE_COMPONENT = 'checkpoints';

/** Append new steps; never edit a released one. */
export const CHECKPOINT_STORE_MIGRATIONS: readonly SqliteMigration[] = [
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
 * Subscription checkpoints in a SQLite file. It may share the event store's file: pass the same
 * path (a second WAL connection) or the same database object (closed by its owner).
 */
export class SqliteCheckpointStore implements CheckpointStore {
  readonly #store: SqliteComponent;
  readonly #sql;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}) {
    this.#store = openSqliteComponent(pathOrDb, options, {
      component: CHECKPOINT_STORE_COMPONENT,
      migrations: CHECKPOINT_STORE_MIGRATIONS,
      label: 'checkpoint store',
      failure: (action) => `${action} a SQLite checkpoint`,
    });
    const { db } = this.#store;
    this.#sql = {
      load: db.prepare<[string], { position: number }>('SELECT position FROM orchestrix_checkpoints WHERE subscription = ?'),
      save: db.prepare<[string, number, string]>(
        `INSERT INTO orchestrix_checkpoints (subscription, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (subscription) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
      delete: db.prepare<[string]>('DELETE FROM orchestrix_checkpoints WHERE subscription = ?'),
    };
  }

  async load(subscription: string): Promise<number | undefined> {
    return this.#store.run('load', () => this.#sql.load.get(subscription)?.position);
  }

  async save(subscription: string, position: number): Promise<void> {
    checkPosition(position);
    this.#store.run('save', () => this.#sql.save.run(subscription, position, new Date().toISOString()));
  }

  async delete(subscription: string): Promise<void> {
    this.#store.run('delete', () => this.#sql.delete.run(subscription));
  }

  async close(): Promise<void> {
    this.#store.close();
  }
}

/** Opens (creating if needed) a checkpoint store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteCheckpointStore(pathOrDb: string | SqliteDatabase, options?: SqliteOpenOptions): SqliteCheckpointStore {
  return new SqliteCheckpointStore(pathOrDb, options);
}
