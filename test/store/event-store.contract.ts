/**
 * THE EventStore contract suite. Every backend runs it, from its own *.test.ts:
 *
 *   import { describeEventStoreContract } from './event-store.contract.js';
 *
 *   for (const backend of sqliteTestBackends()) describeEventStoreContract(backend.name, componentHarness(backend, 'events'));
 *
 * (componentHarness: test/support/backends.ts; it gives `open`, `openSecond` when the backend can
 * open its storage twice, and `cleanup`.)
 *
 * API (kept small and stable):
 * - `describeEventStoreContract(name, harness)` declares one vitest `describe` block.
 * - `harness.open()`: a store over fresh, empty storage. Called once per test (the suite reads the
 *   global log from the start, so leftovers from other tests would break it).
 * - `harness.openSecond()` (optional): another store — connection, client, process handle — on the
 *   SAME storage as the last `open()`. When given, writers in the race and subscription tests are
 *   spread over both stores, so the database, not one object, must enforce the contract.
 * - `harness.cleanup()` (optional): runs after each test, once the suite has closed every store it
 *   opened (the suite closes each store exactly once).
 *
 * The suite uses nothing but the EventStore interface, ConcurrencyError and ValidationError. It assumes positions
 * only increase (not that they start at 1 or are contiguous) and waits on conditions, never on
 * clocks, with generous guards against hangs. Stream ids are plain ASCII (`kind-n`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ValidationError } from '../../runtime/errors/errors.js';
import { DEFAULT_SOURCE, type EventEnvelope, type NewEvent } from '../../runtime/events/envelope.js';
import type { EventStore, ExpectedVersion, ReadStreamOptions } from '../../runtime/store/event-store.js';

export interface EventStoreHarness {
  /** A store over fresh, empty storage. */
  open(): Promise<EventStore>;
  /** Another store on the same storage as the last `open()`. */
  openSecond?(): Promise<EventStore>;
  /** After each test, once the suite has closed its stores. */
  cleanup?(): Promise<void>;
}

/** How long a subscription may take to deliver before a test fails instead of hanging. */
const DELIVERY_GUARD_MS = 15_000;

