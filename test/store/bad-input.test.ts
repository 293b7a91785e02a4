/**
 * Bad input at the edges of the store layer, each a typed error that says what to do and shows no
 * secret: a driver that is not installed, a component asked of a backend that cannot hold it, and a
 * store, component or backend used after close().
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend } from '../../runtime/connect/backends.js';
import { ConfigurationError, StoreClosedError, StoreError } from '../../runtime/errors/errors.js';
import { COMPONENT_LABELS, type Backend, type BackendComponents, type ComponentName } from '../../runtime/store/backend.js';
import { LOCK_FILE } from '../../runtime/store/postgres/internal/directory-lock.js';
import { startEventSourcingDbTestServer, type EventSourcingDbTestServer } from '../support/eventsourcingdb/index.js';

const REPO = new URL('../../', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'orchestrix-bad-input-'));
const servers: EventSourcingDbTestServer[] = [];
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  for (const server of servers.splice(0)) await server.stop();
});

describe('a driver that is not installed', () => {
  it('is a MissingDriverError (a ConfigurationError) naming the package and the npm command, for each backend, without the password', async () => {
    // The runtime as an application gets it: its own sources, and node_modules with zod but no driver.
    const app = join(root, 'app');
    cpSync(join(REPO, 'runtime'), join(app, 'runtime'), { recursive: true });
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(join(REPO, 'node_modules', 'zod'), join(app, 'node_modules', 'zod'), 'dir');
    cpSync(join(REPO, 'test/store/fixtures/missing-drivers.ts'), join(app, 'probe.ts'));
    const urls = ['sqlite:./data/app.db', 'pglite:./data/pg', 'postgres://ada:hunter2@127.0.0.1:1/app'];
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', join(REPO, 'test/support/ts-loader/register.mjs'), 'probe.ts', ...urls], { cwd: app });
    const outcomes = stdout.trim().split('\n').map((line) => JSON.parse(line) as { url: string; name: string; code: string; message: string });
    expect(outcomes.map(({ name, code }) => [name, code])).toEqual(urls.map(() => ['MissingDriverError', 'CONFIGURATION_INVALID']));
    expect(outcomes.map((outcome) => /`npm install ([^`]+)`/u.exec(outcome.message)?.[1])).toEqual(['better-sqlite3', '@electric-sql/pglite', 'pg']);
    expect(outcomes[0]?.message).toMatch(/^The SQLite backend needs the package 'better-sqlite3', which is not installed/u);
    for (const outcome of outcomes) expect(outcome.message).not.toContain('hunter2');
    // The PGlite directory's lock went with the failed open.
    expect(existsSync(join(app, 'data/pg', LOCK_FILE))).toBe(false);
  }, 120_000);
});

describe('a component the backend cannot hold', () => {
  it('is a ConfigurationError that says where to keep it, for every component but events, without the token', async () => {
    const server = await startEventSourcingDbTestServer();
    servers.push(server);
    const url = `eventsourcingdb://${server.apiToken}@${new URL(server.url).host}`;
    const backend = await openBackend(url);
    try {
      expect(backend.supports('events')).toBe(true);
      for (const component of (Object.keys(COMPONENT_LABELS) as ComponentName[]).filter((name) => name !== 'events')) {
        expect(backend.supports(component)).toBe(false);
        const error = await backend.component(component).catch((reason: unknown) => reason);
        expect(error, component).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toContain(`holds no ${COMPONENT_LABELS[component]}: EventSourcingDB stores only events; keep`);
        expect((error as Error).message).toContain('sqlite:');
        expect((error as Error).message).not.toContain(server.apiToken);
      }
    } finally {
      await backend.close();
    }
  });
});

/** One operation per component, to try after close. */
const TOUCH: { readonly [N in ComponentName]: (component: BackendComponents[N]) => Promise<unknown> } = {
  events: (events) => events.append('closed-1', [{ type: 'Late', data: {} }]),
  snapshots: (snapshots) => snapshots.load('closed-1'),
  checkpoints: (checkpoints) => checkpoints.load('closed'),
  deadLetters: (letters) => letters.list(),
  keys: (keys) => keys.lookup('closed'),
  readModels: (readModels) => readModels.versions('shop', 'Closed'),
  leases: (leases) => leases.holder('closed'),
  schedules: (schedules) => schedules.nextDue('shop'),
};

describe('use after close', () => {
  const urls: readonly (readonly [string, () => Promise<string>])[] = [
    ['memory', async () => 'memory:'],
    ['SQLite', async () => `sqlite:${join(mkdtempSync(join(root, 'sqlite-')), 'app.db')}`],
    ['PGlite', async () => 'pglite:memory'],
    [
      'EventSourcingDB',
      async () => {
        const server = await startEventSourcingDbTestServer();
        servers.push(server);
        return `eventsourcingdb://${server.apiToken}@${new URL(server.url).host}`;
      },
    ],
  ];
  for (const [kind, url] of urls) {
    it(`is a StoreClosedError (STORE_CLOSED) that says to open the backend again, for every component and the backend: ${kind}`, async () => {
      const backend: Backend = await openBackend(await url());
      const names = (Object.keys(TOUCH) as ComponentName[]).filter((name) => backend.supports(name));
      const components = await Promise.all(names.map(async (name) => [name, await backend.component(name)] as const));
      await backend.close();
      await backend.close(); // idempotent
      for (const [name, component] of components) {
        const error = await (TOUCH[name] as (c: unknown) => Promise<unknown>)(component).catch((reason: unknown) => reason);
        expect(error, `${backend.name} ${name}`).toBeInstanceOf(StoreClosedError);
        expect(error).toBeInstanceOf(StoreError);
        expect(error).toMatchObject({ code: 'STORE_CLOSED' });
        expect((error as Error).message).toMatch(/is closed: close\(\) was called on it or on its backend; open the backend again/u);
      }
      const reopened = await backend.component('events').catch((reason: unknown) => reason);
      expect(reopened).toMatchObject({ code: 'STORE_CLOSED', message: expect.stringContaining(`${backend.name} backend at ${backend.location} is closed`) });
      expect(backend.location).not.toMatch(/token|secret/iu);
    }, 60_000);
  }
});
