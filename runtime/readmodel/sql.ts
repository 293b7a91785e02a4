import { createHash } from 'node:crypto';
import type { IndexedField } from './definition.js';
import type { ColumnCondition, IndexValue, ReadModelTableSpec, TableQuery } from './store.js';

/**
 * The SQL of read-model tables, written once for SQLite and PostgreSQL. A table holds `_key` (the
 * row key), `_row` (the row as JSON) and one column per indexed field, named after the field
 * (fields are camelCase identifiers, so they never clash with the two `_` columns); every indexed
 * column gets a btree index on (column, key), which serves `where`, `orderBy` and the cursor.
 * Text sorts by code point on both (SQLite's BINARY, PostgreSQL's COLLATE "C"), nulls first in
 * ascending order, so a query pages identically everywhere (runtime/readmodel/order.ts).
 */

export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** The n-th (1-based) parameter placeholder. */
  param(n: number): string;
  /** A table name ready for SQL text (quoted; schema-qualified on PostgreSQL). */
  table(name: string): string;
  readonly keyType: string;
  readonly rowType: string;
  columnType(field: IndexedField): string;
}

export const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  param: () => '?',
  table: (name) => quote(name),
  keyType: 'TEXT',
  rowType: 'TEXT',
  columnType: (field) => ({ text: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'INTEGER' })[field.type],
};

export function postgresDialect(schema: string): SqlDialect {
  return {
    kind: 'postgres',
    param: (n) => `$${n}`,
    table: (name) => `${schema}.${quote(name)}`,
    keyType: 'text COLLATE "C"',
    rowType: 'jsonb',
    columnType: (field) => ({ text: 'text COLLATE "C"', integer: 'bigint', real: 'double precision', boolean: 'boolean' })[field.type],
  };
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Longest table name: PostgreSQL's identifier limit is 63 bytes; index names add a suffix. */
const MAX_TABLE_NAME = 40;

/**
 * `rm_<domain>_<name>_<hash>`: readable in a database browser, unique per read model version (the
 * hash covers domain, name and shape hash), and short enough for PostgreSQL with index suffixes.
 */
export function tableNameOf(spec: Pick<ReadModelTableSpec, 'domain' | 'name' | 'shapeHash'>): string {
  const hash = createHash('sha256').update(`${spec.domain}\u0000${spec.name}\u0000${spec.shapeHash}`).digest('hex').slice(0, 12);
  const readable = `rm_${spec.domain}_${spec.name}`.slice(0, MAX_TABLE_NAME - hash.length - 1);
  return `${readable}_${hash}`;
}

/** CREATE statements for a version's table and its indexes (idempotent). */
export function createTableStatements(dialect: SqlDialect, spec: ReadModelTableSpec): readonly string[] {
  const name = tableNameOf(spec);
  const table = dialect.table(name);
  const columns = spec.index.map((field) => `${quote(field.name)} ${dialect.columnType(field)}`);
  const statements = [`CREATE TABLE IF NOT EXISTS ${table} ("_key" ${dialect.keyType} NOT NULL PRIMARY KEY, "_row" ${dialect.rowType} NOT NULL${columns.map((c) => `, ${c}`).join('')})`];
  spec.index.forEach((field, i) => {
    // PostgreSQL's btree default is NULLS LAST; ours is nulls first ascending (a backward scan serves descending).
    const nulls = dialect.kind === 'postgres' ? ' NULLS FIRST' : '';
    statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_i${i}`)} ON ${table} (${quote(field.name)}${nulls}, "_key")`);
  });
  return statements;
}

export const dropTableStatement = (dialect: SqlDialect, spec: Pick<ReadModelTableSpec, 'domain' | 'name' | 'shapeHash'>): string =>
  `DROP TABLE IF EXISTS ${dialect.table(tableNameOf(spec))}`;

/** A statement and its parameters. */
export interface Statement {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** Builds parameter lists in order, with the dialect's placeholders. */
class Params {
  readonly values: unknown[] = [];
  constructor(
    private readonly dialect: SqlDialect,
    private readonly spec: ReadModelTableSpec,
  ) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length);
  }
  /** A value of an indexed column as the database stores it. */
  column(column: number | 'key', value: IndexValue): string {
    const field = column === 'key' ? undefined : this.spec.index[column];
    return this.add(field === undefined ? value : columnParam(this.dialect, field, value));
  }
}

const columnRef = (spec: ReadModelTableSpec, column: number | 'key'): string => (column === 'key' ? '"_key"' : quote((spec.index[column] as IndexedField).name));

function whereClauses(spec: ReadModelTableSpec, where: readonly ColumnCondition[], params: Params): string[] {
  return where.map((condition) => {
    const column = columnRef(spec, condition.column);
    const present = condition.values.filter((value) => value !== null);
    const parts = present.length === 0 ? [] : [present.length === 1 ? `${column} = ${params.column(condition.column, present[0] as IndexValue)}` : `${column} IN (${present.map((v) => params.column(condition.column, v)).join(', ')})`];
    if (present.length < condition.values.length) parts.push(`${column} IS NULL`);
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
  });
}

