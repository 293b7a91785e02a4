/** PostgreSQL adapters: a server through `pg`, or embedded PGlite, through one code path. */
export { createPostgresEventStore, type PostgresEventStoreConfig, type PostgresEventStoreOptions } from './event-store.js';
export { createPostgresSnapshotStore } from './snapshot-store.js';
export { createPostgresCheckpointStore } from './checkpoint-store.js';
export { createPostgresDeadLetterQueue } from './dead-letter-queue.js';
export { createPostgresKeyStore, type PostgresKeyStoreOptions } from './key-store.js';
export { createPostgresDriver, type PostgresTarget } from './connect.js';
export type { PostgresStoreConfig, PostgresStoreOptions } from './component.js';
export { PostgresError, type PostgresDriver, type SqlSession } from './driver.js';
export { DEFAULT_POSTGRES_SCHEMA, schemaName, type SchemaName } from './schema.js';
export { redactConnectionString } from './redact.js';
