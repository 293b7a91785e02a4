import { OrchestrixError, StoreError } from '../../errors/errors.js';
import { checkPosition, type CheckpointStore } from '../../subscription/checkpoint-store.js';
import { connectSqlite, migrateSqlite, sqliteFailure, type SqliteDatabase, type SqliteMigration, type SqliteOpenOptions } from './database.js';

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
  readonly #db: SqliteDatabase;
  readonly #ownsDb: boolean;
  readonly #sql;
  #closed = false;

  constructor(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}) {
    const { db, owned } = connectSqlite(pathOrDb, options);
    this.#db = db;
    this.#ownsDb = owned;
    try {
      migrateSqlite(db, CHECKPOINT_STORE_COMPONENT, CHECKPOINT_STORE_MIGRATIONS);
    } catch (error) {
      if (owned) db.close();
      throw error instanceof OrchestrixError ? error : sqliteFailure('create the SQLite checkpoint store schema', error);
    }
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
    return this.#run('load', () => this.#sql.load.get(subscription)?.position);
  }

  async save(subscription: string, position: number): Promise<void> {
    checkPosition(position);
    this.#run('save', () => this.#sql.save.run(subscription, position, new Date().toISOString()));
  }

  async delete(subscription: string): Promise<void> {
    this.#run('delete', () => this.#sql.delete.run(subscription));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDb) this.#db.close();
  }

  #run<T>(action: string, work: () => T): T {
    this.#assertOpen();
    try {
      return work();
    } catch (error) {
      throw sqliteFailure(`${action} a SQLite checkpoint`, error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The SQLite checkpoint store is closed');
  }
}

/** Opens (creating if needed) a checkpoint store in the SQLite file at `path` (or `:memory:`), or on a caller's database. */
export function createSqliteCheckpointStore(pathOrDb: string | SqliteDatabase, options?: SqliteOpenOptions): SqliteCheckpointStore {
  return new SqliteCheckpointStore(pathOrDb, options);
}
