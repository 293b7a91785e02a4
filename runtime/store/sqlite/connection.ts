import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OrchestrixError, StoreError } from '../../errors/errors.js';
import type { OpenedConnection } from '../backend.js';
import { requireDriver } from '../driver-loader.js';
import type { Lifecycle } from '../lifecycle.js';
import type { SqliteBackendOptions } from './backend.js';

export type SqliteDatabase = BetterSqlite3.Database;

/** A forward-only schema change. `version` starts at 1 and increases by one per step. */
export interface SqliteMigration {
  readonly version: number;
  readonly sql: string;
}

/**
 * The SQLite backend's one connection (better-sqlite3, synchronous), shared by every component of
 * the backend; each component keeps its own tables, migrated through `orchestrix_schema`.
 */
export interface SqliteConnection {
  readonly db: SqliteDatabase;
  readonly options: SqliteBackendOptions;
  /**
   * Runs `work` in one IMMEDIATE transaction (SQLite's writer lock, taken at the start): committed
   * when it returns, rolled back when it throws. Synchronous, like better-sqlite3: prepare anything
   * asynchronous first. A call inside another transaction becomes a savepoint of it, so components
   * can compose their statements (a read model's rows and its checkpoint) into one commit.
   */
  transaction<T>(work: () => T): T;
  /** Brings `component`'s tables to the latest of `migrations` (see migrateSqlite). */
  migrate(component: string, migrations: readonly SqliteMigration[]): void;
}

/**
 * Opens (creating it and its folder) the SQLite file at `path`, or `:memory:`, in WAL mode. The
 * driver (`better-sqlite3`) is loaded here, on first use.
 */
export async function connectSqlite(path: string, options: SqliteBackendOptions): Promise<OpenedConnection<SqliteConnection>> {
  const Database = requireDriver<typeof BetterSqlite3>('better-sqlite3', 'SQLite');
  let db: SqliteDatabase;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    throw sqliteFailure(`open the file '${path}'`, error);
  }
  const connection: SqliteConnection = {
    db,
    options,
    transaction: (work) => db.transaction(work).immediate(),
    migrate: (component, migrations) => migrateSqlite(db, component, migrations),
  };
  return { connection, close: async () => void db.close() };
}

/**
 * Brings `component`'s tables to the latest migration, recording the version in
 * `orchestrix_schema`. Runs each step in an IMMEDIATE transaction, so two processes opening the
 * same file at once apply it exactly once. A database newer than this code is refused.
 */
function migrateSqlite(db: SqliteDatabase, component: string, migrations: readonly SqliteMigration[]): void {
  try {
    db.exec('CREATE TABLE IF NOT EXISTS orchestrix_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)');
    const current = db.prepare<[string], { version: number }>('SELECT version FROM orchestrix_schema WHERE component = ?');
    const record = db.prepare('INSERT INTO orchestrix_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version');
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    const step = db.transaction((migration: SqliteMigration) => {
      const at = current.get(component)?.version ?? 0;
      if (at >= migration.version) return;
      db.exec(migration.sql);
      record.run(component, migration.version);
    });
    const at = current.get(component)?.version ?? 0;
    if (at > latest) {
      throw new StoreError(`SQLite schema of '${component}' is at version ${at}, newer than this Orchestrix (${latest}); upgrade Orchestrix`);
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) step.immediate(migration);
  } catch (error) {
    throw error instanceof OrchestrixError ? error : sqliteFailure(`create the SQLite schema of '${component}'`, error);
  }
}

/**
 * Runs `work` on an open component; a SQLite failure becomes StoreError("Cannot <action>: <reason>").
 * Our own typed errors (a ConcurrencyError from inside a transaction) pass through.
 */
export function runSqlite<T>(lifecycle: Lifecycle, action: string, work: () => T): T {
  lifecycle.assertOpen();
  try {
    return work();
  } catch (error) {
    throw error instanceof OrchestrixError ? error : sqliteFailure(action, error);
  }
}

/** Wraps a better-sqlite3 failure as StoreError("Cannot <action>: <reason>"), keeping the cause. */
export function sqliteFailure(action: string, error: unknown): StoreError {
  return new StoreError(`Cannot ${action}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The SQLite result code of a better-sqlite3 error (e.g. `SQLITE_CONSTRAINT_UNIQUE`), if it is one. */
export function sqliteErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
