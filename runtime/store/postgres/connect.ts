import type { PGlite } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import type { Pool } from 'pg';
import { ConfigurationError } from '../../errors/errors.js';
import { createPGliteDriver, createPgDriver, type PostgresDriver } from './driver.js';
import { passwordOf, redactConnectionString } from './redact.js';

/**
 * Where the PostgreSQL adapters keep their tables. What the adapter opens itself it also closes;
 * what the caller hands over (a pool, a PGlite, a driver) stays the caller's to close.
 */
export type PostgresTarget =
  /** A server: `postgres://user:password@host:5432/db`. The adapter opens (and closes) a pg Pool. */
  | { readonly connectionString: string; readonly poolSize?: number }
  /** A server through the caller's pg Pool. */
  | { readonly pool: Pool }
  /** Embedded PGlite, opened by the adapter: a directory (persistent) or `memory://`. */
  | { readonly dataDir: string }
  /** Embedded PGlite the caller opened (share one between the event store and the other stores). */
  | { readonly pglite: PGlite }
  /** A driver from createPostgresDriver, shared by several stores. */
  | { readonly driver: PostgresDriver };

/** A driver and how to let go of it: close it if we opened it, leave it alone if borrowed. */
export interface AcquiredDriver {
  readonly driver: PostgresDriver;
  /** A description of the target that is safe to show (no password). */
  readonly description: string;
  release(): Promise<void>;
}

const DEFAULT_POOL_SIZE = 10;

/**
 * `pg` is CommonJS. Loading it with require keeps its own require() calls on the CommonJS path
 * whatever ESM loader hooks the host installed (vitest's `import` export condition otherwise hands
 * pg the ESM build of pg-pool, which it cannot extend).
 */
export function loadPg(): typeof import('pg') {
  return createRequire(import.meta.url)('pg') as typeof import('pg');
}
const CONNECT_TIMEOUT_MS = 10_000;

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

/**
 * Opens a driver for `target` (the caller closes it). Use it to share one pool or one PGlite
 * between the event store, snapshots, checkpoints and dead letters: pass `{ driver }` to each.
 */
export async function createPostgresDriver(target: Exclude<PostgresTarget, { readonly driver: PostgresDriver }>): Promise<PostgresDriver> {
  return (await acquireOwned(target)).driver;
}

async function acquireOwned(target: Exclude<PostgresTarget, { readonly driver: PostgresDriver }>): Promise<AcquiredDriver> {
  if ('connectionString' in target) {
    checkConnectionString(target.connectionString);
    const pg = loadPg();
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: target.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const password = passwordOf(target.connectionString);
    const secrets = password === undefined ? [] : [password, encodeURIComponent(password)];
    const driver = createPgDriver(pool, { ownsPool: true, secrets, Client: pg.Client });
    return { driver, description: redactConnectionString(target.connectionString), release: () => driver.close() };
  }
  if ('pool' in target) {
    const pg = loadPg();
    const driver = createPgDriver(target.pool, { ownsPool: false, Client: pg.Client });
    return { driver, description: 'the given pg Pool', release: () => driver.close() };
  }
  if ('dataDir' in target) {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(target.dataDir);
    const driver = createPGliteDriver(db, { ownsDatabase: true });
    return { driver, description: `PGlite at ${target.dataDir}`, release: () => driver.close() };
  }
  const driver = createPGliteDriver(target.pglite, { ownsDatabase: false });
  return { driver, description: 'the given PGlite', release: () => driver.close() };
}

export async function acquireDriver(target: PostgresTarget): Promise<AcquiredDriver> {
  if ('driver' in target) return { driver: target.driver, description: `the given ${target.driver.kind} driver`, release: async () => undefined };
  return acquireOwned(target);
}
