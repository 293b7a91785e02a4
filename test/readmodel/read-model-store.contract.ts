/**
 * THE ReadModelStore contract suite. Every backend runs it from its own *.test.ts:
 *
 *   for (const backend of sqliteTestBackends()) describeReadModelStoreContract(backend.name, componentHarness(backend, 'readModels'));
 *
 * `harness.open()` returns a store over fresh, empty storage (called once per test; `openSecond()`,
 * when given, a second store over the same storage, as another process would open it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../runtime/errors/errors.js';
import type { IndexedField } from '../../runtime/readmodel/definition.js';
import { compareRows } from '../../runtime/readmodel/order.js';
import { encodeCursor, indexValuesOf, planFind, planWhere } from '../../runtime/readmodel/query-plan.js';
import { PositionMovedError, type ReadModelStore, type ReadModelTable, type ReadModelTableSpec, type RowWrite, type StoredRow } from '../../runtime/readmodel/store.js';

export interface ReadModelStoreHarness {
  open(): Promise<ReadModelStore>;
  /** Another store over the storage of the last open() (another connection, as another process). */
  openSecond?(): Promise<ReadModelStore>;
  cleanup?(): Promise<void>;
}

const index: readonly IndexedField[] = [
  { name: 'status', type: 'text', optional: false },
  { name: 'balance', type: 'integer', optional: false },
  { name: 'score', type: 'real', optional: true },
  { name: 'vip', type: 'boolean', optional: false },
  { name: 'city', type: 'text', optional: true },
];
const spec = (shapeHash = 'a'.repeat(64)): ReadModelTableSpec => ({ domain: 'banking', name: 'AccountSummary', shapeHash, index });
const write = (key: string, row: StoredRow): RowWrite => ({ key, row, index: indexValuesOf(spec(), row) });
const account = (key: string, fields: Partial<{ status: string; balance: number; score: number; vip: boolean; city: string; ownerName: string }> = {}): RowWrite =>
  write(key, { accountId: key, status: 'open', balance: 0, vip: false, ...fields });

/** Every row of a find, page by page, through the cursors. */
async function allPages(table: ReadModelTable, query: Record<string, unknown>, pageSize: number): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const plan = planFind('AccountSummary', table.spec, { ...query, limit: pageSize, ...(after === undefined ? {} : { after }) });
    const rows = await table.find(plan);
    keys.push(...rows.map((row) => row.key));
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || last === undefined) return keys;
    after = encodeCursor(plan.orderName, plan.direction, { value: last.sortValue, key: last.key });
  }
  throw new Error('paging did not end');
}

