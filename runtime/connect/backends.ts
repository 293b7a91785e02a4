import { resolve } from 'node:path';
import type { Backend } from '../store/backend.js';
import { openEventSourcingDbBackend } from '../store/eventsourcingdb/backend.js';
import { openMemoryBackend } from '../store/memory/backend.js';
import { openPostgresBackend } from '../store/postgres/backend.js';
import { openSqliteBackend } from '../store/sqlite/backend.js';
import { parseStoreUrl, type StoreLocation } from './store-url.js';

type LocationOf<K extends StoreLocation['kind']> = Extract<StoreLocation, { readonly kind: K }>;

interface BackendKind<L extends StoreLocation> {
  open(location: L): Promise<Backend>;
  /** Two locations with the same key name the same database (and must share one backend). */
  key(location: L): string;
}

/** The one place where a kind of connection string meets the backend that opens it. */
const BACKENDS: { readonly [K in StoreLocation['kind']]: BackendKind<LocationOf<K>> } = {
  memory: { open: () => openMemoryBackend(), key: () => 'memory:' },
  sqlite: {
    open: (location) => openSqliteBackend({ path: location.path }),
    key: (location) => (location.path === ':memory:' ? 'sqlite::memory:' : `sqlite:${resolve(location.path)}`),
  },
  pglite: {
    open: (location) => openPostgresBackend({ dataDir: location.dataDir }),
    key: (location) => (location.dataDir === 'memory://' ? 'pglite:memory' : `pglite:${resolve(location.dataDir)}`),
  },
  postgres: {
    open: (location) => openPostgresBackend({ connectionString: location.connectionString, schema: location.schema }),
    key: (location) => `${location.connectionString}#${location.schema ?? ''}`,
  },
  eventsourcingdb: {
    open: (location) => openEventSourcingDbBackend({ url: location.url, apiToken: location.apiToken }),
    key: (location) => `${location.url}#${location.apiToken}`,
  },
};

// Each entry takes the location of its own kind, which is the kind looked up.
const kindOf = (location: StoreLocation): BackendKind<StoreLocation> => BACKENDS[location.kind] as BackendKind<StoreLocation>;

/**
 * Opens the backend a connection string names (see parseStoreUrl): connected and ready; its
 * components open on first use. The driver it needs is loaded now, and only now. Close it when done.
 */
export function openBackend(url: string | StoreLocation): Promise<Backend> {
  const location = typeof url === 'string' ? parseStoreUrl(url) : url;
  return kindOf(location).open(location);
}

/** Two connection strings with the same key name the same database (and must share one backend). */
export const locationKey = (location: StoreLocation): string => kindOf(location).key(location);
