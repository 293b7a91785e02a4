import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, OrchestrixError } from '../../runtime/errors/errors.js';
import { openBackend, parseStoreUrl } from '../../runtime/connect/index.js';
import { startEventSourcingDbTestServer } from '../support/eventsourcingdb/index.js';
import { dropSchemas, postgresServerUrl } from '../support/postgres.js';

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

describe('backends from connection strings', () => {
  it('opens every component over memory:, a SQLite file and PGlite, over one connection', async () => {
    for (const url of ['memory:', `sqlite:${join(tempDir(), 'app.db')}`, 'pglite:memory']) {
      const backend = await openBackend(url);
      const events = await backend.component('events');
      expect(await backend.component('events'), url).toBe(events);
      const { events: appended } = await events.append('shop/Cart/1', [{ type: 'CartCreated', data: { n: 1 } }], { expectedVersion: 'no_stream' });
      expect(appended[0]?.version, url).toBe(1);
      const snapshots = await backend.component('snapshots');
      await snapshots.save({ streamId: 'shop/Cart/1', version: 1, stateSchemaHash: 'h', state: { n: 1 }, takenAt: new Date().toISOString() });
      expect((await snapshots.load('shop/Cart/1'))?.state, url).toEqual({ n: 1 });
      const checkpoints = await backend.component('checkpoints');
      await checkpoints.save('projection', 1);
      expect(await checkpoints.load('projection'), url).toBe(1);
      expect(await (await backend.component('deadLetters')).list(), url).toEqual([]);
      expect((await (await backend.component('keys')).activeKey('subject-1')).status, url).toBe('active');
      await backend.close();
      await expect(events.append('shop/Cart/1', [{ type: 'Late', data: {} }]), url).rejects.toThrow(/is closed/);
      await expect(backend.component('events'), url).rejects.toThrow(/backend at .* is closed/);
    }
  }, 60_000);

  it('keeps SQLite and PGlite data across reopening', async () => {
    const dir = tempDir();
    for (const url of [`sqlite:${join(dir, 'app.db')}`, `pglite:${join(dir, 'pg')}`]) {
      const backend = await openBackend(url);
      await (await backend.component('events')).append('shop/Cart/7', [{ type: 'CartCreated', data: {} }]);
      await (await backend.component('snapshots')).save({ streamId: 'shop/Cart/7', version: 1, stateSchemaHash: 'h', state: {}, takenAt: new Date().toISOString() });
      await backend.close();
      const reopened = await openBackend(url);
      expect(await (await reopened.component('events')).streamVersion('shop/Cart/7'), url).toBe(1);
      expect((await (await reopened.component('snapshots')).load('shop/Cart/7'))?.version, url).toBe(1);
      await reopened.close();
    }
  }, 60_000);

  it('reports an unreachable PostgreSQL server when opening, without the password', async () => {
    const error = await failure(() => openBackend('postgres://app:s3cret@127.0.0.1:1/shop'));
    expect(error).toBeInstanceOf(OrchestrixError);
    expect(error.message).toMatch(/Cannot open the PostgreSQL backend at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop/);
    expect(text(error)).not.toContain('s3cret');
  }, 30_000);

  it('connects to EventSourcingDB, rejects a wrong token without showing it, and says where snapshots go', async () => {
    const server = await startEventSourcingDbTestServer({ apiToken: 'right-token' });
    try {
      const url = new URL(server.url);
      const backend = await openBackend(`eventsourcingdb://right-token@${url.host}`);
      const events = await backend.component('events');
      await events.append('shop/Cart/1', [{ type: 'CartCreated', data: {} }]);
      expect(await events.streamVersion('shop/Cart/1')).toBe(1);
      const snapshots = await failure(() => backend.component('snapshots'));
      expect(snapshots).toBeInstanceOf(ConfigurationError);
      expect(snapshots.message).toMatch(/EventSourcingDB stores only events/);
      expect(snapshots.message).not.toContain('right-token');
      await backend.close();
      const wrong = await failure(() => openBackend(`eventsourcingdb://wrong-token@${url.host}`));
      expect(wrong).toBeInstanceOf(ConfigurationError);
      expect(text(wrong)).not.toContain('wrong-token');
    } finally {
      await server.stop();
    }
  });

  const server = postgresServerUrl;
  if (server !== undefined) {
    it('opens every component on the real PostgreSQL server, in its own schema', async () => {
      const schema = `orx_connect_${process.pid}`;
      const backend = await openBackend(`${server}?schema=${schema}`);
      try {
        const events = await backend.component('events');
        await events.append('shop/Cart/1', [{ type: 'CartCreated', data: {} }]);
        expect(await events.streamVersion('shop/Cart/1')).toBe(1);
        expect(backend.location).toContain(`schema ${schema}`);
      } finally {
        await backend.close();
        await dropSchemas(server, [schema]);
      }
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

  it('opens one backend per database, however many components it names, and takes what it was not given from the store', async () => {
    const { createBanking } = await import('../../examples/generated/banking/index.js');
    const url = `sqlite:${join(tempDir(), 'bank.db')}`;
    const banking = createBanking({ store: url, keys: url });
    const stores = await banking.stores();
    expect(stores.backend?.location).toBe(url);
    // Snapshots (the Account aggregate takes them) and checkpoints come from the store's backend.
    expect(stores.snapshots).toBeDefined();
    expect(await stores.component('checkpoints')).toBe(await stores.backend?.component('checkpoints'));
    expect(stores.gdpr?.keys).toBe(await stores.backend?.component('keys'));
    await banking.execute('OpenAccount', { accountId: '6f1c1a54-2a4e-4d55-9c1e-4f0e7c3b1a02', ownerId: '0b0c0e3a-1111-4c2b-8d3e-2a1f0c9b7d12', ownerName: 'Ada', address: { street: 'Main St 1', city: 'Zurich', postcode: '8000' } });
    await banking.close();
    await expect(stores.backend?.component('events')).rejects.toThrow(/is closed/);
  }, 60_000);

  it('leaves a backend it was handed open, and says where a component it lacks must go', async () => {
    const { createBanking } = await import('../../examples/generated/banking/index.js');
    const backend = await openBackend('memory:');
    const banking = createBanking({ store: backend });
    await banking.execute('OpenAccount', { accountId: '6f1c1a54-2a4e-4d55-9c1e-4f0e7c3b1a03', ownerId: '0b0c0e3a-1111-4c2b-8d3e-2a1f0c9b7d13', ownerName: 'Ada', address: { street: 'Main St 1', city: 'Zurich', postcode: '8000' } });
    await banking.close();
    expect(await (await backend.component('events')).headPosition()).toBe(1);
    await backend.close();

    const server = await startEventSourcingDbTestServer({});
    try {
      const esdb = `eventsourcingdb://${server.apiToken}@${new URL(server.url).host}`;
      // EventSourcingDB holds no snapshots: the domain runs without them, unless told to keep them there.
      const plain = createBanking({ store: esdb });
      expect((await plain.stores()).snapshots).toBeUndefined();
      await plain.close();
      const misplaced = createBanking({ store: esdb, snapshots: esdb });
      const error = await failure(() => misplaced.load('Account', '6f1c1a54-2a4e-4d55-9c1e-4f0e7c3b1a03'));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/holds no snapshot store: EventSourcingDB stores only events/);
      expect(error.message).not.toContain(server.apiToken);
      await misplaced.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