export function describeReadModelStoreContract(name: string, harness: ReadModelStoreHarness): void {
  describe(`ReadModelStore contract: ${name}`, () => {
    const opened: ReadModelStore[] = [];
    const open = async (): Promise<ReadModelStore> => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
      await harness.cleanup?.();
    });

    it('creates an empty table in status building at position 0, and opening it again is harmless', async () => {
      const store = await open();
      const table = await store.table(spec());
      expect(await table.position()).toBe(0);
      expect(await table.status()).toBe('building');
      expect((await table.getMany(['x'])).size).toBe(0);
      const again = await store.table(spec());
      expect(await again.position()).toBe(0);
      expect(await store.versions('banking', 'AccountSummary')).toEqual([{ shapeHash: spec().shapeHash, status: 'building', position: 0, rows: 0 }]);
    });

    it('commits rows and the position together, and reads them back as stored (unicode, nesting, large rows)', async () => {
      const store = await open();
      const table = await store.table(spec());
      const big = 'x'.repeat(1_000_000);
      await table.commit({
        from: 0,
        through: 7,
        upserts: [account('a-1', { ownerName: 'Zoë 😀 \u2028' }), write('a-2', { accountId: 'a-2', status: 'closed', balance: 5, vip: true, nested: { list: [1, { deep: null }] }, big })],
        deletes: [],
      });
      expect(await table.position()).toBe(7);
      const rows = await table.getMany(['a-1', 'a-2', 'a-3']);
      expect([...rows.keys()].sort()).toEqual(['a-1', 'a-2']);
      expect(rows.get('a-1')).toEqual({ accountId: 'a-1', status: 'open', balance: 0, vip: false, ownerName: 'Zoë 😀 \u2028' });
      expect(rows.get('a-2')).toEqual({ accountId: 'a-2', status: 'closed', balance: 5, vip: true, nested: { list: [1, { deep: null }] }, big });
    });

    it('replaces and deletes rows; a delete of a missing key is harmless', async () => {
      const store = await open();
      const table = await store.table(spec());
      await table.commit({ from: 0, through: 1, upserts: [account('a'), account('b')], deletes: [] });
      await table.commit({ from: 1, through: 2, upserts: [account('a', { balance: 9 })], deletes: ['b', 'nobody'] });
      const rows = await table.getMany(['a', 'b']);
      expect(rows.get('a')).toMatchObject({ balance: 9 });
      expect(rows.has('b')).toBe(false);
      expect(await table.count([])).toBe(1);
      expect(await table.count(planWhere('AccountSummary', spec(), { balance: 9 }))).toBe(1);
    });

    it('refuses a commit from a stale position with PositionMovedError and writes nothing', async () => {
      const store = await open();
      const table = await store.table(spec());
      await table.commit({ from: 0, through: 3, upserts: [account('a')], deletes: [] });
      const stale = table.commit({ from: 0, through: 5, upserts: [account('b')], deletes: ['a'] });
      await expect(stale).rejects.toBeInstanceOf(PositionMovedError);
      await expect(stale).rejects.toMatchObject({ expected: 0, actual: 3 });
      expect(await table.position()).toBe(3);
      expect([...(await table.getMany(['a', 'b'])).keys()]).toEqual(['a']);
    });

    it('filters on indexed fields: equality, lists, null for absent optional fields, several at once', async () => {
      const store = await open();
      const table = await store.table(spec());
      await table.commit({
        from: 0,
        through: 1,
        upserts: [
          account('a', { status: 'open', city: 'Oslo', vip: true }),
          account('b', { status: 'closed', city: 'Rome' }),
          account('c', { status: 'pending' }),
          account('d', { status: 'open', score: 1.5 }),
        ],
        deletes: [],
      });
      const keys = async (where: Record<string, unknown>): Promise<string[]> => (await table.find(planFind('M', spec(), { where }))).map((row) => row.key);
      expect(await keys({ status: 'open' })).toEqual(['a', 'd']);
      expect(await keys({ status: ['open', 'closed'] })).toEqual(['a', 'b', 'd']);
      expect(await keys({ city: null })).toEqual(['c', 'd']);
      expect(await keys({ city: ['Rome', null] })).toEqual(['b', 'c', 'd']);
      expect(await keys({ vip: true })).toEqual(['a']);
      expect(await keys({ vip: false, status: 'open' })).toEqual(['d']);
      expect(await keys({ score: 1.5 })).toEqual(['d']);
      expect(await table.count(planWhere('M', spec(), { status: 'open', vip: false }))).toBe(1);
    });

    it('sorts and pages identically to the reference order, over every column, both directions, with ties and absent values', async () => {
      const store = await open();
      const table = await store.table(spec());
      // A fixed pseudo-random population: many ties, absent optional values, unicode and astral keys.
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const cities = ['Oslo', 'Zürich', 'a', 'B', '😀', '\uFFFF', 'ä'];
      const rows = Array.from({ length: 120 }, (_, i) => {
        const key = `${['k', 'K', 'é', '😀', '\uFFFF'][random(5)]}${i}`;
        const city = random(3) === 0 ? undefined : cities[random(cities.length)];
        const score = random(4) === 0 ? undefined : random(5) / 2 - 1;
        return account(key, { status: ['open', 'closed', 'pending'][random(3)] as string, balance: random(7) - 3, vip: random(2) === 0, ...(city === undefined ? {} : { city }), ...(score === undefined ? {} : { score }) });
      });
      await table.commit({ from: 0, through: 1, upserts: rows, deletes: [] });
      for (const orderBy of [undefined, 'status', 'balance', 'score', 'vip', 'city']) {
        for (const direction of ['asc', 'desc'] as const) {
          const column = orderBy === undefined ? -1 : index.findIndex((field) => field.name === orderBy);
          const expected = rows
            .map((row) => ({ key: row.key, value: column < 0 ? row.key : (row.index[column] ?? null) }))
            .sort((a, b) => compareRows(a, b, direction))
            .map((row) => row.key);
          const query = { ...(orderBy === undefined ? {} : { orderBy }), direction };
          expect(await allPages(table, query, 7), `${orderBy ?? 'key'} ${direction}`).toEqual(expected);
          expect(await allPages(table, query, 1000), `${orderBy ?? 'key'} ${direction} in one page`).toEqual(expected);
        }
      }
      const opened = rows.filter((row) => row.row['status'] === 'open').map((row) => row.key);
      expect((await allPages(table, { where: { status: 'open' }, orderBy: 'balance' }, 5)).sort()).toEqual(opened.sort());
    });

    it('keeps versions apart, lists them, and activating one drops the others', async () => {
      const store = await open();
      const old = await store.table(spec('1'.repeat(64)));
      await old.commit({ from: 0, through: 9, upserts: [account('a')], deletes: [] });
      await old.activate();
      const next = await store.table(spec('2'.repeat(64)));
      expect((await next.getMany(['a'])).size).toBe(0);
      expect(await store.versions('banking', 'AccountSummary')).toEqual([
        { shapeHash: '1'.repeat(64), status: 'active', position: 9, rows: 1 },
        { shapeHash: '2'.repeat(64), status: 'building', position: 0, rows: 0 },
      ]);
      await next.commit({ from: 0, through: 9, upserts: [account('b')], deletes: [] });
      await next.activate();
      expect(await store.versions('banking', 'AccountSummary')).toEqual([{ shapeHash: '2'.repeat(64), status: 'active', position: 9, rows: 1 }]);
      await expect(old.commit({ from: 9, through: 10, upserts: [], deletes: [] })).rejects.toBeInstanceOf(PositionMovedError);
      await store.drop('banking', 'AccountSummary', '2'.repeat(64));
      await store.drop('banking', 'AccountSummary', '3'.repeat(64));
      expect(await store.versions('banking', 'AccountSummary')).toEqual([]);
    });

    it('keeps read models of different names and domains apart', async () => {
      const store = await open();
      const a = await store.table(spec());
      const b = await store.table({ ...spec(), name: 'Other' });
      const c = await store.table({ ...spec(), domain: 'shop' });
      await a.commit({ from: 0, through: 1, upserts: [account('x')], deletes: [] });
      expect((await b.getMany(['x'])).size).toBe(0);
      expect((await c.getMany(['x'])).size).toBe(0);
      expect(await b.position()).toBe(0);
    });

    it('refuses where/orderBy/limit/cursor mistakes with a ValidationError naming the argument', () => {
      const plan = (query: unknown): unknown => planFind('AccountSummary', spec(), query);
      expect(() => plan({ where: { ownerName: 'x' } })).toThrow(ValidationError);
      expect(() => plan({ where: { status: 3 } })).toThrow(/where\.status must be a string/);
      expect(() => plan({ where: { status: null } })).toThrow(/never absent/);
      expect(() => plan({ where: { balance: [] } })).toThrow(/1 to 100 values/);
      expect(() => plan({ orderBy: 'ownerName' })).toThrow(/orderBy must be an indexed field/);
      expect(() => plan({ limit: 0 })).toThrow(/limit must be an integer from 1 to 1000/);
      expect(() => plan({ limit: 5000 })).toThrow(/limit/);
      expect(() => plan({ direction: 'up' })).toThrow(/direction/);
      expect(() => plan({ after: 'garbage!' })).toThrow(/after/);
      expect(() => plan({ after: encodeCursor('balance', 'asc', { value: 1, key: 'a' }) })).toThrow(/keep orderBy and direction/);
      expect(() => plan({ nope: 1 })).toThrow(/nope is not an option/);
      expect(() => plan('x')).toThrow(ValidationError);
    });

    if (harness.openSecond !== undefined) {
      const reopen = harness.openSecond.bind(harness);
      it('shares tables and positions with a second store over the same storage (another process)', async () => {
        const first = await open();
        const table = await first.table(spec());
        await table.commit({ from: 0, through: 4, upserts: [account('a')], deletes: [] });
        const second = await reopen();
        opened.push(second);
        const other = await second.table(spec());
        expect(await other.position()).toBe(4);
        expect((await other.getMany(['a'])).size).toBe(1);
        await other.commit({ from: 4, through: 6, upserts: [account('b')], deletes: [] });
        await expect(table.commit({ from: 4, through: 6, upserts: [account('c')], deletes: [] })).rejects.toBeInstanceOf(PositionMovedError);
        expect(await table.count([])).toBe(2);
      });
    }

    it('raises a StoreError once closed', async () => {
      const store = await open();
      const table = await store.table(spec());
      await store.close();
      await expect(table.position()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await expect(store.table(spec())).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });
  });
}
