import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import type { Backend } from '../../runtime/store/backend.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { openSqliteBackend, type SqliteBackendOptions } from '../../runtime/store/sqlite/backend.js';
import { componentHarness, sqliteTestBackends, tempFolder } from '../support/backends.js';
import { describeEventStoreContract } from './event-store.contract.js';

const folder = tempFolder('sqlite-store');
const freshFile = (): string => join(folder(), 'events.db');

for (const backend of sqliteTestBackends()) describeEventStoreContract(backend.name, componentHarness(backend, 'events'));

describe('SQLite event store', () => {
  const backends: Backend[] = [];
  const openBackend = async (file: string, options: SqliteBackendOptions = {}): Promise<Backend> => {
    const backend = await openSqliteBackend({ path: file, ...options });
    backends.push(backend);
    return backend;
  };
  const open = async (file: string, options: SqliteBackendOptions = {}): Promise<EventStore> => (await openBackend(file, options)).component('events');
  afterEach(async () => {
    for (const backend of backends.splice(0)) await backend.close();
  });

  it('keeps events across a reopen, and positions keep increasing after it', async () => {
    const file = freshFile();
    const first = await openBackend(file);
    const before = await (await first.component('events')).append('persist-1', [{ type: 'One', data: { n: 1 } }, { type: 'Two', data: { n: 2 } }]);
    await first.close();

    const reopened = await open(file);
    expect(await collect(reopened.readStream('persist-1'))).toEqual(before.events);
    expect(await reopened.streamVersion('persist-1')).toBe(2);
    const after = await reopened.append('persist-1', [{ type: 'Three', data: {} }], { expectedVersion: 2 });
    expect(after.events[0]?.position).toBeGreaterThan(before.events[1]?.position ?? Number.POSITIVE_INFINITY);
  });

  it('records its schema version, and refuses a file written by a newer release', async () => {
    const file = freshFile();
    await open(file);
    const db = new Database(file);
    expect(db.prepare("SELECT version FROM orchestrix_schema WHERE component = 'events'").get()).toEqual({ version: 1 });
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'events'").run();
    db.close();
    await expect(open(file)).rejects.toThrow(StoreError);
    await expect(open(file)).rejects.toThrow(/newer than this Orchestrix/);
  });

  it('rolls back a batch that fails inside the transaction, after some of its rows were inserted', async () => {
    const file = freshFile();
    const store = await open(file);
    await store.append('midway-1', [{ type: 'First', data: {} }]);
    const db = new Database(file);
    db.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON orchestrix_events WHEN NEW.type = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END`);
    const batch = [
      { type: 'Fine', data: {} },
      { type: 'Fine', data: {} },
      { type: 'Boom', data: {} },
    ];
    await expect(store.append('midway-1', batch, { expectedVersion: 1, idempotencyKey: 'batch-1' })).rejects.toThrow(StoreError);
    await expect(store.append('midway-1', batch, { expectedVersion: 1, idempotencyKey: 'batch-1' })).rejects.toThrow(/boom refused/);
    expect(await store.streamVersion('midway-1')).toBe(1);
    expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['First']);

    db.exec('DROP TRIGGER refuse_boom');
    db.close();
    // The failed attempt left no idempotency record either: the key appends for real now.
    const retried = await store.append('midway-1', batch, { expectedVersion: 1, idempotencyKey: 'batch-1' });
    expect(retried.events.map((e) => [e.type, e.version])).toEqual([
      ['Fine', 2],
      ['Fine', 3],
      ['Boom', 4],
    ]);
  });

  it('reads in pages on demand: events appended while iterating past the first page show up', async () => {
    const file = freshFile();
    const store = await open(file, { pageSize: 4 });
    const other = await open(file);
    await store.append('paged-1', Array.from({ length: 6 }, (_, n) => ({ type: 'Paged', data: { n } })));

    const versions: number[] = [];
    for await (const event of store.readStream('paged-1')) {
      versions.push(event.version);
      if (versions.length === 1) await other.append('paged-1', Array.from({ length: 5 }, (_, n) => ({ type: 'Late', data: { n } })));
    }
    expect(versions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));

    const positions: number[] = [];
    for await (const event of store.readAll({ limit: 9 })) positions.push(event.position);
    expect(positions).toHaveLength(9);
  });

  it('keeps the contract across OS processes: racing writers lose no event, and a subscriber sees each once, in order', async () => {
    const file = freshFile();
    const subscriber = await open(file, { pollIntervalMs: 10 });
    const writers = 2;
    const perWriter = 60;
    const total = writers + writers * perWriter; // each writer's Ready event, then its Written events
    const controller = new AbortController();
    const seen: EventEnvelope[] = [];
    const subscription = (async () => {
      for await (const event of subscriber.subscribe({ signal: controller.signal })) {
        seen.push(event);
        if (seen.length === total) controller.abort();
      }
    })();

    const run = promisify(execFile);
    const script = ['--import', './test/support/ts-loader/register.mjs', 'test/store/sqlite-writer-process.ts'];
    const outputs = await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        run(process.execPath, [...script, file, String(writer), String(writers), String(perWriter), '2'], { cwd: process.cwd(), timeout: 60_000 }),
      ),
    );
    await subscription;

    expect(outputs.map(({ stdout }) => JSON.parse(stdout) as unknown)).toEqual(Array.from({ length: writers }, () => ({ conflicts: expect.any(Number) })));
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((e) => e.id)).size).toBe(total);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]?.position).toBeGreaterThan(seen[i - 1]?.position ?? Number.POSITIVE_INFINITY);
    for (const streamId of ['shared-0', 'shared-1']) {
      const stream = await collect(subscriber.readStream(streamId));
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: perWriter }, (_, i) => i + 1));
    }
    const written = seen
      .filter((e) => e.type === 'Written')
      .map((e) => e.data as { writer: string; n: number })
      .map((d) => `${d.writer}:${d.n}`)
      .sort();
    const expected = Array.from({ length: writers }, (_, w) => Array.from({ length: perWriter }, (_, n) => `${w}:${n}`)).flat().sort();
    expect(written).toEqual(expected);
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
