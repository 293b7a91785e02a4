import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, OrchestrixError } from '../../runtime/errors/errors.js';
import { createEventStore, createSnapshotStore, openStores, parseStoreUrl } from '../../runtime/connect/index.js';
import { startEventSourcingDbTestServer } from '../support/eventsourcingdb/index.js';
import { postgresServerUrl } from '../support/postgres.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'orx-connect-'));

/** The error a call raises, for asserting its type and that no secret leaks into it. */
async function failure(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

const text = (error: Error): string => `${error.message} ${error.cause instanceof Error ? error.cause.message : ''}`;

describe('parseStoreUrl', () => {
  it('understands every supported form', () => {
    expect(parseStoreUrl('memory:')).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('sqlite:./data/app.db')).toEqual({ kind: 'sqlite', path: './data/app.db' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('pglite:./pg')).toEqual({ kind: 'pglite', dataDir: './pg' });
    expect(parseStoreUrl('pglite:memory')).toEqual({ kind: 'pglite', dataDir: 'memory://' });
    expect(parseStoreUrl('postgres://app:s3cret@db.local:5433/shop?schema=orx')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://app:s3cret@db.local:5433/shop',
      schema: 'orx',
    });
    expect(parseStoreUrl('eventsourcingdb://tok3n@esdb.local:3000')).toEqual({ kind: 'eventsourcingdb', url: 'http://esdb.local:3000', apiToken: 'tok3n' });
    expect(parseStoreUrl('eventsourcingdb+https://tok3n@esdb.example')).toMatchObject({ url: 'https://esdb.example' });
  });

  it.each([
    ['./data.db', /has no scheme; expected one of: memory:, sqlite:/],
    ['mysql://u@h/db', /scheme 'mysql:' is not supported/],
    ['sqlite:', /needs a file path/],
    ['pglite:', /needs a directory/],
    ['memory:/tmp/x', /takes no path/],
    ['postgres:///shop', /has no host/],
    ['postgres://app:s3cret@/shop', /is malformed/],
    ['postgres://app:s3cret@db.local:5432', /names no database/],
    ['postgres://app:s3cret@db.local:5432/shop?schema=Bad-Name', /schema='Bad-Name' is not a plain lower-case identifier/],
    ['eventsourcingdb://esdb.local:3000', /carries no API token/],
  ])('rejects %s with a message naming the wrong part', (url, message) => {
    let error: unknown;
    try {
      parseStoreUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('stores from connection strings', () => {
  it('opens every kind of store over memory:, a SQLite file and PGlite, sharing one connection', async () => {
    for (const url of ['memory:', `sqlite:${join(tempDir(), 'app.db')}`, 'pglite:memory']) {
      const stores = await openStores(url);
      const { events } = await stores.events.append('shop/Cart/1', [{ type: 'CartCreated', data: { n: 1 } }], { expectedVersion: 'no_stream' });
      expect(events[0]?.version, url).toBe(1);
      await stores.snapshots.save({ streamId: 'shop/Cart/1', version: 1, stateSchemaHash: 'h', state: { n: 1 }, takenAt: new Date().toISOString() });
      expect((await stores.snapshots.load('shop/Cart/1'))?.state, url).toEqual({ n: 1 });
      await stores.checkpoints.save('projection', 1);
      expect(await stores.checkpoints.load('projection'), url).toBe(1);
      expect(await stores.deadLetters.list(), url).toEqual([]);
      await stores.close();
    }
  }, 60_000);

  it('keeps SQLite and PGlite data across reopening, and shares one PGlite per directory', async () => {
    const dir = tempDir();
    for (const url of [`sqlite:${join(dir, 'app.db')}`, `pglite:${join(dir, 'pg')}`]) {
      const events = await createEventStore(url);
      const snapshots = await createSnapshotStore(url); // a second store on the same directory/file
      await events.append('shop/Cart/7', [{ type: 'CartCreated', data: {} }]);
      await snapshots.save({ streamId: 'shop/Cart/7', version: 1, stateSchemaHash: 'h', state: {}, takenAt: new Date().toISOString() });
      await events.close();
      await snapshots.close();
      const reopened = await createEventStore(url);
      expect(await reopened.streamVersion('shop/Cart/7'), url).toBe(1);
      await reopened.close();
    }
  }, 60_000);

  it('reports an unreachable PostgreSQL server clearly, without the password', async () => {
    const error = await failure(() => createEventStore('postgres://app:s3cret@127.0.0.1:1/shop'));
    expect(error).toBeInstanceOf(OrchestrixError);
    expect(error.message).toMatch(/PostgreSQL/);
    expect(text(error)).not.toContain('s3cret');
  }, 30_000);

  it('connects to EventSourcingDB, and rejects a wrong token without showing it', async () => {
    const server = await startEventSourcingDbTestServer({ apiToken: 'right-token' });
    try {
      const url = new URL(server.url);
      const store = await createEventStore(`eventsourcingdb://right-token@${url.host}`);
      await store.append('shop/Cart/1', [{ type: 'CartCreated', data: {} }]);
      expect(await store.streamVersion('shop/Cart/1')).toBe(1);
      await store.close();
      const wrong = await failure(() => createEventStore(`eventsourcingdb://wrong-token@${url.host}`));
      expect(wrong).toBeInstanceOf(ConfigurationError);
      expect(text(wrong)).not.toContain('wrong-token');
      const snapshots = await failure(() => createSnapshotStore(`eventsourcingdb://right-token@${url.host}`));
      expect(snapshots.message).toMatch(/EventSourcingDB stores only events/);
      expect(snapshots.message).not.toContain('right-token');
    } finally {
      await server.stop();
    }
  });

  it('pairs EventSourcingDB events with the other stores elsewhere', async () => {
    const server = await startEventSourcingDbTestServer({});
    try {
      const url = new URL(server.url);
      const stores = await openStores(`eventsourcingdb://${server.apiToken}@${url.host}`, { others: 'memory:' });
      await stores.events.append('shop/Cart/1', [{ type: 'CartCreated', data: {} }]);
      await stores.checkpoints.save('p', 1);
      expect(await stores.checkpoints.load('p')).toBe(1);
      await stores.close();
    } finally {
      await server.stop();
    }
  });

  const server = postgresServerUrl;
  if (server !== undefined) {
    it('opens every store on the real PostgreSQL server, in its own schema', async () => {
      const schema = `orx_connect_${process.pid}`;
      const stores = await openStores(`${server}?schema=${schema}`);
      await stores.events.append('shop/Cart/1', [{ type: 'CartCreated', data: {} }]);
      expect(await stores.events.streamVersion('shop/Cart/1')).toBe(1);
      await stores.close();
    }, 60_000);
  }
});


describe('a generated domain factory given connection strings', () => {
  it('opens the stores itself, persists across reopening, and closes what it opened', async () => {
    const { createBanking } = await import('../../examples/generated/banking/index.js');
    const dir = tempDir();
    const options = { store: `sqlite:${join(dir, 'bank.db')}`, snapshots: `sqlite:${join(dir, 'bank.db')}`, keys: `sqlite:${join(dir, 'keys.db')}` };
    const accountId = '6f1c1a54-2a4e-4d55-9c1e-4f0e7c3b1a01';
    const ownerId = '0b0c0e3a-1111-4c2b-8d3e-2a1f0c9b7d11';
    const first = createBanking(options);
    await first.execute('OpenAccount', { accountId, ownerId, ownerName: 'Ada', address: { street: 'Main St 1', city: 'Zurich', postcode: '8000' } });
    await first.execute('Deposit', { accountId, amount: 70 });
    await first.close();

    const second = createBanking(options);
    const { state } = await second.load('Account', accountId);
    expect(state).toMatchObject({ balance: 70, ownerName: 'Ada', currency: 'EUR' });
    await second.forget(ownerId);
    expect((await second.load('Account', accountId)).state.ownerName).toBeUndefined();
    await second.close();
  }, 60_000);

  it('rejects a malformed connection string at once, and reports an unreachable one on first use', async () => {
    const { createBanking } = await import('../../examples/generated/banking/index.js');
    expect(() => createBanking({ store: 'sqlite:' })).toThrow(ConfigurationError);
    const unreachable = createBanking({ store: 'postgres://app:s3cret@127.0.0.1:1/bank' });
    const error = await failure(() => unreachable.load('Account', '6f1c1a54-2a4e-4d55-9c1e-4f0e7c3b1a01'));
    expect(error).toBeInstanceOf(OrchestrixError);
    expect(text(error)).not.toContain('s3cret');
  }, 30_000);
});
