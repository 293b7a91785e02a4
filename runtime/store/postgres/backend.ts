import { openBackendWith, type Backend } from '../backend.js';
import { openPostgresCheckpoints } from './checkpoints.js';
import { connectPostgres, describePostgresTarget, type PostgresTarget } from './connection.js';
import { openPostgresDeadLetters } from './dead-letters.js';
import { openPostgresEvents } from './events.js';
import { schemaName } from './internal/schema.js';
import { openPostgresKeys } from './keys.js';
import { openPostgresLeases } from './leases.js';
import { openPostgresReadModels } from './read-models.js';
import { openPostgresSchedules } from './schedules.js';
import { openPostgresSnapshots } from './snapshots.js';

export interface PostgresBackendOptions {
  /** The PostgreSQL schema holding the tables (created if missing). Default `orchestrix`. */
  readonly schema?: string | undefined;
  /** Event rows fetched per query by lazy reads. Default 1000. */
  readonly pageSize?: number | undefined;
  /** How often a waiting subscription polls the head position, behind LISTEN/NOTIFY. Default 2000 ms. */
  readonly pollIntervalMs?: number | undefined;
  /** The key store's clock. Default: the system clock. */
  readonly clock?: (() => Date) | undefined;
}

export type PostgresBackendConfig = PostgresTarget & PostgresBackendOptions;

/**
 * PostgreSQL — a server through `pg` (`postgres://...`), or embedded PGlite (`pglite:<dir>`,
 * `pglite:memory`) — with one code path: every component in one schema, over one driver (one pool,
 * or one PGlite). Needs the `pg` or the `@electric-sql/pglite` package.
 */
export function openPostgresBackend(config: PostgresBackendConfig): Promise<Backend> {
  const schema = schemaName(config.schema);
  const isPGlite = 'dataDir' in config || 'pglite' in config;
  return openBackendWith({
    name: isPGlite ? 'PGlite' : 'PostgreSQL',
    location: describePostgresTarget(config) + (schema.name === 'orchestrix' ? '' : ` (schema ${schema.name})`),
    connect: () => connectPostgres(config, schema, config),
    components: {
      events: openPostgresEvents,
      snapshots: openPostgresSnapshots,
      checkpoints: openPostgresCheckpoints,
      deadLetters: openPostgresDeadLetters,
      keys: openPostgresKeys,
      readModels: openPostgresReadModels,
      leases: openPostgresLeases,
      schedules: openPostgresSchedules,
    },
  });
}
