/** The PostgreSQL backend: a server through `pg`, or embedded PGlite, through one code path. */
export { openPostgresBackend, type PostgresBackendConfig, type PostgresBackendOptions } from './backend.js';
export type { PostgresTarget } from './connection.js';
export type { PGliteDatabase, PGliteSession, PgPool, PgPoolClient, SqlSession } from './internal/driver.js';
export { PostgresError } from './internal/errors.js';
export { DEFAULT_POSTGRES_SCHEMA } from './internal/schema.js';
export { redactConnectionString } from './internal/redact.js';
