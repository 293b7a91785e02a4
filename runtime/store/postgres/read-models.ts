import {
  countStatement,
  createTableStatements,
  dropTableStatement,
  findStatement,
  postgresDialect,
  sortValueOf,
  tableNameOf,
  upsertManyText,
} from '../../readmodel/sql.js';
import {
  describeTable,
  PositionMovedError,
  type ReadModelStore,
  type ReadModelTable,
  type ReadModelTableSpec,
  type StoredRow,
  type TableCommit,
  type TableInfo,
  type TableStatus,
} from '../../readmodel/store.js';
import type { ComponentOpener } from '../backend.js';
import type { PostgresConnection } from './connection.js';
import type { SqlSession } from './internal/driver.js';
import { toSafeInteger, type PostgresMigration } from './internal/schema.js';

/** Append new steps; never edit a released one. */
export const readModelMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    sql: (schema) => `
-- One row per version (shape hash) of a read model: its table and how far it got.
CREATE TABLE ${schema.table('read_models')} (
  domain text NOT NULL,
  name text NOT NULL,
  shape_hash text NOT NULL,
  table_name text NOT NULL,
  status text NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (domain, name, shape_hash)
);`,
  },
];

interface RegistryRow {
  readonly shape_hash: string;
  readonly status: TableStatus;
  readonly position: unknown;
}

/**
 * Read-model tables in PostgreSQL or PGlite: a jsonb row and a btree index per indexed field. A
 * commit moves the version's position with a compare-and-set in the same transaction as its rows,
 * so several processes may share the database (the lead holder of a lease does the work; the
 * compare-and-set is what makes a late or duplicate writer harmless).
 */
