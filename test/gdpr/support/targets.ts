/**
 * Every storage the GDPR proof runs on, chosen at load time: in-memory, a SQLite file, PGlite, the
 * PostgreSQL server when ORCHESTRIX_PG_URL is set, and the EventSourcingDB test server. Each target
 * hands out PLAIN adapters (the test wraps them with the GDPR layer) plus a view of its raw storage.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeadLetterQueue } from '../../../runtime/bus/dead-letter-queue.js';
import type { KeyStore } from '../../../runtime/gdpr/key-store.js';
import type { SnapshotStore } from '../../../runtime/snapshot/snapshot-store.js';
import type { EventStore } from '../../../runtime/store/event-store.js';
import { createEventSourcingDbEventStore } from '../../../runtime/store/eventsourcingdb/index.js';
import { createInMemoryDeadLetterQueue } from '../../../runtime/store/memory/dead-letter-queue.js';
import { createInMemoryEventStore } from '../../../runtime/store/memory/event-store.js';
import { createInMemoryKeyStore } from '../../../runtime/store/memory/key-store.js';
import { createInMemorySnapshotStore } from '../../../runtime/store/memory/snapshot-store.js';
import { createPostgresDriver } from '../../../runtime/store/postgres/connect.js';
import { createPostgresDeadLetterQueue } from '../../../runtime/store/postgres/dead-letter-queue.js';
import { createPostgresEventStore } from '../../../runtime/store/postgres/event-store.js';
import { createPostgresKeyStore } from '../../../runtime/store/postgres/key-store.js';
import { createPostgresSnapshotStore } from '../../../runtime/store/postgres/snapshot-store.js';
import { createSqliteDeadLetterQueue } from '../../../runtime/store/sqlite/dead-letter-queue.js';
import { createSqliteEventStore } from '../../../runtime/store/sqlite/event-store.js';
import { createSqliteKeyStore } from '../../../runtime/store/sqlite/key-store.js';
import { createSqliteSnapshotStore } from '../../../runtime/store/sqlite/snapshot-store.js';
import { startEventSourcingDbTestServer } from '../../support/eventsourcingdb/index.js';
import { postgresTestBackends, type PostgresTestBackend } from '../../support/postgres.js';
import { caseDefinition } from './crm.js';

export interface OpenedTarget {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  readonly deadLetters: DeadLetterQueue;
  readonly keys: KeyStore;
  /**
   * What the storage physically holds, as text: the SQLite files' bytes (WAL included), every
   * PostgreSQL row of the test schema as JSON text, the EventSourcingDB server's records. Empty for
   * in-memory adapters, whose private state is only reachable through their own reads.
   */
  rawText(): Promise<string>;
  close(): Promise<void>;
}

export interface StorageTarget {
  readonly name: string;
  open(): Promise<OpenedTarget>;
}

const closeAll = async (...closables: { close(): Promise<void> }[]): Promise<void> => {
  for (const closable of closables) await closable.close();
};

const inMemory: StorageTarget = {
  name: 'in-memory',
  async open() {
    const opened = { store: createInMemoryEventStore(), snapshots: createInMemorySnapshotStore(), deadLetters: createInMemoryDeadLetterQueue(), keys: createInMemoryKeyStore() };
    return { ...opened, rawText: async () => '', close: () => closeAll(opened.store, opened.snapshots, opened.deadLetters, opened.keys) };
  },
};

const sqliteFile: StorageTarget = {
  name: 'SQLite file',
  async open() {
    const directory = mkdtempSync(join(tmpdir(), 'orchestrix-gdpr-'));
    const file = join(directory, 'app.db');
    const keyFile = join(directory, 'keys.db');
    const opened = { store: createSqliteEventStore(file), snapshots: createSqliteSnapshotStore(file), deadLetters: createSqliteDeadLetterQueue(file), keys: createSqliteKeyStore(keyFile) };
    const files = [file, `${file}-wal`, keyFile, `${keyFile}-wal`];
    return {
      ...opened,
      rawText: async () => files.filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1')).join('\n'),
      async close() {
        await closeAll(opened.store, opened.snapshots, opened.deadLetters, opened.keys);
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

function postgres(backend: PostgresTestBackend): StorageTarget {
  return {
    name: backend.name,
    async open() {
      const config = await backend.fresh();
      const driver = await createPostgresDriver('pglite' in config ? { pglite: config.pglite } : { connectionString: (config as { connectionString: string }).connectionString, poolSize: 4 });
      const target = { driver, schema: config.schema };
      const opened = {
        store: await createPostgresEventStore(target),
        snapshots: await createPostgresSnapshotStore(target),
        deadLetters: await createPostgresDeadLetterQueue(target),
        keys: await createPostgresKeyStore(target),
      };
      return {
        ...opened,
        async rawText() {
          const tables = await driver.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [config.schema]);
          const rows: string[] = [];
          for (const { name } of tables) {
            for (const row of await driver.query<{ text: string }>(`SELECT row_to_json(t)::text AS text FROM ${config.schema}.${name} t`)) rows.push(row.text);
          }
          return rows.join('\n');
        },
        async close() {
          await closeAll(opened.store, opened.snapshots, opened.deadLetters, opened.keys, driver);
          await backend.cleanup();
        },
      };
    },
  };
}

const eventSourcingDb: StorageTarget = {
  name: 'EventSourcingDB test server (snapshots and dead letters in memory)',
  async open() {
    const server = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200 });
    const store = createEventSourcingDbEventStore({ url: server.url, apiToken: server.apiToken });
    // The server validates every event: the registered schemas accept ciphertext at pii paths only.
    await store.registerAggregateSchemas(caseDefinition);
    const opened = { store, snapshots: createInMemorySnapshotStore(), deadLetters: createInMemoryDeadLetterQueue(), keys: createInMemoryKeyStore() };
    return {
      ...opened,
      rawText: async () => server.rawRecords(),
      async close() {
        await closeAll(opened.store, opened.snapshots, opened.deadLetters, opened.keys);
        await server.stop();
      },
    };
  },
};

/** Call once per test file, at load time (the PostgreSQL backends register hooks). */
export function storageTargets(): readonly StorageTarget[] {
  return [inMemory, sqliteFile, ...postgresTestBackends().map(postgres), eventSourcingDb];
}
