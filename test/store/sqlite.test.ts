import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteEventStore, type SqliteEventStore } from '../../runtime/store/sqlite/event-store.js';
import { describeEventStoreContract } from './event-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-sqlite-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let files = 0;
let lastFile = '';
const freshFile = (): string => {
  files += 1;
  lastFile = join(root, `events-${files}.db`);
  return lastFile;
};

describeEventStoreContract('SQLite file, two connections', {
  open: async () => createSqliteEventStore(freshFile()),
  openSecond: async () => createSqliteEventStore(lastFile),
});

describeEventStoreContract('SQLite :memory:', {
  open: async () => createSqliteEventStore(':memory:'),
});

describe('SqliteEventStore', () => {
  const opened: SqliteEventStore[] = [];
  const open = (file: string, options?: Parameters<typeof createSqliteEventStore>[1]): SqliteEventStore => {
    const store = createSqliteEventStore(file, options);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('keeps events across a reopen, and positions keep increasing after it', async () => {
    const file = freshFile();
    const first = open(file);
    const before = await first.append('persist-1', [{ type: 'One', data: { n: 1 } }, { type: 'Two', data: { n: 2 } }]);
    await first.close();

    const reopened = open(file);
    expect(await collect(reopened.readStream('persist-1'))).toEqual(before.events);
    expect(await reopened.streamVersion('persist-1')).toBe(2);
    const after = await reopened.append('persist-1', [{ type: 'Three', data: {} }], { expectedVersion: 2 });
    expect(after.events[0]?.position).toBeGreaterThan(before.events[1]?.position ?? Number.POSITIVE_INFINITY);
  });

  it('records its schema version, and refuses a file written by a newer release', async () => {
    const file = freshFile();
    await open(file).close();
    const db = openSqlite(file);
    expect(db.prepare("SELECT version FROM orchestrix_schema WHERE component = 'events'").get()).toEqual({ version: 1 });
    db.prepare("UPDATE orchestrix_schema SET version = 99 WHERE component = 'events'").run();
    db.close();
    expect(() => open(file)).toThrow(StoreError);
    expect(() => open(file)).toThrow(/newer than this Orchestrix/);
  });

  it('rolls back a batch that fails inside the transaction, after some of its rows were inserted', async () => {
    const file = freshFile();
    const store = open(file);
    await store.append('midway-1', [{ type: 'First', data: {} }]);
    const db = openSqlite(file);
    db.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON orchestrix_events WHEN NEW.type = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom refused'); END`);
    const batch = [
      { type: 'Fine', data: {}, idempotencyKey: 'batch-1' },
      { type: 'Fine', data: {} },
      { type: 'Boom', data: {} },
    ];
    await expect(store.append('midway-1', batch, { expectedVersion: 1 })).rejects.toThrow(StoreError);
    await expect(store.append('midway-1', batch, { expectedVersion: 1 })).rejects.toThrow(/boom refused/);
    expect(await store.streamVersion('midway-1')).toBe(1);
    expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['First']);

    db.exec('DROP TRIGGER refuse_boom');
    db.close();
    // The failed attempt left no idempotency record either: the key appends for real now.
    const retried = await store.append('midway-1', batch, { expectedVersion: 1 });
    expect(retried.events.map((e) => [e.type, e.version])).toEqual([
      ['Fine', 2],
      ['Fine', 3],
      ['Boom', 4],
    ]);
  });

  it('reads in pages on demand: events appended while iterating past the first page show up', async () => {
    const file = freshFile();
    const store = open(file, { pageSize: 4 });
    const other = open(file);
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

  it('shares a caller-opened database, which it leaves open on close', async () => {
    const db = openSqlite(':memory:');
    const store = open(':memory:');
    const onCallerDb = createSqliteEventStore(db);
    await onCallerDb.append('shared-db-1', [{ type: 'One', data: {} }]);
    await onCallerDb.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM orchestrix_events').get()).toEqual({ n: 1 });
    expect(await store.streamVersion('shared-db-1')).toBe(0);
    db.close();
  });

  it('keeps the contract across OS processes: racing writers lose no event, and a subscriber sees each once, in order', async () => {
    const file = freshFile();
    const subscriber = open(file, { pollIntervalMs: 10 });
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
    const script = ['--conditions=source', '--import', './test/support/ts-loader/register.mjs', 'test/store/sqlite-writer-process.ts'];
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
