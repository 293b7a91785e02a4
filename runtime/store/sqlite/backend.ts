import { resolve } from 'node:path';
import { openBackendWith, type Backend } from '../backend.js';
import { openSqliteCheckpoints } from './checkpoints.js';
import { connectSqlite } from './connection.js';
import { openSqliteDeadLetters } from './dead-letters.js';
import { openSqliteEvents } from './events.js';
import { openSqliteKeys } from './keys.js';
import { openSqliteLeases } from './leases.js';
import { openSqliteReadModels } from './read-models.js';
import { openSqliteSchedules } from './schedules.js';
import { openSqliteSnapshots } from './snapshots.js';

export interface SqliteBackendOptions {
  /**
   * `NORMAL` (default) is durable against process crashes in WAL mode and may lose the last
   * transactions on power loss; `FULL` survives power loss at several times the cost per commit.
   */
  readonly synchronous?: 'NORMAL' | 'FULL' | undefined;
  /**
   * How often a waiting subscription checks the file for commits made by other connections or
   * processes (this backend's own appends wake it at once). Default 50 ms.
   */
  readonly pollIntervalMs?: number | undefined;
  /** Rows fetched per query when reading events; a read never holds more. Default 500. */
  readonly pageSize?: number | undefined;
  /** The key store's clock. Default: the system clock. */
  readonly clock?: (() => Date) | undefined;
}

export interface SqliteBackendConfig extends SqliteBackendOptions {
  /** The database file (created with its folder if missing), or `:memory:`. */
  readonly path: string;
}

/**
 * The embedded, persistent backend: one SQLite file in WAL mode (`sqlite:./data/app.db`), one
 * connection shared by every component; needs the `better-sqlite3` package. Several processes may
 * share the file.
 */
export function openSqliteBackend(config: SqliteBackendConfig): Promise<Backend> {
  const { path, ...options } = config;
  const file = path === ':memory:' ? path : resolve(path);
  return openBackendWith({
    name: 'SQLite',
    location: `sqlite:${path}`,
    connect: () => connectSqlite(file, options),
    components: {
      events: openSqliteEvents,
      snapshots: openSqliteSnapshots,
      checkpoints: openSqliteCheckpoints,
      deadLetters: openSqliteDeadLetters,
      keys: openSqliteKeys,
      readModels: openSqliteReadModels,
      leases: openSqliteLeases,
      schedules: openSqliteSchedules,
    },
  });
}