export function describeEventStoreContract(name: string, harness: EventStoreHarness): void {
  describe(`EventStore contract: ${name}`, () => {
    const opened = new Set<EventStore>();

    const open = async (): Promise<EventStore> => track(opened, await harness.open());
    /** The stores a test writes through: [first] or [first, second connection]. */
    const openAll = async (): Promise<[EventStore, ...EventStore[]]> => {
      const first = await open();
      const second = harness.openSecond === undefined ? undefined : track(opened, await harness.openSecond());
      return second === undefined ? [first] : [first, second];
    };
    const close = async (store: EventStore): Promise<void> => {
      opened.delete(store);
      await store.close();
    };

    afterEach(async () => {
      for (const store of [...opened]) await close(store);
      await harness.cleanup?.();
    });

    describe('append and read', () => {
      it('stores every envelope field, filling in defaults, and reads the same envelopes back', async () => {
        const store = await open();
        const before = Date.now();
        const result = await store.append('account-1', [
          {
            type: 'AccountOpened',
            data: { owner: 'Ada', tags: ['a', 'b'], nested: { n: 1.5, ok: true, none: null } },
            id: 'evt-explicit-1',
            source: 'orchestrix:banking',
            time: '2024-05-06T07:08:09.123Z',
            schemaVersion: 3,
            metadata: { correlationId: 'corr-1', causationId: 'cmd-1', headers: { tenant: 't-1', user: 'u-9' } },
          },
          { type: 'MoneyDeposited', data: { amount: 10 } },
        ]);
        const after = Date.now();

        expect(result.streamId).toBe('account-1');
        expect(result.nextExpectedVersion).toBe(2);
        expect(result.events).toHaveLength(2);
        const [explicit, defaulted] = result.events;
        expect(explicit).toEqual({
          id: 'evt-explicit-1',
          type: 'AccountOpened',
          source: 'orchestrix:banking',
          subject: 'account-1',
          time: '2024-05-06T07:08:09.123Z',
          data: { owner: 'Ada', tags: ['a', 'b'], nested: { n: 1.5, ok: true, none: null } },
          streamId: 'account-1',
          version: 1,
          position: explicit?.position,
          schemaVersion: 3,
          metadata: { correlationId: 'corr-1', causationId: 'cmd-1', headers: { tenant: 't-1', user: 'u-9' } },
        });
        expect(defaulted).toMatchObject({
          type: 'MoneyDeposited',
          source: DEFAULT_SOURCE,
          subject: 'account-1',
          data: { amount: 10 },
          streamId: 'account-1',
          version: 2,
          schemaVersion: 1,
          metadata: {},
        });
        expect(defaulted?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(defaulted?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        const appendedAt = Date.parse(defaulted?.time ?? '');
        expect(appendedAt).toBeGreaterThanOrEqual(before - 1000);
        expect(appendedAt).toBeLessThanOrEqual(after + 1000);
        expect(Number.isInteger(explicit?.position)).toBe(true);
        expect(defaulted?.position).toBeGreaterThan(explicit?.position ?? Number.POSITIVE_INFINITY);

        expect(await collect(store.readStream('account-1'))).toEqual(result.events);
        expect(await collect(store.readAll())).toEqual(result.events);
        expect(await store.streamVersion('account-1')).toBe(2);
      });

      it('keeps what it stored: later changes to the written or handed-out objects do not reach the store', async () => {
        const store = await open();
        const data = { items: [{ sku: 'a' }], total: 1 };
        const metadata = { headers: { tenant: 't-1' } };
        const { events } = await store.append('cart-1', [{ type: 'ItemAdded', data, metadata }]);
        // The writer's objects stay its own: still changeable, and changes stay out of the store.
        data.items.push({ sku: 'b' });
        data.total = 2;
        metadata.headers.tenant = 'changed';
        // Handed-out events are fresh copies or frozen (a change then throws: test files are strict mode).
        const returned = events[0] as { data: { items: unknown[]; total: number }; metadata: { headers: Record<string, string> } };
        changeOrRefuse(() => returned.data.items.push('mutated'));
        changeOrRefuse(() => (returned.metadata.headers['tenant'] = 'mutated'));
        const [read] = await collect(store.readStream('cart-1'));
        changeOrRefuse(() => ((read?.data as { total: number }).total = 99));
        const [page] = await collect(store.readStreamPages('cart-1'));
        changeOrRefuse(() => ((page?.[0]?.data as { items: unknown[] }).items.length = 0));
        const [logged] = await collect(store.readAll());
        changeOrRefuse(() => ((logged?.metadata as { headers: Record<string, string> }).headers['user'] = 'mutated'));

        for (const stored of [...(await collect(store.readStream('cart-1'))), ...(await collect(store.readAll()))]) {
          expect(stored.data).toEqual({ items: [{ sku: 'a' }], total: 1 });
          expect(stored.metadata).toEqual({ headers: { tenant: 't-1' } });
        }
      });

      it('continues versions across appends and defaults expectedVersion to any', async () => {
        const store = await open();
        await store.append('counter-1', [event('Incremented')]);
        const second = await store.append('counter-1', [event('Incremented'), event('Incremented')]);
        expect(second.nextExpectedVersion).toBe(3);
        expect(second.events.map((e) => e.version)).toEqual([2, 3]);
        expect((await collect(store.readStream('counter-1'))).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it('appends a large batch in order: versions and positions as read back', async () => {
        const store = await open();
        await store.append('bulk-0', [event('Before')]);
        const result = await store.append('bulk-1', Array.from({ length: 150 }, (_, n) => event('Bulk', { n })), { expectedVersion: 'no_stream' });
        expect(result.nextExpectedVersion).toBe(150);
        expect(result.events.map((e) => e.version)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
        expect(result.events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
        expectIncreasing(result.events.map((e) => e.position));
        expect(await collect(store.readStream('bulk-1'))).toEqual(result.events);
        expect((await collect(store.readAll())).slice(1)).toEqual(result.events);
      });

      it('reads a missing stream, and an empty log, as empty', async () => {
        const store = await open();
        expect(await collect(store.readStream('missing-1'))).toEqual([]);
        expect(await store.streamVersion('missing-1')).toBe(0);
        expect(await collect(store.readAll())).toEqual([]);

        const empty = await store.append('missing-1', []);
        expect(empty).toEqual({ streamId: 'missing-1', nextExpectedVersion: 0, events: [], replayed: false });
        expect(await store.streamVersion('missing-1')).toBe(0);
        expect(await collect(store.readAll())).toEqual([]);
        await expect(store.append('missing-1', [event('X')], { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
      });

      it('round-trips unicode: accents, CJK, right-to-left, combining marks, astral characters, U+2028/U+2029', async () => {
        const store = await open();
        const text = {
          latin: 'héllo wörld ÅÆØ ß',
          cjk: '日本語のテキスト 中文 한국어',
          rtl: 'مرحبا بالعالم שלום',
          combining: 'e\u0301 a\u0308 n\u0303',
          astral: '😀🚀 𝄞 𠜎 👩‍👩‍👧 🇪🇺',
          separators: 'line\u2028separator\u2029paragraph',
          escapes: 'quote " backslash \\ tab \t newline \n',
          ['ключ-😀']: 'unicode key',
        };
        const metadata = { headers: { note: 'ünïcödé 😀 \u2028' } };
        await store.append('unicode-1', [{ type: 'TextWritten', data: text, metadata }]);
        const [stored] = await collect(store.readStream('unicode-1'));
        expect(stored?.data).toEqual(text);
        expect(stored?.metadata).toEqual(metadata);
        const [logged] = await collect(store.readAll());
        expect(logged?.data).toEqual(text);
      });

      it('round-trips a 1 MB payload', async () => {
        const store = await open();
        const blob = 'abcdefghijklmnopqrstuvwxyz0123456789-é😀'.repeat(26_215); // 40 UTF-16 units each: just over 1 MiB
        const data = { blob, rows: Array.from({ length: 1000 }, (_, i) => ({ i, label: `row ${i}` })) };
        await store.append('large-1', [{ type: 'LargeWritten', data }, event('After')]);
        const [large, next] = await collect(store.readStream('large-1'));
        expect((large?.data as { blob: string }).blob.length).toBe(blob.length);
        expect(large?.data).toEqual(data);
        expect(next?.type).toBe('After');
      });
    });

    describe('atomicity', () => {
      it('writes nothing of a batch whose expectation fails', async () => {
        const store = await open();
        await store.append('atomic-1', [event('First')]);
        await expect(store.append('atomic-1', [event('A'), event('B'), event('C')], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.streamVersion('atomic-1')).toBe(1);
        expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['First']);
      });

      it('writes nothing of a batch holding a value JSON cannot store, and the stream stays usable', async () => {
        const store = await open();
        await store.append('atomic-2', [event('First')]);
        const bad: NewEvent[] = [event('Fine'), { type: 'Broken', data: { amount: 10n } }, event('Never')];
        await expect(store.append('atomic-2', bad, { expectedVersion: 1 })).rejects.toThrow();
        expect(await store.streamVersion('atomic-2')).toBe(1);
        expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['First']);

        const retried = await store.append('atomic-2', [event('Fine')], { expectedVersion: 1 });
        expect(retried.events.map((e) => e.version)).toEqual([2]);
        const log = await collect(store.readAll());
        expect(log.map((e) => e.type)).toEqual(['First', 'Fine']);
        expectIncreasing(log.map((e) => e.position));
      });
    });

    describe('expected versions', () => {
      // [expected, events already in the stream, the version it must be at for the append to hold]
      const cases: readonly [ExpectedVersion, number, boolean][] = [
        ['any', 0, true],
        ['any', 2, true],
        ['no_stream', 0, true],
        ['no_stream', 2, false],
        ['stream_exists', 0, false],
        ['stream_exists', 2, true],
        [0, 0, true],
        [0, 2, false],
        [2, 2, true],
        [1, 2, false],
        [3, 2, false],
        [5, 0, false],
      ];

      it.each(['one event', 'an empty batch'] as const)('holds or raises ConcurrencyError(expected, actual) for every kind, with %s', async (shape) => {
        const store = await open();
        for (const [index, [expected, existing, holds]] of cases.entries()) {
          const streamId = `expect-${index}`;
          if (existing > 0) await store.append(streamId, Array.from({ length: existing }, () => event('Existing')));
          const batch = shape === 'one event' ? [event('Appended')] : [];
          const attempt = store.append(streamId, batch, { expectedVersion: expected });
          const label = `expectedVersion ${String(expected)} on a stream at ${existing}`;
          if (holds) {
            const result = await attempt;
            expect(result.nextExpectedVersion, label).toBe(existing + batch.length);
            expect(result.events.map((e) => e.version), label).toEqual(batch.map((_, i) => existing + i + 1));
          } else {
            const error = await attempt.then(
              () => undefined,
              (reason: unknown) => reason,
            );
            expect(error, label).toBeInstanceOf(ConcurrencyError);
            expect(error, label).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId, expected, actual: existing });
          }
          expect(await store.streamVersion(streamId), label).toBe(holds ? existing + batch.length : existing);
        }
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 racing appends with the same expected version win; the rest get ConcurrencyError', async () => {
        const stores = await openAll();
        await stores[0].append('race-1', [event('Opened')]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, writer) => pick(stores, writer).append('race-1', [event('Raced', { writer })], { expectedVersion: 1 })),
        );
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(49);
        for (const loser of losers) {
          expect(loser).toBeInstanceOf(ConcurrencyError);
          expect(loser).toMatchObject({ streamId: 'race-1', expected: 1, actual: 2 });
        }
        const stream = await collect(stores[0].readStream('race-1'));
        expect(stream.map((e) => e.version)).toEqual([1, 2]);
        expect(stream[1]?.id).toBe(winners[0]?.value.events[0]?.id);
      });

      it('gets all 50 racing writers in when they retry on ConcurrencyError: versions 1..50, none lost or doubled', async () => {
        const stores = await openAll();
        const writeWithRetry = async (writer: number): Promise<void> => {
          const store = pick(stores, writer);
          for (let attempt = 0; attempt < 500; attempt += 1) {
            const version = await store.streamVersion('race-2');
            try {
              await store.append('race-2', [event('Raced', { writer })], { expectedVersion: version });
              return;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
            }
          }
          throw new Error(`writer ${writer} never got in`);
        };
        await Promise.all(Array.from({ length: 50 }, (_, writer) => writeWithRetry(writer)));

        const stream = await collect(stores[0].readStream('race-2'));
        expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(stream.map((e) => (e.data as { writer: number }).writer).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        expectIncreasing(stream.map((e) => e.position));
        expect((await collect(pick(stores, stores.length - 1).readAll())).map((e) => e.id)).toEqual(stream.map((e) => e.id));
      });
    });

    describe('global log', () => {
      it('orders events across streams by commit, and honours after and limit', async () => {
        const stores = await openAll();
        const appended: EventEnvelope[] = [];
        const plan: [string, number][] = [['a', 1], ['b', 2], ['a', 1], ['c', 3], ['b', 1]];
        for (const [index, [streamId, count]] of plan.entries()) {
          const result = await pick(stores, index).append(`log-${streamId}`, Array.from({ length: count }, (_, i) => event('Logged', { index, i })));
          appended.push(...result.events);
        }
        const log = await collect(stores[0].readAll());
        expect(log).toEqual(appended);
        expectIncreasing(log.map((e) => e.position));
        expect(log.map((e) => `${e.streamId}@${e.version}`)).toEqual(['log-a@1', 'log-b@1', 'log-b@2', 'log-a@2', 'log-c@1', 'log-c@2', 'log-c@3', 'log-b@3']);

        const positions = log.map((e) => e.position);
        const third = positions[2] ?? 0;
        expect((await collect(stores[0].readAll({ after: third }))).map((e) => e.position)).toEqual(positions.slice(3));
        expect((await collect(stores[0].readAll({ limit: 2 }))).map((e) => e.position)).toEqual(positions.slice(0, 2));
        expect((await collect(stores[0].readAll({ after: third, limit: 3 }))).map((e) => e.position)).toEqual(positions.slice(3, 6));
        expect(await collect(stores[0].readAll({ after: positions.at(-1) ?? 0 }))).toEqual([]);
        expect((await collect(stores[0].readAll({ after: 0 }))).map((e) => e.position)).toEqual(positions);
      });

      it('knows its head position: 0 when empty, then the last event readAll delivers, as every store on the storage sees it', async () => {
        const stores = await openAll();
        expect(await stores[0].headPosition()).toBe(0);
        const first = await stores[0].append('head-a', [event('One'), event('Two')]);
        expect(await stores[0].headPosition()).toBe(first.events.at(-1)?.position);
        const second = await pick(stores, 1).append('head-b', [event('Three')]);
        // An empty batch writes nothing: the head stays.
        await stores[0].append('head-b', [], { expectedVersion: 1 });
        const last = second.events.at(-1)?.position;
        for (const store of stores) expect(await store.headPosition()).toBe(last);
        expect((await collect(stores[0].readAll())).at(-1)?.position).toBe(last);
      });
    });

    describe('stream reads', () => {
      it('honours fromVersion, toVersion and limit', async () => {
        const store = await open();
        await store.append('range-1', Array.from({ length: 10 }, (_, i) => event('Numbered', { i })));
        const versions = async (options: ReadStreamOptions): Promise<number[]> =>
          (await collect(store.readStream('range-1', options))).map((e) => e.version);
        expect(await versions({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await versions({ fromVersion: 4 })).toEqual([4, 5, 6, 7, 8, 9, 10]);
        expect(await versions({ toVersion: 3 })).toEqual([1, 2, 3]);
        expect(await versions({ fromVersion: 3, toVersion: 6 })).toEqual([3, 4, 5, 6]);
        expect(await versions({ limit: 2 })).toEqual([1, 2]);
        expect(await versions({ fromVersion: 5, limit: 3 })).toEqual([5, 6, 7]);
        expect(await versions({ fromVersion: 9, toVersion: 20, limit: 5 })).toEqual([9, 10]);
        expect(await versions({ fromVersion: 11 })).toEqual([]);
        expect(await versions({ fromVersion: 6, toVersion: 5 })).toEqual([]);
      });

      it('hands out the same events as pages: non-empty arrays in version order, honouring the same options', async () => {
        const store = await open();
        await store.append('paged-1', Array.from({ length: 40 }, (_, i) => event('Numbered', { i })));
        await store.append('other-1', [event('Other')]);
        await store.append('paged-1', Array.from({ length: 2 }, (_, i) => event('Numbered', { i: 40 + i })));
        const options: ReadStreamOptions[] = [{}, { fromVersion: 4 }, { toVersion: 3 }, { fromVersion: 3, toVersion: 36 }, { limit: 2 }, { fromVersion: 39, limit: 10 }, { fromVersion: 43 }, { fromVersion: 6, toVersion: 5 }, { limit: 0 }];
        for (const range of options) {
          const pages = await collect(store.readStreamPages('paged-1', range));
          for (const page of pages) {
            expect(Array.isArray(page)).toBe(true);
            expect(page.length).toBeGreaterThan(0);
          }
          expect(pages.flat()).toEqual(await collect(store.readStream('paged-1', range)));
        }
        const all = (await collect(store.readStreamPages('paged-1'))).flat();
        expect(all.map((e) => e.version)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
        expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 42 }, (_, i) => i));
        expect(all.every((e) => e.streamId === 'paged-1')).toBe(true);
        expect(await collect(store.readStreamPages('missing-1'))).toEqual([]);
      });

      it('reads pages on demand: a page array is the reader\'s own, and events appended mid-read come in a later page or the next read', async () => {
        const store = await open();
        await store.append('lazy-1', [event('First')]);
        const pages = store.readStreamPages('lazy-1')[Symbol.asyncIterator]();
        const first = await pages.next();
        expect(first.value?.map((e: EventEnvelope) => e.version)).toEqual([1]);
        // A page array belongs to the reader: changing it changes nothing stored.
        (first.value as EventEnvelope[] | undefined)?.splice(0);
        await store.append('lazy-1', [event('Second'), event('Third')]);
        const seen: number[] = [];
        for (let next = await pages.next(); next.done !== true; next = await pages.next()) seen.push(...next.value.map((e) => e.version));
        // Either the reader's next page has the new events, or its read had ended with the stream.
        expect([[], [2, 3]]).toContainEqual(seen);
        expect((await collect(store.readStreamPages('lazy-1'))).flat().map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it('reads only the asked stream', async () => {
        const store = await open();
        await store.append('mine-1', [event('Mine', { n: 1 })]);
        await store.append('other-1', [event('Other')]);
        await store.append('mine-1', [event('Mine', { n: 2 })]);
        const mine = await collect(store.readStream('mine-1'));
        expect(mine.map((e) => [e.streamId, e.version, e.data])).toEqual([
          ['mine-1', 1, { n: 1 }],
          ['mine-1', 2, { n: 2 }],
        ]);
      });
    });

    describe('idempotency', () => {
      const key = (idempotencyKey: string, expectedVersion?: ExpectedVersion) => (expectedVersion === undefined ? { idempotencyKey } : { idempotencyKey, expectedVersion });

      it('answers a retried append with the original events, marked replayed, and writes nothing', async () => {
        const store = await open();
        const batch = [event('Paid', { amount: 5 }), event('Receipted')];
        const first = await store.append('order-1', batch, key('payment-42', 'no_stream'));
        const retried = await store.append('order-1', batch, key('payment-42', 'no_stream'));
        expect(first.replayed).toBe(false);
        expect(retried).toEqual({ ...first, replayed: true });
        expect(await store.streamVersion('order-1')).toBe(2);
        expect(await collect(store.readAll())).toEqual(first.events);
      });

      it('replays the original result even after the stream moved on, instead of raising ConcurrencyError', async () => {
        const store = await open();
        const first = await store.append('order-2', [event('Paid')], key('payment-43', 0));
        await store.append('order-2', [event('Shipped')], { expectedVersion: 1 });
        const retried = await store.append('order-2', [event('Paid')], key('payment-43', 0));
        expect(retried).toEqual({ ...first, replayed: true });
        expect(retried.nextExpectedVersion).toBe(1);
        expect((await collect(store.readStream('order-2'))).map((e) => e.type)).toEqual(['Paid', 'Shipped']);
      });

      it('scopes keys to their stream, and appends batches with new keys', async () => {
        const store = await open();
        await store.append('order-3', [event('Paid')], key('key-1'));
        const elsewhere = await store.append('order-4', [event('Paid')], key('key-1'));
        expect(elsewhere.replayed).toBe(false);
        expect(elsewhere.events.map((e) => [e.streamId, e.version])).toEqual([['order-4', 1]]);
        const fresh = await store.append('order-3', [event('Paid')], key('key-2'));
        expect(fresh.events.map((e) => e.version)).toEqual([2]);
        expect(await collect(store.readAll())).toHaveLength(3);
      });

      it('answers an empty batch under a key with the batch stored under it, or nothing, and writes nothing', async () => {
        const store = await open();
        const first = await store.append('order-5', [event('Paid'), event('Receipted')], key('payment-44'));
        await store.append('order-5', [event('Shipped')]);
        expect(await store.append('order-5', [], key('payment-44'))).toEqual({ ...first, replayed: true });
        // Even with an expectation that no longer holds: the key wins.
        expect(await store.append('order-5', [], key('payment-44', 1))).toEqual({ ...first, replayed: true });
        expect(await store.append('order-5', [], key('unused'))).toEqual({ streamId: 'order-5', nextExpectedVersion: 3, events: [], replayed: false });
        expect(await store.append('order-6', [], key('unused'))).toEqual({ streamId: 'order-6', nextExpectedVersion: 0, events: [], replayed: false });
        await expect(store.append('order-5', [], key('unused', 1))).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await collect(store.readAll())).toHaveLength(3);
      });

      it('refuses a key that is not a usable id, and writes nothing', async () => {
        const store = await open();
        for (const bad of ['', 'k'.repeat(257), 'nul\u0000', 42, {}]) {
          const error = await store.append('order-7', [event('Paid')], { idempotencyKey: bad as string }).catch((reason: unknown) => reason);
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).issues[0]?.path).toEqual(['idempotencyKey']);
        }
        expect(await store.streamVersion('order-7')).toBe(0);
      });
    });

    describe('subscribe', () => {
      it('delivers stored events, then later appends from every writer, in position order, and ends when aborted', async () => {
        const stores = await openAll();
        const stored = [
          ...(await stores[0].append('sub-a', [event('One'), event('Two')])).events,
          ...(await stores[0].append('sub-b', [event('Three')])).events,
        ];
        const controller = new AbortController();
        const subscription = stores[0].subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
        expect(await take(subscription, 3)).toEqual(stored);

        // Ask before anything is appended: the subscription must wait on the exhausted log and wake up.
        const waiting = take(subscription, 2 * stores.length + 1);
        const live: EventEnvelope[] = [];
        for (const [index, store] of stores.entries()) {
          live.push(...(await store.append(`sub-live-${index}`, [event('Live', { index }), event('Live', { index })])).events);
        }
        live.push(...(await stores[0].append('sub-a', [event('Four')])).events);
        const delivered = await waiting;
        expect(delivered).toEqual(live);
        expectIncreasing([...stored, ...delivered].map((e) => e.position));

        const pending = nextWithin(subscription);
        controller.abort();
        expect(await pending).toEqual({ done: true, value: undefined });
      });

      it('starts after a checkpoint position', async () => {
        const store = await open();
        const { events } = await store.append('sub-c', [event('One'), event('Two'), event('Three')]);
        const controller = new AbortController();
        const subscription = store.subscribe({ after: events[0]?.position ?? 0, signal: controller.signal })[Symbol.asyncIterator]();
        expect(await take(subscription, 2)).toEqual(events.slice(1));
        controller.abort();
        expect(await nextWithin(subscription)).toEqual({ done: true, value: undefined });
      });

      it('waits on an empty log until the first append, and lets the consumer stop with break', async () => {
        const store = await open();
        const controller = new AbortController();
        const received: EventEnvelope[] = [];
        const consuming = (async () => {
          for await (const delivered of store.subscribe({ signal: controller.signal })) {
            received.push(delivered);
            if (received.length === 2) break;
          }
        })();
        const { events } = await store.append('sub-d', [event('One'), event('Two'), event('Three')]);
        await within(consuming, 'the consumer to receive two events');
        expect(received).toEqual(events.slice(0, 2));
        controller.abort();
      });
    });

    describe('close', () => {
      it('ends open subscriptions and refuses further use', async () => {
        const store = await open();
        await store.append('close-1', [event('One')]);
        const subscription = store.subscribe()[Symbol.asyncIterator]();
        expect((await nextWithin(subscription)).value?.type).toBe('One');
        const pending = nextWithin(subscription).then(
          (result) => result.done,
          () => true,
        );
        await close(store);
        expect(await pending).toBe(true);
        await expect(store.append('close-1', [event('Two')])).rejects.toThrow();
      });
    });
  });
}

function event(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { type, data };
}

/** Runs a change to a handed-out event: a store may refuse it (frozen objects throw a TypeError in strict mode) or let it happen to a copy. */
function changeOrRefuse(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
  }
}

function track(opened: Set<EventStore>, store: EventStore): EventStore {
  opened.add(store);
  return store;
}

function pick<T>(items: readonly [T, ...T[]], index: number): T {
  return items[index % items.length] ?? items[0];
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function expectIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i += 1) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Number.POSITIVE_INFINITY);
}

/** Rejects instead of hanging when `promise` does not settle within the delivery guard. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${DELIVERY_GUARD_MS} ms waiting for ${what}`)), DELIVERY_GUARD_MS);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

function nextWithin(iterator: AsyncIterator<EventEnvelope>): Promise<IteratorResult<EventEnvelope>> {
  return within(iterator.next(), 'the subscription');
}

async function take(iterator: AsyncIterator<EventEnvelope>, count: number): Promise<EventEnvelope[]> {
  const items: EventEnvelope[] = [];
  while (items.length < count) {
    const result = await nextWithin(iterator);
    if (result.done === true) throw new Error(`The subscription ended after ${items.length} of ${count} events`);
    items.push(result.value);
  }
  return items;
}
