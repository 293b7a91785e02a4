import { ConfigurationError } from '../../errors/errors.js';
import type { OpenedConnection } from '../backend.js';
import { importDriver, requireDriver } from '../driver-loader.js';
import type { PostgresBackendOptions } from './backend.js';
import { createPGliteDriver, createPgDriver, type PGliteDatabase, type PgListenClient, type PgPool, type PostgresDriver, type SqlSession } from './internal/driver.js';
import { lockDirectory } from './internal/directory-lock.js';
import { passwordOf, redactConnectionString } from './internal/redact.js';
import { migratePostgres, type PostgresMigration, type SchemaName } from './internal/schema.js';

/**
 * Where the PostgreSQL backend keeps its tables. What the backend opens itself it also closes; what
 * the caller hands over (a pool, a PGlite) stays the caller's to close.
 */
export type PostgresTarget =
  /** A server: `postgres://user:password@host:5432/db`. The backend opens (and closes) a pg Pool. */
  | { readonly connectionString: string; readonly poolSize?: number | undefined }
  /** A server through the caller's `pg.Pool`. */
  | { readonly pool: PgPool }
  /** Embedded PGlite, opened by the backend: a directory (persistent) or `memory://`. */
  | { readonly dataDir: string }
  /** Embedded PGlite the caller opened. */
  | { readonly pglite: PGliteDatabase };

/**
 * The PostgreSQL backend's one driver (a pg pool, or PGlite), shared by every component; each keeps
 * its tables in `schema`, migrated through `<schema>.schema_versions`.
 */
export interface PostgresConnection {
  readonly driver: PostgresDriver;
  readonly schema: SchemaName;
  readonly options: PostgresBackendOptions;
  /**
   * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
   * throws. Components compose their statements in it through the session they are handed (a read
   * model's rows and its checkpoint commit together).
   */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Brings `component`'s tables in the schema to the latest of `migrations` (see migratePostgres). */
  migrate(component: string, migrations: readonly PostgresMigration[]): Promise<void>;
}

const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 10_000;

/** The pieces of the `pg` module the backend uses. */
interface PgModule {
  readonly Pool: new (config: { connectionString: string; max: number; connectionTimeoutMillis: number }) => PgPool;
  readonly Client: new (config: object) => PgListenClient;
}

/** Opens the driver for `target` (loading `pg` or `@electric-sql/pglite` now) and checks that it answers. */
export async function connectPostgres(target: PostgresTarget, schema: SchemaName, options: PostgresBackendOptions): Promise<OpenedConnection<PostgresConnection>> {
  // A PGlite directory belongs to one process: locked before PGlite touches it, released after it closed.
  const lock = 'dataDir' in target && target.dataDir !== 'memory://' ? await lockDirectory(target.dataDir, describePostgresTarget(target)) : undefined;
  let driver: PostgresDriver;
  try {
    driver = await openDriver(target);
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Released only once PGlite has closed: a PGlite that failed to close may still write, so the lock stays until this process ends.
  const close = async (): Promise<void> => {
    await driver.close();
    lock?.release();
  };
  try {
    await driver.query('SELECT 1');
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const connection: PostgresConnection = {
    driver,
    schema,
    options,
    transaction: (work) => driver.transaction(work),
    migrate: (component, migrations) => migratePostgres(driver, schema, component, migrations),
  };
  return { connection, close };
}

async function openDriver(target: PostgresTarget): Promise<PostgresDriver> {
  if ('connectionString' in target) {
    checkConnectionString(target.connectionString);
    const pg = requireDriver<PgModule>('pg', 'PostgreSQL');
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: target.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const password = passwordOf(target.connectionString);
    const secrets = password === undefined ? [] : [password, encodeURIComponent(password)];
    return createPgDriver(pool, { ownsPool: true, secrets, Client: pg.Client });
  }
  if ('pool' in target) {
    const pg = requireDriver<PgModule>('pg', 'PostgreSQL');
    return createPgDriver(target.pool, { ownsPool: false, Client: pg.Client });
  }
  if ('dataDir' in target) {
    const { PGlite } = await importDriver('@electric-sql/pglite', 'PGlite', () => import('@electric-sql/pglite'));
    const db: PGliteDatabase = await PGlite.create(target.dataDir);
    return createPGliteDriver(db, { ownsDatabase: true });
  }
  return createPGliteDriver(target.pglite, { ownsDatabase: false });
}

/** Where the target is, safe to show. */
export function describePostgresTarget(target: PostgresTarget): string {
  if ('connectionString' in target) return redactConnectionString(target.connectionString);
  if ('pool' in target) return 'the given pg Pool';
  if ('dataDir' in target) return target.dataDir === 'memory://' ? 'pglite:memory' : `pglite:${target.dataDir}`;
  return 'the given PGlite';
}

function checkConnectionString(connectionString: string): void {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new ConfigurationError(`Invalid PostgreSQL connection string '${redactConnectionString(connectionString)}': expected postgres://user@host:port/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigurationError(`Invalid PostgreSQL connection string '${redactConnectionString(connectionString)}': the scheme must be postgres:// or postgresql://, not ${url.protocol}//`);
  }
}
