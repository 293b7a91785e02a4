import type { IndexedField } from '../../readmodel/definition.js';
import {
  columnParam,
  countStatement,
  createTableStatements,
  dropTableStatement,
  findStatement,
  sortValueOf,
  sqliteDialect as dialect,
  tableNameOf,
  upsertText,
} from '../../readmodel/sql.js';
import {
  describeTable,
  PositionMovedError,
  type ReadModelStore,
  type ReadModelTable,
  type ReadModelTableSpec,
  type StoredRow,
  type TableCommit,
  type TableInTransaction,
  type TableInfo,
  type TableStatus,
} from '../../readmodel/store.js';
import type { ComponentOpener } from '../backend.js';
import { runSqlite, type SqliteConnection, type SqliteMigration } from './connection.js';

/** Append new steps; never edit a released one. */
export const READ_MODEL_STORE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      -- One row per version (shape hash) of a read model: its table and how far it got.
      CREATE TABLE orchestrix_read_models (
        domain      TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        shape_hash  TEXT    NOT NULL,
        table_name  TEXT    NOT NULL,
        status      TEXT    NOT NULL,
        position    INTEGER NOT NULL,
        updated_at  TEXT    NOT NULL,
        PRIMARY KEY (domain, name, shape_hash)
      ) WITHOUT ROWID;
    `,
  },
];

interface RegistryRow {
  readonly shape_hash: string;
  readonly status: TableStatus;
  readonly position: number;
  readonly table_name: string;
}

/**
 * Read-model tables in the backend's SQLite file (docs/read-models.md), beside its events; several
 * processes may share the file: a commit moves the version's position with a compare-and-set in the
 * same IMMEDIATE transaction as its rows.
 */
export const openSqliteReadModels: ComponentOpener<SqliteConnection, 'readModels'> = async (connection, lifecycle): Promise<ReadModelStore> => {
  connection.migrate('read-models', READ_MODEL_STORE_MIGRATIONS);
  const { db } = connection;
  const store = { run: <T>(action: string, work: () => T): T => runSqlite(lifecycle, `${action} a SQLite read model`, work) };
  const registry = {
    get: db.prepare<[string, string, string], RegistryRow>('SELECT shape_hash, status, position, table_name FROM orchestrix_read_models WHERE domain = ? AND name = ? AND shape_hash = ?'),
    all: db.prepare<[string, string], RegistryRow>('SELECT shape_hash, status, position, table_name FROM orchestrix_read_models WHERE domain = ? AND name = ?'),
    insert: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO orchestrix_read_models (domain, name, shape_hash, table_name, status, position, updated_at) VALUES (?, ?, ?, ?, 'building', 0, ?)
       ON CONFLICT (domain, name, shape_hash) DO NOTHING`,
    ),
    move: db.prepare<[number, string, string, string, string, number]>('UPDATE orchestrix_read_models SET position = ?, updated_at = ? WHERE domain = ? AND name = ? AND shape_hash = ? AND position = ?'),
    activate: db.prepare<[string, string, string, string]>("UPDATE orchestrix_read_models SET status = 'active', updated_at = ? WHERE domain = ? AND name = ? AND shape_hash = ?"),
    remove: db.prepare<[string, string, string]>('DELETE FROM orchestrix_read_models WHERE domain = ? AND name = ? AND shape_hash = ?'),
  };
  const countRows = (spec: Pick<ReadModelTableSpec, 'domain' | 'name' | 'shapeHash'>): number =>
    (db.prepare(`SELECT count(*) AS n FROM ${dialect.table(tableNameOf(spec))}`).get() as { n: number }).n;

  const dropVersion = (domain: string, name: string, shapeHash: string): void => {
    db.exec(dropTableStatement(dialect, { domain, name, shapeHash }));
    registry.remove.run(domain, name, shapeHash);
  };

  const handle = (spec: ReadModelTableSpec): ReadModelTable => {
    const label = describeTable(spec);
    const table = dialect.table(tableNameOf(spec));
    const upsert = db.prepare(upsertText(dialect, spec));
    const remove = db.prepare<[string]>(`DELETE FROM ${table} WHERE "_key" = ?`);
    const select = db.prepare<[string], { row: string }>(`SELECT "_row" AS row FROM ${table} WHERE "_key" = ?`);
    const current = (): RegistryRow | undefined => registry.get.get(spec.domain, spec.name, spec.shapeHash);
    /** Writes the changes if the position is still `from` (compare-and-set); false, writing nothing, if it moved. */
    const commitIfAt = (changes: TableCommit): boolean => {
      const moved = registry.move.run(changes.through, new Date().toISOString(), spec.domain, spec.name, spec.shapeHash, changes.from);
      if (moved.changes !== 1) return false;
      for (const key of changes.deletes) remove.run(key);
      for (const write of changes.upserts) {
        upsert.run(write.key, JSON.stringify(write.row), ...write.index.map((value, i) => columnParam(dialect, spec.index[i] as IndexedField, value)));
      }
      return true;
    };
    const commit = (changes: TableCommit): void => {
      if (!commitIfAt(changes)) throw new PositionMovedError(label, changes.from, current()?.position);
    };
    const readRows = (keys: readonly string[]): Map<string, StoredRow> => {
      const found = new Map<string, StoredRow>();
      for (const key of keys) {
        const row = select.get(key);
        if (row !== undefined) found.set(key, JSON.parse(row.row) as StoredRow);
      }
      return found;
    };
    const inTransaction: TableInTransaction = { getMany: readRows, commitIfAt };
    return {
      spec,
      joinTransaction: (scope) => (scope.connection === connection ? inTransaction : undefined),
      position: async () => store.run('read the position of', () => current()?.position ?? 0),
      status: async () => store.run('read the status of', () => current()?.status ?? 'building'),
      getMany: async (keys) => store.run('read rows of', () => readRows(keys)),
      async commit(changes) {
        store.run('write rows of', () => connection.transaction(() => commit(changes)));
      },
      async find(query) {
        return store.run('query', () => {
          const statement = findStatement(dialect, spec, query);
          const rows = db.prepare(statement.text).all(...statement.params) as { key: string; row: string; sort: unknown }[];
          return rows.map((row) => ({ key: row.key, row: JSON.parse(row.row) as StoredRow, sortValue: sortValueOf(spec, query.orderBy, row.sort) }));
        });
      },
      async count(where) {
        return store.run('count rows of', () => {
          const statement = countStatement(dialect, spec, where);
          return (db.prepare(statement.text).get(...statement.params) as { n: number }).n;
        });
      },
      async activate() {
        store.run('activate', () =>
          connection.transaction(() => {
            registry.activate.run(new Date().toISOString(), spec.domain, spec.name, spec.shapeHash);
            for (const other of registry.all.all(spec.domain, spec.name)) {
              if (other.shape_hash !== spec.shapeHash) dropVersion(spec.domain, spec.name, other.shape_hash);
            }
          }),
        );
      },
    };
  };

  return {
    async table(spec) {
      return store.run('create the table of', () => {
        connection.transaction(() => {
          for (const statement of createTableStatements(dialect, spec)) db.exec(statement);
          registry.insert.run(spec.domain, spec.name, spec.shapeHash, tableNameOf(spec), new Date().toISOString());
        });
        return handle(spec);
      });
    },
    async versions(domain, name): Promise<readonly TableInfo[]> {
      return store.run('list the versions of', () =>
        registry.all
          .all(domain, name)
          .map((row) => ({ shapeHash: row.shape_hash, status: row.status, position: row.position, rows: countRows({ domain, name, shapeHash: row.shape_hash }) }))
          .sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1)),
      );
    },
    async drop(domain, name, shapeHash) {
      store.run('drop', () => connection.transaction(() => dropVersion(domain, name, shapeHash)));
    },
    close: lifecycle.close,
  };
};
