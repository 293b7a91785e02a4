/**
 * THE LeaseStore contract suite, run by every backend from test/processor/lease-store.test.ts.
 * `open()` gives a store over fresh storage; `openSecond()` a second store over the same storage (another process).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseStore } from '../../runtime/processor/lease-store.js';

export interface LeaseStoreHarness {
  open(): Promise<LeaseStore>;
  /** Another store over the same storage (another process); without it, the suite shares the one store. */
  openSecond?(): Promise<LeaseStore>;
  cleanup?(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function describeLeaseStoreContract(name: string, harness: LeaseStoreHarness): void {
  describe(`LeaseStore contract: ${name}`, () => {
    const opened: LeaseStore[] = [];
    const track = async (store: Promise<LeaseStore>): Promise<LeaseStore> => {
      const value = await store;
      opened.push(value);
      return value;
    };
    let first: LeaseStore | undefined;
    const openFirst = async (): Promise<LeaseStore> => (first = await track(harness.open()));
    const openSecond = async (): Promise<LeaseStore> => (harness.openSecond === undefined ? (first as LeaseStore) : track(harness.openSecond()));
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
      await harness.cleanup?.();
    });

    it('gives a free lease to the first owner, refuses others while it lasts, and renews for its holder', async () => {
      const a = await openFirst();
      const b = await openSecond();
      expect(await a.holder('rm')).toBeUndefined();
      expect(await a.acquire('rm', 'p1', 10_000)).toBe(true);
      expect(await b.acquire('rm', 'p2', 10_000)).toBe(false);
      expect(await b.holder('rm')).toBe('p1');
      expect(await a.acquire('rm', 'p1', 10_000)).toBe(true);
      expect(await b.acquire('other', 'p2', 10_000)).toBe(true);
    });

    it('lets another owner take an expired lease, and a release frees it at once', async () => {
      const a = await openFirst();
      const b = await openSecond();
      expect(await a.acquire('rm', 'p1', 150)).toBe(true);
      await sleep(300);
      expect(await a.holder('rm')).toBeUndefined();
      expect(await b.acquire('rm', 'p2', 10_000)).toBe(true);
      expect(await a.acquire('rm', 'p1', 10_000)).toBe(false);
      await a.release('rm', 'p1');
      expect(await b.holder('rm')).toBe('p2');
      await b.release('rm', 'p2');
      expect(await a.acquire('rm', 'p1', 10_000)).toBe(true);
    });

    it('hands a contested lease to exactly one of many racing owners', async () => {
      const a = await openFirst();
      const b = await openSecond();
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).acquire('race', `p${i}`, 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
