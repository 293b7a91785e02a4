/**
 * Test databases for the PostgreSQL adapters. PGlite (in memory, one instance per test file) always;
 * the real server too when ORCHESTRIX_PG_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
 * The list of backends is fixed at load time, so without the variable the server's describe blocks
 * simply do not exist. Every store gets its own schema (unique across processes and runs), dropped
 * after the test, so test files running in parallel on one server never see each other's tables.
 */
import type { PGlite } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Backend } from '../../runtime/store/backend.js';
import { openPostgresBackend, type PostgresBackendConfig } from '../../runtime/store/postgres/backend.js';

type PostgresStoreConfig = PostgresBackendConfig;

/** pg through require, as the runtime loads it (its ESM build under vitest's conditions breaks pg-pool). */
export const loadPg = (): typeof pg => createRequire(import.meta.url)('pg') as typeof pg;

/** The server under test, or undefined when only PGlite runs. */
export const postgresServerUrl: string | undefined = process.env['ORCHESTRIX_PG_URL']?.trim() || undefined;

export interface PostgresTestBackend {
  readonly name: string;
  readonly kind: 'pglite' | 'pg';
  /** A store config on a new, empty schema. */
  fresh(): Promise<PostgresStoreConfig & { readonly schema: string }>;
  /** Another config on the schema of the last fresh(): other connections (a second pool) on the server, the same database on PGlite. */
  again(): Promise<PostgresStoreConfig & { readonly schema: string }>;
  /** Drops the schemas handed out so far (server); PGlite's go with the instance. */
  cleanup(): Promise<void>;
}

/**
 * A PostgreSQL test backend as a TestBackend (test/support/backends.ts): each `fresh()` a backend on
 * a new schema, `again()` another backend (another pool on the server) on the same schema.
 */
export function postgresTestTargets(): readonly { readonly name: string; fresh(): Promise<Backend>; again(): Promise<Backend>; cleanup(): Promise<void> }[] {
  return postgresTestBackends().map((backend) => {
    const opened: Backend[] = [];
    const track = async (config: Promise<PostgresStoreConfig>): Promise<Backend> => {
      const opening = openPostgresBackend(await config);
      const target = await opening;
      opened.push(target);
      return target;
    };
    return {
      name: backend.name,
      fresh: () => track(backend.fresh()),
      again: () => track(backend.again()),
      async cleanup() {
        for (const target of opened.splice(0)) await target.close();
        await backend.cleanup();
      },
    };
  });
}

let schemas = 0;
/** A schema name no other test process or run uses. */
export function uniqueSchemaName(prefix = 't'): string {
  schemas += 1;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${random}_${schemas}`;
}

/** Runs `work` with a plain pg client on the server (for tests that need raw SQL or a second session). */
export async function withServerClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new (loadPg().Client)({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchemas(url: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await withServerClient(url, async (client) => {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  });
}

function pgliteBackend(): PostgresTestBackend {
  let db: Promise<PGlite> | undefined;
  let last = '';
  const shared = (): Promise<PGlite> => (db ??= import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create()));
  // Started in a hook (whose timeout is longer than a test's): PGlite takes seconds to boot on a busy machine.
  beforeAll(async () => {
    await shared();
  });
  afterAll(async () => {
    await (await db)?.close();
  });
  return {
    name: 'PGlite (in memory)',
    kind: 'pglite',
    async fresh() {
      last = uniqueSchemaName();
      return { pglite: await shared(), schema: last };
    },
    async again() {
      return { pglite: await shared(), schema: last };
    },
    async cleanup() {
      // Each test has its own schema; the instance is dropped with the file.
    },
  };
}

function serverBackend(url: string): PostgresTestBackend {
  const created: string[] = [];
  let last = '';
  afterAll(async () => {
    await dropSchemas(url, created.splice(0));
  });
  return {
    name: 'PostgreSQL server',
    kind: 'pg',
    async fresh() {
      last = uniqueSchemaName();
      created.push(last);
      return { connectionString: url, poolSize: 4, schema: last };
    },
    async again() {
      return { connectionString: url, poolSize: 4, schema: last };
    },
    async cleanup() {
      await dropSchemas(url, created.splice(0));
    },
  };
}

/** PGlite, plus the server when ORCHESTRIX_PG_URL is set. Call once per test file, at load time. */
export function postgresTestBackends(): readonly PostgresTestBackend[] {
  return postgresServerUrl === undefined ? [pgliteBackend()] : [pgliteBackend(), serverBackend(postgresServerUrl)];
}
