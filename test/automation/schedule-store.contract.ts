/** THE ScheduleStore contract suite, run by every backend from test/automation/schedule-store.test.ts. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ScheduledCommand, ScheduleStore } from '../../runtime/automation/schedule-store.js';

export interface ScheduleStoreHarness {
  open(): Promise<ScheduleStore>;
  /** Another store over the same storage (another process). */
  openSecond?(): Promise<ScheduleStore>;
  cleanup?(): Promise<void>;
}

const entry = (id: string, dueAt: string, fields: Partial<ScheduledCommand> = {}): ScheduledCommand => ({
  id,
  domain: 'shop',
  automation: 'CancelUnpaidOrder',
  streamId: 'shop/Order/o-1',
  version: 1,
  index: 0,
  dueAt,
  ...fields,
});

export function describeScheduleStoreContract(name: string, harness: ScheduleStoreHarness): void {
  describe(`ScheduleStore contract: ${name}`, () => {
    const opened: ScheduleStore[] = [];
    const open = async (store: Promise<ScheduleStore>): Promise<ScheduleStore> => {
      const value = await store;
      opened.push(value);
      return value;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
      await harness.cleanup?.();
    });

    it('returns due entries earliest first, ties by id, up to the limit, per domain', async () => {
      const store = await open(harness.open());
      await store.schedule(entry('c', '2030-01-01T00:00:02.000Z'));
      await store.schedule(entry('b', '2030-01-01T00:00:01.000Z', { index: 3, version: 7, streamId: 'shop/Order/x%2Fy' }));
      await store.schedule(entry('a', '2030-01-01T00:00:01.000Z'));
      await store.schedule(entry('z', '2030-01-01T00:00:00.000Z', { domain: 'bank' }));
      expect(await store.due('shop', new Date('2029-12-31T23:59:59.999Z'), 10)).toEqual([]);
      expect((await store.due('shop', new Date('2030-01-01T00:00:01.000Z'), 10)).map((e) => e.id)).toEqual(['a', 'b']);
      expect((await store.due('shop', new Date('2031-01-01T00:00:00.000Z'), 2)).map((e) => e.id)).toEqual(['a', 'b']);
      expect((await store.due('shop', new Date('2031-01-01T00:00:00.000Z'), 10))[1]).toEqual(entry('b', '2030-01-01T00:00:01.000Z', { index: 3, version: 7, streamId: 'shop/Order/x%2Fy' }));
      expect(await store.nextDue('shop')).toBe('2030-01-01T00:00:01.000Z');
      expect(await store.nextDue('none')).toBeUndefined();
      expect((await store.pending('shop', 10)).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    });

    it('keeps the first entry of an id (a redelivered event schedules nothing new) and forgets completed ones', async () => {
      const store = await open(harness.open());
      await store.schedule(entry('a', '2030-01-01T00:00:01.000Z'));
      await store.schedule(entry('a', '2020-01-01T00:00:00.000Z'));
      expect(await store.pending('shop', 10)).toEqual([entry('a', '2030-01-01T00:00:01.000Z')]);
      await store.complete('a');
      await store.complete('a');
      expect(await store.pending('shop', 10)).toEqual([]);
    });

    if (harness.openSecond !== undefined) {
      const reopen = harness.openSecond.bind(harness);
      it('keeps entries across a reopen (another process sees them)', async () => {
        const store = await open(harness.open());
        await store.schedule(entry('a', '2030-01-01T00:00:01.000Z'));
        const other = await open(reopen());
        expect((await other.pending('shop', 10)).map((e) => e.id)).toEqual(['a']);
      });
    }
  });
}
