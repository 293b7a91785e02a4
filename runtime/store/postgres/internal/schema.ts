import { ConfigurationError, StoreError } from '../../../errors/errors.js';
import type { PostgresDriver } from './driver.js';

export const DEFAULT_POSTGRES_SCHEMA = 'orchestrix';

/**
 * A validated PostgreSQL schema name. Restricted to lowercase identifiers so it can be written into
 * SQL unquoted, used in advisory-lock keys and LISTEN channel names (with room to spare under the
 * 63-byte identifier limit).
 */
export interface SchemaName {
  readonly name: string;
  /** `name.table`, ready for SQL text. */
  table(table: string): string;
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,47}$/;

export function schemaName(name: string = DEFAULT_POSTGRES_SCHEMA): SchemaName {
  if (!SCHEMA_PATTERN.test(name) || name.startsWith('pg_')) {
    throw new ConfigurationError(`Invalid PostgreSQL schema name '${name}': use 1-48 lowercase letters, digits or '_', not starting with a digit or 'pg_'`);
  }
  return { name, table: (table) => `${name}.${table}` };
}

/** A forward-only schema change; `version` starts at 1 and grows by one per step. */
export interface PostgresMigration {
  readonly version: number;
  /** Statements (no parameters) for the given schema. */
  sql(schema: SchemaName): string;
}

/**
 * Brings `component`'s tables in `schema` to the latest migration, recording the version in
 * `<schema>.schema_versions`. The whole check-and-apply runs in one transaction under a
 * transaction-scoped advisory lock keyed by the schema, so processes starting at once apply each
 * step exactly once (the others wait, then find it done); DDL is transactional in PostgreSQL, so a
 * failed step leaves nothing behind. A schema newer than this code is refused.
 */
export async function migratePostgres(driver: PostgresDriver, schema: SchemaName, component: string, migrations: readonly PostgresMigration[]): Promise<void> {
  const latest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`orchestrix.migrate.${schema.name}`]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${schema.name};
      CREATE TABLE IF NOT EXISTS ${schema.table('schema_versions')} (component text PRIMARY KEY, version integer NOT NULL)`);
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${schema.table('schema_versions')} WHERE component = $1`, [component]);
    const at = rows[0]?.version ?? 0;
    if (at > latest) {
      throw new StoreError(`PostgreSQL schema '${schema.name}' holds '${component}' at version ${at}, newer than this Orchestrix (${latest}); upgrade Orchestrix`);
    }
    const pending = migrations.filter((migration) => migration.version > at).sort((a, b) => a.version - b.version);
    for (const migration of pending) await tx.exec(migration.sql(schema));
    if (pending.length > 0) {
      await tx.query(
        `INSERT INTO ${schema.table('schema_versions')} (component, version) VALUES ($1, $2)
         ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
        [component, latest],
      );
    }
  });
}

/** bigint columns arrive as strings from pg and as numbers from PGlite. */
export function toSafeInteger(value: unknown, what: string): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new StoreError(`PostgreSQL returned ${String(value)} for ${what}, not a safe integer`);
  return number;
}