export const openPostgresReadModels: ComponentOpener<PostgresConnection, 'readModels'> = async (connection, lifecycle): Promise<ReadModelStore> => {
  await connection.migrate('read-models', readModelMigrations);
  const { driver, schema } = connection;
  const component = { assertOpen: () => lifecycle.assertOpen() };
  const dialect = postgresDialect(schema.name);
  const registry = schema.table('read_models');
  const current = async (session: SqlSession, spec: Pick<ReadModelTableSpec, 'domain' | 'name' | 'shapeHash'>): Promise<RegistryRow | undefined> =>
    (await session.query<RegistryRow>(`SELECT shape_hash, status, position FROM ${registry} WHERE domain = $1 AND name = $2 AND shape_hash = $3`, [spec.domain, spec.name, spec.shapeHash]))[0];
  const dropVersion = async (session: SqlSession, domain: string, name: string, shapeHash: string): Promise<void> => {
    await session.exec(dropTableStatement(dialect, { domain, name, shapeHash }));
    await session.query(`DELETE FROM ${registry} WHERE domain = $1 AND name = $2 AND shape_hash = $3`, [domain, name, shapeHash]);
  };
  // DDL of one read model is serialized across processes (CREATE ... IF NOT EXISTS races otherwise).
  const lockReadModel = (session: SqlSession, domain: string, name: string) =>
    session.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`orchestrix.read-model.${schema.name}.${domain}.${name}`]);

  const handle = (spec: ReadModelTableSpec): ReadModelTable => {
    const label = describeTable(spec);
    const table = dialect.table(tableNameOf(spec));
    const upsertMany = upsertManyText(dialect, spec);
    const readRows = async (session: SqlSession, keys: readonly string[]): Promise<Map<string, StoredRow>> => {
      const found = new Map<string, StoredRow>();
      if (keys.length === 0) return found;
      const rows = await session.query<{ key: string; row: StoredRow }>(`SELECT "_key" AS key, "_row" AS row FROM ${table} WHERE "_key" = ANY($1::text[])`, [keys]);
      for (const row of rows) found.set(row.key, row.row);
      return found;
    };
    /** Moves the position from `from` to `through` (compare-and-set) and writes the rows, in the transaction of `tx`; false, writing nothing, if the position moved. */
    const commitIfAt = async (tx: SqlSession, changes: TableCommit): Promise<boolean> => {
      const moved = await tx.query(
        `UPDATE ${registry} SET position = $1, updated_at = now() WHERE domain = $2 AND name = $3 AND shape_hash = $4 AND position = $5 RETURNING position`,
        [changes.through, spec.domain, spec.name, spec.shapeHash, changes.from],
      );
      if (moved.length !== 1) return false;
      if (changes.deletes.length > 0) await tx.query(`DELETE FROM ${table} WHERE "_key" = ANY($1::text[])`, [changes.deletes]);
      if (changes.upserts.length > 0) {
        const columns = spec.index.map((_, i) => changes.upserts.map((write) => write.index[i] ?? null));
        await tx.query(upsertMany, [changes.upserts.map((write) => write.key), changes.upserts.map((write) => JSON.stringify(write.row)), ...columns]);
      }
      return true;
    };
    const commitIn = async (tx: SqlSession, changes: TableCommit): Promise<void> => {
      if (await commitIfAt(tx, changes)) return;
      const now = await current(tx, spec);
      throw new PositionMovedError(label, changes.from, now === undefined ? undefined : toSafeInteger(now.position, 'a read model position'));
    };
    return {
      spec,
      async position() {
        component.assertOpen();
        const row = await current(driver, spec);
        return row === undefined ? 0 : toSafeInteger(row.position, 'a read model position');
      },
      async status() {
        component.assertOpen();
        return (await current(driver, spec))?.status ?? 'building';
      },
      async getMany(keys) {
        component.assertOpen();
        return readRows(driver, keys);
      },
      async commit(changes) {
        component.assertOpen();
        await connection.transaction((tx) => commitIn(tx, changes));
      },
      joinTransaction(scope) {
        // The session is the one the events component put in the scope of its own transaction.
        if (scope.connection !== connection || scope.session === undefined) return undefined;
        const tx = scope.session as SqlSession;
        return {
          getMany: (keys) => readRows(tx, keys),
          commitIfAt: (changes) => commitIfAt(tx, changes),
        };
      },
      async find(query) {
        component.assertOpen();
        const statement = findStatement(dialect, spec, query);
        const rows = await driver.query<{ key: string; row: StoredRow; sort: unknown }>(statement.text, statement.params);
        return rows.map((row) => ({ key: row.key, row: row.row, sortValue: sortValueOf(spec, query.orderBy, row.sort) }));
      },
      async count(where) {
        component.assertOpen();
        const statement = countStatement(dialect, spec, where);
        const [row] = await driver.query<{ n: unknown }>(statement.text, statement.params);
        return toSafeInteger(row?.n ?? 0, 'a row count');
      },
      async activate() {
        component.assertOpen();
        await connection.transaction(async (tx) => {
          await lockReadModel(tx, spec.domain, spec.name);
          await tx.query(`UPDATE ${registry} SET status = 'active', updated_at = now() WHERE domain = $1 AND name = $2 AND shape_hash = $3`, [spec.domain, spec.name, spec.shapeHash]);
          const others = await tx.query<RegistryRow>(`SELECT shape_hash, status, position FROM ${registry} WHERE domain = $1 AND name = $2 AND shape_hash <> $3`, [spec.domain, spec.name, spec.shapeHash]);
          for (const other of others) await dropVersion(tx, spec.domain, spec.name, other.shape_hash);
        });
      },
    };
  };

  return {
    async table(spec) {
      component.assertOpen();
      await connection.transaction(async (tx) => {
        await lockReadModel(tx, spec.domain, spec.name);
        for (const statement of createTableStatements(dialect, spec)) await tx.exec(statement);
        await tx.query(
          `INSERT INTO ${registry} (domain, name, shape_hash, table_name, status, position) VALUES ($1, $2, $3, $4, 'building', 0) ON CONFLICT DO NOTHING`,
          [spec.domain, spec.name, spec.shapeHash, tableNameOf(spec)],
        );
      });
      return handle(spec);
    },
    async versions(domain, name): Promise<readonly TableInfo[]> {
      component.assertOpen();
      const rows = await driver.query<RegistryRow>(`SELECT shape_hash, status, position FROM ${registry} WHERE domain = $1 AND name = $2`, [domain, name]);
      const infos: TableInfo[] = [];
      for (const row of rows) {
        const [counted] = await driver.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${dialect.table(tableNameOf({ domain, name, shapeHash: row.shape_hash }))}`);
        infos.push({ shapeHash: row.shape_hash, status: row.status, position: toSafeInteger(row.position, 'a read model position'), rows: toSafeInteger(counted?.n ?? 0, 'a row count') });
      }
      return infos.sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1));
    },
    async drop(domain, name, shapeHash) {
      component.assertOpen();
      await connection.transaction(async (tx) => {
        await lockReadModel(tx, domain, name);
        await dropVersion(tx, domain, name, shapeHash);
      });
    },
    close: lifecycle.close,
  };
};
