/**
 * Backends for tests: fresh, empty storage per `fresh()`, closed and removed after each test. A
 * contract suite takes one of its components through `componentHarness`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Backend, BackendComponents, ComponentName } from '../../runtime/store/backend.js';
import { openMemoryBackend } from '../../runtime/store/memory/backend.js';
import { openSqliteBackend, type SqliteBackendOptions } from '../../runtime/store/sqlite/backend.js';
import { openEventSourcingDbBackend } from '../../runtime/store/eventsourcingdb/backend.js';
import { startEventSourcingDbTestServer } from './eventsourcingdb/index.js';
import { postgresTestTargets } from './postgres.js';

export interface TestBackend {
  readonly name: string;
  /** A backend over fresh, empty storage. */
  fresh(): Promise<Backend>;
  /** Another backend (another connection) on the storage of the last fresh(), when the kind allows one. */
  again?(): Promise<Backend>;
  /** Closes every backend handed out and removes their storage. */
  cleanup(): Promise<void>;
}

/** A temporary folder for this test file, removed after it. */
export function tempFolder(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), `orchestrix-${prefix}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let files = 0;
  return () => join(root, `${(files += 1)}`);
}

function tracked(name: string, open: (again: boolean) => Promise<Backend>, canReopen: boolean): TestBackend {
  const opened: Backend[] = [];
  const track = async (again: boolean): Promise<Backend> => {
    const backend = await open(again);
    opened.push(backend);
    return backend;
  };
  return {
    name,
    fresh: () => track(false),
    ...(canReopen ? { again: () => track(true) } : {}),
    async cleanup() {
      for (const backend of opened.splice(0)) await backend.close();
    },
  };
}

export const memoryTestBackend = (): TestBackend => tracked('in-memory', () => openMemoryBackend(), false);

/** A SQLite file per fresh() (and a second connection to it with again()), and `:memory:`. */
export function sqliteTestBackends(options: SqliteBackendOptions = {}): readonly TestBackend[] {
  const folder = tempFolder('sqlite');
  let file = '';
  return [
    tracked(
      'SQLite file',
      (again) => {
        if (!again) file = join(folder(), 'app.db');
        return openSqliteBackend({ path: file, ...options });
      },
      true,
    ),
    tracked('SQLite :memory:', () => openSqliteBackend({ path: ':memory:', ...options }), false),
  ];
}

/** PGlite always, the PostgreSQL server when ORCHESTRIX_PG_URL is set: a new schema per fresh(). */
export const postgresTestBackendList = (): readonly TestBackend[] => postgresTestTargets();

/** What the contract suites take: `open` a component of a fresh backend (and `openSecond` one on the same storage). */
export function componentHarness<N extends ComponentName>(backend: TestBackend, component: N) {
  const again = backend.again;
  return {
    open: async (): Promise<BackendComponents[N]> => (await backend.fresh()).component(component),
    ...(again === undefined ? {} : { openSecond: async (): Promise<BackendComponents[N]> => (await again()).component(component) }),
    cleanup: () => backend.cleanup(),
  };
}

/** EventSourcingDB (its test server, speaking HTTP API v1 over a real socket): a server per fresh(), a second client with again(). Events only. */
export function eventSourcingDbTestBackend(): TestBackend {
  const servers: { stop(): Promise<void> }[] = [];
  let current: { readonly url: string; readonly apiToken: string } | undefined;
  const inner = tracked(
    'EventSourcingDB (test server)',
    async (again) => {
      if (!again || current === undefined) {
        const server = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200 });
        servers.push(server);
        current = server;
      }
      return openEventSourcingDbBackend({ url: current.url, apiToken: current.apiToken, reconnect: { initialDelayMs: 10, maxDelayMs: 200 } });
    },
    true,
  );
  return {
    ...inner,
    async cleanup() {
      await inner.cleanup();
      for (const server of servers.splice(0)) await server.stop();
    },
  };
}

/** Every backend the event store runs on: memory, a SQLite file, PGlite (and the server when configured), EventSourcingDB. */
export const everyTestBackend = (): readonly TestBackend[] => [memoryTestBackend(), sqliteTestBackends()[0] as TestBackend, ...postgresTestBackendList(), eventSourcingDbTestBackend()];
