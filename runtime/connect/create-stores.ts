import { resolve } from 'node:path';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { ConfigurationError, OrchestrixError, StoreError } from '../errors/errors.js';
import type { KeyStore } from '../gdpr/key-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { EventStore } from '../store/event-store.js';
import { createEventSourcingDbEventStore } from '../store/eventsourcingdb/index.js';
import { createInMemoryCheckpointStore } from '../store/memory/checkpoint-store.js';
import { createInMemoryDeadLetterQueue } from '../store/memory/dead-letter-queue.js';
import { createInMemoryEventStore } from '../store/memory/event-store.js';
import { createInMemoryKeyStore } from '../store/memory/key-store.js';
import { createInMemorySnapshotStore } from '../store/memory/snapshot-store.js';
import {
  createPostgresCheckpointStore,
  createPostgresDeadLetterQueue,
  createPostgresDriver,
  createPostgresEventStore,
  createPostgresKeyStore,
  createPostgresSnapshotStore,
  type PostgresDriver,
  type PostgresStoreConfig,
} from '../store/postgres/index.js';
import { createSqliteCheckpointStore } from '../store/sqlite/checkpoint-store.js';
import { createSqliteDeadLetterQueue } from '../store/sqlite/dead-letter-queue.js';
import { createSqliteEventStore } from '../store/sqlite/event-store.js';
import { createSqliteKeyStore } from '../store/sqlite/key-store.js';
import { createSqliteSnapshotStore } from '../store/sqlite/snapshot-store.js';
import type { CheckpointStore } from '../subscription/checkpoint-store.js';
import { describeStoreLocation, parseStoreUrl, type StoreLocation } from './store-url.js';

/** Every store a domain may use, over one location. */
export interface Stores {
  readonly events: EventStore;
  readonly snapshots: SnapshotStore;
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetterQueue;
  readonly keys: KeyStore;
  /** Closes every store (and the connection they share). */
  close(): Promise<void>;
}

type Closable = { close(): Promise<void> };
type Kind = 'events' | 'snapshots' | 'checkpoints' | 'deadLetters' | 'keys';

const LABEL: Readonly<Record<Kind, string>> = {
  events: 'event store',
  snapshots: 'snapshot store',
  checkpoints: 'checkpoint store',
  deadLetters: 'dead-letter queue',
  keys: 'key store',
};

/** An event store from a connection string (see parseStoreUrl), connected and ready. */
export const createEventStore = (url: string | StoreLocation): Promise<EventStore> => open(url, 'events');
export const createSnapshotStore = (url: string | StoreLocation): Promise<SnapshotStore> => open(url, 'snapshots');
export const createCheckpointStore = (url: string | StoreLocation): Promise<CheckpointStore> => open(url, 'checkpoints');
export const createDeadLetterQueue = (url: string | StoreLocation): Promise<DeadLetterQueue> => open(url, 'deadLetters');
export const createKeyStore = (url: string | StoreLocation): Promise<KeyStore> => open(url, 'keys');

/**
 * All stores over one location, sharing its connection (one pg pool, one PGlite, one SQLite file).
 * EventSourcingDB holds only events: pass `others` (e.g. `sqlite:./app.db`) for the rest.
 */
