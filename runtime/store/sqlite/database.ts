import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../../errors/errors.js';

export type SqliteDatabase = Database.Database;

/** A forward-only schema change. `version` starts at 1 and increases by one per step. */
export interface SqliteMigration {
  readonly version: number;
  readonly sql: string;
}

export interface SqliteOpenOptions {
  /**
   * `NORMAL` (default) is durable against process crashes in WAL mode and may lose the last
   * transactions on power loss; `FULL` survives power loss at several times the cost per commit.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
}

/**
 * Opens (creating if needed) a SQLite database in WAL mode. `:memory:` works too. Event store,
 * snapshots, checkpoints and dead letters may share one file; each keeps its own tables.
 */
export function openSqlite(path: string, options: SqliteOpenOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Brings `component`'s tables to the latest migration, recording the version in
 * `orchestrix_schema`. Runs each step in an IMMEDIATE transaction, so two processes opening the
 * same file at once apply it exactly once. A database newer than this code is refused.
 */
export function migrateSqlite(db: SqliteDatabase, component: string, migrations: readonly SqliteMigration[]): void {
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
}

/** A connection a store works on; `owned` says whether the store opened it (and so closes it). */
export interface SqliteConnection {
  readonly db: SqliteDatabase;
  readonly owned: boolean;
}

/**
 * Opens `path` with openSqlite, or adopts a database the caller opened (several stores may then
 * share one connection; the caller closes it, and `options` are ignored). Open failures become
 * StoreError.
 */
export function connectSqlite(pathOrDb: string | SqliteDatabase, options: SqliteOpenOptions = {}): SqliteConnection {
  if (typeof pathOrDb !== 'string') return { db: pathOrDb, owned: false };
  try {
    return { db: openSqlite(pathOrDb, options), owned: true };
  } catch (error) {
    throw sqliteFailure(`open SQLite database '${pathOrDb}'`, error);
  }
}

/** Wraps a better-sqlite3 failure as StoreError("Cannot <action>: <reason>"), keeping the cause. */
export function sqliteFailure(action: string, error: unknown): StoreError {
  return new StoreError(`Cannot ${action}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The SQLite result code of a better-sqlite3 error (e.g. `SQLITE_CONSTRAINT_UNIQUE`), if it is one. */
export function sqliteErrorCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}