/** The page after (value, key): see runtime/readmodel/order.ts for the order it continues. */
function afterClause(spec: ReadModelTableSpec, query: TableQuery, params: Params): string | undefined {
  const { after, direction, orderBy } = query;
  if (after === undefined) return undefined;
  const further = direction === 'asc' ? '>' : '<';
  // A fresh placeholder per use: SQLite binds `?` by position.
  const key = (): string => params.add(after.key);
  if (orderBy === 'key') return `"_key" ${further} ${key()}`;
  const column = columnRef(spec, orderBy);
  if (after.value === null) {
    // Nulls come first ascending (so every non-null row is still ahead) and last descending.
    return direction === 'asc' ? `((${column} IS NULL AND "_key" > ${key()}) OR ${column} IS NOT NULL)` : `(${column} IS NULL AND "_key" < ${key()})`;
  }
  const value = (): string => params.column(orderBy, after.value);
  const beyond = `(${column} ${further} ${value()} OR (${column} = ${value()} AND "_key" ${further} ${key()}))`;
  return direction === 'asc' ? beyond : `(${beyond} OR ${column} IS NULL)`;
}

export function findStatement(dialect: SqlDialect, spec: ReadModelTableSpec, query: TableQuery): Statement {
  const params = new Params(dialect, spec);
  const clauses = whereClauses(spec, query.where, params);
  const after = afterClause(spec, query, params);
  if (after !== undefined) clauses.push(after);
  const order = query.direction === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST';
  const sortColumn = columnRef(spec, query.orderBy);
  const orderBy = query.orderBy === 'key' ? `"_key" ${query.direction.toUpperCase()}` : `${sortColumn} ${order}, "_key" ${query.direction.toUpperCase()}`;
  const text = `SELECT "_key" AS key, "_row" AS row, ${sortColumn} AS sort FROM ${dialect.table(tableNameOf(spec))}${clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`} ORDER BY ${orderBy} LIMIT ${params.add(query.limit)}`;
  return { text, params: params.values };
}

export function countStatement(dialect: SqlDialect, spec: ReadModelTableSpec, where: readonly ColumnCondition[]): Statement {
  const params = new Params(dialect, spec);
  const clauses = whereClauses(spec, where, params);
  return { text: `SELECT count(*) AS n FROM ${dialect.table(tableNameOf(spec))}${clauses.length === 0 ? '' : ` WHERE ${clauses.join(' AND ')}`}`, params: params.values };
}

/** INSERT ... ON CONFLICT DO UPDATE of one row: parameters key, row, then the indexed columns. */
export function upsertText(dialect: SqlDialect, spec: ReadModelTableSpec): string {
  const columns = ['"_key"', '"_row"', ...spec.index.map((field) => quote(field.name))];
  const values = columns.map((_, i) => (i === 1 && dialect.kind === 'postgres' ? `${dialect.param(i + 1)}::jsonb` : dialect.param(i + 1)));
  const updates = columns.slice(1).map((column) => `${column} = excluded.${column}`);
  return `INSERT INTO ${dialect.table(tableNameOf(spec))} (${columns.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT ("_key") DO UPDATE SET ${updates.join(', ')}`;
}

/**
 * PostgreSQL: every row of a batch in one INSERT ... SELECT FROM unnest(...) statement, one array
 * parameter per column (keys, rows as JSON text, then the indexed columns). Keys must be distinct.
 */
export function upsertManyText(dialect: SqlDialect, spec: ReadModelTableSpec): string {
  const arrayType = (field: IndexedField): string => ({ text: 'text[]', integer: 'bigint[]', real: 'double precision[]', boolean: 'boolean[]' })[field.type];
  const columns = ['"_key"', '"_row"', ...spec.index.map((field) => quote(field.name))];
  const arrays = ['$1::text[]', '$2::text[]', ...spec.index.map((field, i) => `$${i + 3}::${arrayType(field)}`)];
  const selected = columns.map((_, i) => (i === 1 ? `c${i}::jsonb` : `c${i}`));
  const updates = columns.slice(1).map((column) => `${column} = excluded.${column}`);
  return `INSERT INTO ${dialect.table(tableNameOf(spec))} (${columns.join(', ')}) SELECT ${selected.join(', ')} FROM unnest(${arrays.join(', ')}) AS t(${columns.map((_, i) => `c${i}`).join(', ')}) ON CONFLICT ("_key") DO UPDATE SET ${updates.join(', ')}`;
}

/** An indexed value as a column parameter (SQLite stores booleans as 0/1). */
export const columnParam = (dialect: SqlDialect, field: IndexedField, value: IndexValue): unknown =>
  field.type === 'boolean' && dialect.kind === 'sqlite' && value !== null ? (value ? 1 : 0) : value;

/** A sort value read back from a column, as the query API compares it. */
export function sortValueOf(spec: ReadModelTableSpec, column: number | 'key', stored: unknown): IndexValue {
  if (stored === null || stored === undefined) return null;
  const field = column === 'key' ? undefined : spec.index[column];
  if (field?.type === 'boolean') return stored === true || stored === 1;
  if (field?.type === 'integer' && (typeof stored === 'string' || typeof stored === 'bigint')) return Number(stored);
  return stored as IndexValue;
}