export async function openStores(url: string | StoreLocation, options: { readonly others?: string | StoreLocation } = {}): Promise<Stores> {
  const location = locate(url);
  const others = options.others === undefined ? location : locate(options.others);
  if (others.kind === 'eventsourcingdb') {
    throw new ConfigurationError(
      'EventSourcingDB stores only events: keep snapshots, checkpoints, dead letters and keys elsewhere, e.g. openStores(esdbUrl, { others: "sqlite:./app.db" })',
    );
  }
  const opened: Closable[] = [];
  try {
    const shared = others.kind === 'postgres' || others.kind === 'pglite' ? await postgresDriver(others) : undefined;
    const take = async <T extends Closable>(store: Promise<T>): Promise<T> => {
      const value = await store;
      opened.push(value);
      return value;
    };
    const open = <K extends Kind>(kind: K) => take(openAt(others, kind, shared?.driver) as Promise<StoreOf<K>>);
    // Events may live elsewhere than the rest (EventSourcingDB); then they get their own connection.
    const events = await take(location === others ? (openAt(location, 'events', shared?.driver) as Promise<EventStore>) : createEventStore(location));
    const snapshots = await open('snapshots');
    const checkpoints = await open('checkpoints');
    const deadLetters = await open('deadLetters');
    const keys = await open('keys');
    return {
      events,
      snapshots,
      checkpoints,
      deadLetters,
      keys,
      async close() {
        await closeAll(opened);
        await shared?.release();
      },
    };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

type StoreOf<K extends Kind> = K extends 'events'
  ? EventStore
  : K extends 'snapshots'
    ? SnapshotStore
    : K extends 'checkpoints'
      ? CheckpointStore
      : K extends 'deadLetters'
        ? DeadLetterQueue
        : KeyStore;

async function open<K extends Kind>(url: string | StoreLocation, kind: K): Promise<StoreOf<K>> {
  const location = locate(url);
  if (location.kind !== 'postgres' && location.kind !== 'pglite') return (await openAt(location, kind, undefined)) as StoreOf<K>;
  const shared = await postgresDriver(location);
  try {
    return onClose((await openAt(location, kind, shared.driver)) as StoreOf<K>, shared.release);
  } catch (error) {
    await shared.release();
    throw error;
  }
}

async function openAt(location: StoreLocation, kind: Kind, driver: PostgresDriver | undefined): Promise<Closable> {
  try {
    switch (location.kind) {
      case 'memory':
        return memoryStore(kind);
      case 'sqlite':
        return sqliteStore(location.path === ':memory:' ? ':memory:' : resolve(location.path), kind);
      case 'pglite':
      case 'postgres': {
        if (driver === undefined) throw new ConfigurationError('internal: PostgreSQL stores need a driver');
        const config: PostgresStoreConfig = { driver, ...(location.kind === 'postgres' && location.schema !== undefined ? { schema: location.schema } : {}) };
        return await postgresStore(config, kind);
      }
      case 'eventsourcingdb': {
        if (kind !== 'events') {
          throw new ConfigurationError(`EventSourcingDB stores only events; a ${LABEL[kind]} needs memory:, sqlite: or postgres:`);
        }
        const store = createEventSourcingDbEventStore({ url: location.url, apiToken: location.apiToken });
        try {
          await store.verify();
        } catch (error) {
          await store.close();
          throw error;
        }
        return store;
      }
    }
  } catch (error) {
    if (error instanceof OrchestrixError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`Cannot open the ${LABEL[kind]} at ${describeStoreLocation(location)}: ${reason}`, { cause: error });
  }
}

function memoryStore(kind: Kind): Closable {
  switch (kind) {
    case 'events':
      return createInMemoryEventStore();
    case 'snapshots':
      return createInMemorySnapshotStore();
    case 'checkpoints':
      return createInMemoryCheckpointStore();
    case 'deadLetters':
      return createInMemoryDeadLetterQueue();
    case 'keys':
      return createInMemoryKeyStore();
  }
}

function sqliteStore(path: string, kind: Kind): Closable {
  switch (kind) {
    case 'events':
      return createSqliteEventStore(path);
    case 'snapshots':
      return createSqliteSnapshotStore(path);
    case 'checkpoints':
      return createSqliteCheckpointStore(path);
    case 'deadLetters':
      return createSqliteDeadLetterQueue(path);
    case 'keys':
      return createSqliteKeyStore(path);
  }
}

async function postgresStore(config: PostgresStoreConfig, kind: Kind): Promise<Closable> {
  switch (kind) {
    case 'events':
      return createPostgresEventStore(config);
    case 'snapshots':
      return createPostgresSnapshotStore(config);
    case 'checkpoints':
      return createPostgresCheckpointStore(config);
    case 'deadLetters':
      return createPostgresDeadLetterQueue(config);
    case 'keys':
      return createPostgresKeyStore(config);
  }
}

/**
 * One driver per PostgreSQL location in this process, shared by every store opened on it and closed
 * with the last of them. PGlite cannot open one directory twice, and one pg pool per server is
 * what a process wants anyway.
 */
const drivers = new Map<string, { driver: Promise<PostgresDriver>; users: number }>();

async function postgresDriver(location: Extract<StoreLocation, { kind: 'postgres' | 'pglite' }>): Promise<{ driver: PostgresDriver; release: () => Promise<void> }> {
  // In-memory PGlite databases are never shared: each open is a new, empty database.
  const key = location.kind === 'postgres' ? location.connectionString : location.dataDir === 'memory://' ? undefined : `pglite:${resolve(location.dataDir)}`;
  const target = location.kind === 'postgres' ? { connectionString: location.connectionString } : { dataDir: location.dataDir === 'memory://' ? 'memory://' : resolve(location.dataDir) };
  if (key === undefined) {
    const driver = await createPostgresDriver(target);
    return { driver, release: () => driver.close() };
  }
  let entry = drivers.get(key);
  if (entry === undefined) {
    entry = { driver: createPostgresDriver(target), users: 0 };
    drivers.set(key, entry);
  }
  entry.users += 1;
  const shared = entry;
  let driver: PostgresDriver;
  try {
    driver = await shared.driver;
  } catch (error) {
    drivers.delete(key);
    throw error;
  }
  let released = false;
  return {
    driver,
    async release() {
      if (released) return;
      released = true;
      shared.users -= 1;
      if (shared.users === 0) {
        drivers.delete(key);
        await driver.close();
      }
    },
  };
}

/** Runs `after` once the store itself has closed (the store keeps its own identity and methods). */
function onClose<T extends Closable>(store: T, after: () => Promise<void>): T {
  const close = store.close.bind(store);
  Object.defineProperty(store, 'close', {
    value: async () => {
      try {
        await close();
      } finally {
        await after();
      }
    },
  });
  return store;
}

async function closeAll(stores: readonly Closable[]): Promise<void> {
  await Promise.allSettled([...stores].reverse().map((s) => s.close()));
}

const locate = (url: string | StoreLocation): StoreLocation => (typeof url === 'string' ? parseStoreUrl(url) : url);
