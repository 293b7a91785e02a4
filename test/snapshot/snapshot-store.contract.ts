/**
 * THE SnapshotStore contract suite. Every backend runs it, from its own *.test.ts:
 *
 *   describeSnapshotStoreContract(backend.name, componentHarness(backend, 'snapshots'));
 *
 * API (kept small and stable):
 * - `describeSnapshotStoreContract(name, harness)` declares one vitest `describe` block.
 * - `harness.open()`: a store over fresh, empty storage, called once per test.
 * - `harness.cleanup()` (optional): runs after each test, once the suite has closed its store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotStore } from '../../runtime/snapshot/snapshot-store.js';

export interface SnapshotStoreHarness {
  /** A store over fresh, empty storage. */
  open(): Promise<SnapshotStore>;
  /** After each test, once the suite has closed its store. */
  cleanup?(): Promise<void>;
}

export function describeSnapshotStoreContract(name: string, harness: SnapshotStoreHarness): void {
  describe(`SnapshotStore contract: ${name}`, () => {
    const opened = new Set<SnapshotStore>();
    const open = async (): Promise<SnapshotStore> => {
      const store = await harness.open();
      opened.add(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened) await store.close();
      opened.clear();
      await harness.cleanup?.();
    });

    it('has no snapshot for a stream it never saw', async () => {
      const store = await open();
      expect(await store.load('account-1')).toBeUndefined();
    });

    it('saves and loads every field, unicode and nested state included', async () => {
      const store = await open();
      const saved = snapshot('account-1', 7, {
        balance: 120,
        owner: { name: 'Zoë 😀 \u2028', tags: ['vip'] },
        closedAt: null,
      });
      await store.save(saved);
      expect(await store.load('account-1')).toEqual(saved);
    });

    it('returns copies: later changes to the saved or loaded state do not reach the store', async () => {
      const store = await open();
      const state = { items: ['a'] };
      await store.save(snapshot('cart-1', 1, state));
      state.items.push('b');
      const loaded = await store.load('cart-1');
      (loaded?.state as { items: string[] }).items.push('c');
      expect((await store.load('cart-1'))?.state).toEqual({ items: ['a'] });
    });

    it('keeps the latest: a higher version replaces, a lower one is ignored, the same one replaces', async () => {
      const store = await open();
      await store.save(snapshot('account-2', 10, { balance: 10 }));
      await store.save(snapshot('account-2', 20, { balance: 20 }));
      expect(await store.load('account-2')).toMatchObject({ version: 20, state: { balance: 20 } });

      await store.save(snapshot('account-2', 15, { balance: 15 }));
      expect(await store.load('account-2')).toMatchObject({ version: 20, state: { balance: 20 } });

      // Same version under a new state shape: the repository replaces a snapshot whose hash is stale.
      const rehashed = { ...snapshot('account-2', 20, { balance: 20, currency: 'EUR' }), stateSchemaHash: 'hash-v2' };
      await store.save(rehashed);
      expect(await store.load('account-2')).toEqual(rehashed);
    });

    it('keeps one snapshot per stream, and deletes one without touching the others', async () => {
      const store = await open();
      await store.save(snapshot('account-3', 3, { n: 3 }));
      await store.save(snapshot('account-4', 4, { n: 4 }));
      expect((await store.load('account-3'))?.state).toEqual({ n: 3 });
      expect((await store.load('account-4'))?.state).toEqual({ n: 4 });

      await store.delete('account-3');
      await store.delete('never-saved');
      expect(await store.load('account-3')).toBeUndefined();
      expect((await store.load('account-4'))?.state).toEqual({ n: 4 });

      await store.save(snapshot('account-3', 1, { n: 1 }));
      expect((await store.load('account-3'))?.version).toBe(1);
    });

    it('refuses a state JSON cannot hold and keeps the previous snapshot', async () => {
      const store = await open();
      await store.save(snapshot('account-5', 1, { n: 1 }));
      await expect(store.save(snapshot('account-5', 2, { n: 2n }))).rejects.toThrow();
      expect(await store.load('account-5')).toMatchObject({ version: 1, state: { n: 1 } });
    });

    it('refuses use after close', async () => {
      const store = await open();
      opened.delete(store);
      await store.close();
      await expect(store.load('account-6')).rejects.toThrow();
    });
  });
}

function snapshot(streamId: string, version: number, state: unknown): Snapshot {
  return { streamId, version, stateSchemaHash: 'hash-v1', state, takenAt: `2024-01-01T00:00:${String(version % 60).padStart(2, '0')}.000Z` };
}
