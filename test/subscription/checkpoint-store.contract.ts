/**
 * THE CheckpointStore contract suite. Every backend runs it from its own *.test.ts:
 *
 *   describeCheckpointStoreContract(backend.name, componentHarness(backend, 'checkpoints'));
 *
 * `open()` is called once per test; the suite closes every store it opened (once), then calls
 * `cleanup()`. It uses nothing but the CheckpointStore interface, StoreError and ValidationError.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, ValidationError } from '../../runtime/errors/errors.js';
import type { CheckpointStore } from '../../runtime/subscription/checkpoint-store.js';

export interface CheckpointStoreHarness {
  /** A store over fresh, empty storage. */
  open(): Promise<CheckpointStore>;
  /** After each test, once the suite has closed its stores. */
  cleanup?(): Promise<void>;
}

export function describeCheckpointStoreContract(name: string, harness: CheckpointStoreHarness): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    let opened: CheckpointStore[] = [];
    const open = async (): Promise<CheckpointStore> => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened) await store.close();
      opened = [];
      await harness.cleanup?.();
    });

    it('has no checkpoint for a subscription that never saved one', async () => {
      const store = await open();
      expect(await store.load('projection')).toBeUndefined();
    });

    it('saves and loads a position per subscription name', async () => {
      const store = await open();
      await store.save('balances', 42);
      await store.save('audit', 0);
      await store.save('Prüfung 🧾', 7);
      expect(await store.load('balances')).toBe(42);
      expect(await store.load('audit')).toBe(0);
      expect(await store.load('Prüfung 🧾')).toBe(7);
      expect(await store.load('Balances')).toBeUndefined();
    });

    it('replaces the position on every save, lower ones included (a rewind)', async () => {
      const store = await open();
      await store.save('balances', 10);
      await store.save('balances', 250);
      expect(await store.load('balances')).toBe(250);
      await store.save('balances', 3);
      expect(await store.load('balances')).toBe(3);
    });

    it('keeps positions beyond 32 bits exactly', async () => {
      const store = await open();
      const large = 2 ** 53 - 1;
      await store.save('big', large);
      expect(await store.load('big')).toBe(large);
    });

    it('deletes a checkpoint so the subscription starts over; deleting a missing one is fine', async () => {
      const store = await open();
      await store.save('balances', 10);
      await store.save('audit', 11);
      await store.delete('balances');
      expect(await store.load('balances')).toBeUndefined();
      expect(await store.load('audit')).toBe(11);
      await expect(store.delete('never-saved')).resolves.toBeUndefined();
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the position %s with a ValidationError', async (position) => {
      const store = await open();
      await expect(store.save('balances', position)).rejects.toBeInstanceOf(ValidationError);
      expect(await store.load('balances')).toBeUndefined();
    });

    it('refuses work once closed', async () => {
      const store = await open();
      await store.close();
      await expect(store.load('balances')).rejects.toBeInstanceOf(StoreError);
      await expect(store.save('balances', 1)).rejects.toBeInstanceOf(StoreError);
    });
  });
}
