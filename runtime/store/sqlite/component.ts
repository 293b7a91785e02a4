import { OrchestrixError, StoreError } from '../../errors/errors.js';
import { connectSqlite, migrateSqlite, sqliteFailure, type SqliteDatabase, type SqliteMigration, type SqliteOpenOptions } from './database.js';

/**
 * A store's share of a SQLite database: the connection (opened here, or the caller's), its migrated
 * tables, and the lifecycle every SQLite store shares — the same shape as the PostgreSQL adapters'
 * `openComponent`.
 */
export interface SqliteComponent {
  readonly db: SqliteDatabase;
  /** Runs `work` on the open store; a SQLite failure becomes a StoreError saying what failed. */
  run<T>(action: string, work: () => T): T;
  /** Raises StoreError once the store is closed. */
  assertOpen(): void;
  /** Closes the connection if the store opened it (a caller's stays open). Idempotent. */
  close(): void;
}

export interface SqliteComponentSpec {
  /** The migrations' component name in `orchestrix_schema`. */
  readonly component: string;
  readonly migrations: readonly SqliteMigration[];
  /** The store in messages: `snapshot store` gives "The SQLite snapshot store is closed". */
  readonly label: string;
  /** Describes a failed action: `(action) => \`${action} a SQLite snapshot\``. */
  readonly failure: (action: string) => string;
  /** Connection settings to apply before migrating (e.g. pragmas). */
  readonly prepare?: (db: SqliteDatabase) => void;
}

export function openSqliteComponent(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions, spec: SqliteComponentSpec): SqliteComponent {
  const { db, owned } = connectSqlite(pathOrDb, options);
  try {
    spec.prepare?.(db);
    migrateSqlite(db, spec.component, spec.migrations);
  } catch (error) {
    if (owned) db.close();
    throw error instanceof OrchestrixError ? error : sqliteFailure(`create the SQLite ${spec.label} schema`, error);
  }
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new StoreError(`The SQLite ${spec.label} is closed`);
  };
  return {
    db,
    assertOpen,
    run(action, work) {
      assertOpen();
      try {
        return work();
      } catch (error) {
        throw error instanceof OrchestrixError ? error : sqliteFailure(spec.failure(action), error);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      if (owned) db.close();
    },
  };
}
