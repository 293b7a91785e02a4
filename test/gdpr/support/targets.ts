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
import type { Backend } from '../../../runtime/store/backend.js';
import type { EventStore } from '../../../runtime/store/event-store.js';
import { eventSchemasOf, openEventSourcingDbBackend } from '../../../runtime/store/eventsourcingdb/index.js';
import { openMemoryBackend } from '../../../runtime/store/memory/backend.js';
import { openPostgresBackend } from '../../../runtime/store/postgres/backend.js';
import { openSqliteBackend } from '../../../runtime/store/sqlite/backend.js';
import { startEventSourcingDbTestServer } from '../../support/eventsourcingdb/index.js';
import { postgresTestBackends, withServerClient, type PostgresTestBackend } from '../../support/postgres.js';
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

/** The four components of `backend`, keys from `keys` (another backend, or the same). */
async function componentsOf(backend: Backend, keys: Backend = backend) {
  return {
    store: await backend.component('events'),
    snapshots: await backend.component('snapshots'),
    deadLetters: await backend.component('deadLetters'),
    keys: await keys.component('keys'),
  };
}

const inMemory: StorageTarget = {
  name: 'in-memory',
  async open() {
    const backend = await openMemoryBackend();
    return { ...(await componentsOf(backend)), rawText: async () => '', close: () => backend.close() };
  },
};

const sqliteFile: StorageTarget = {
  name: 'SQLite file',
  async open() {
    const directory = mkdtempSync(join(tmpdir(), 'orchestrix-gdpr-'));
    const file = join(directory, 'app.db');
    const keyFile = join(directory, 'keys.db');
    const backend = await openSqliteBackend({ path: file });
    const keys = await openSqliteBackend({ path: keyFile });
    const files = [file, `${file}-wal`, keyFile, `${keyFile}-wal`];
    return {
      ...(await componentsOf(backend, keys)),
      rawText: async () => files.filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1')).join('\n'),
      async close() {
        await backend.close();
        await keys.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

function postgres(target: PostgresTestBackend): StorageTarget {
  return {
    name: target.name,
    async open() {
      const config = await target.fresh();
      const backend = await openPostgresBackend(config);
      /** Every row of the test schema, through a connection of the test's own. */
      const rows = async (query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>): Promise<string> => {
        const tables = (await query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [config.schema])).rows as { name: string }[];
        const texts: string[] = [];
        for (const { name } of tables) {
          for (const row of (await query(`SELECT row_to_json(t)::text AS text FROM ${config.schema}.${name} t`)).rows as { text: string }[]) texts.push(row.text);
        }
        return texts.join('\n');
      };
      return {
        ...(await componentsOf(backend)),
        rawText: () =>
          'pglite' in config
            ? rows((text, params) => config.pglite.query(text, params))
            : withServerClient((config as { connectionString: string }).connectionString, (client) => rows((text, params) => client.query(text, params))),
        async close() {
          await backend.close();
          await target.cleanup();
        },
      };
    },
  };
}

const eventSourcingDb: StorageTarget = {
  name: 'EventSourcingDB test server (snapshots and dead letters in memory)',
  async open() {
    const server = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200 });
    const events = await openEventSourcingDbBackend({ url: server.url, apiToken: server.apiToken });
    // The server validates every event: the registered schemas accept ciphertext at pii paths only.
    await events.registerEventSchemas(eventSchemasOf(caseDefinition));
    const others = await openMemoryBackend();
    return {
      ...(await componentsOf(others)),
      store: await events.component('events'),
      rawText: async () => server.rawRecords(),
      async close() {
        await events.close();
        await others.close();
        await server.stop();
      },
    };
  },
};

/** Call once per test file, at load time (the PostgreSQL backends register hooks). */
export function storageTargets(): readonly StorageTarget[] {
  return [inMemory, sqliteFile, ...postgresTestBackends().map(postgres), eventSourcingDb];
}
