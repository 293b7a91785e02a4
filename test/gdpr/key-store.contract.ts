/**
 * THE KeyStore contract suite. Every backend that holds keys runs it from its own *.test.ts:
 *
 *   const { open, openSecond, cleanup } = componentHarness(backend, 'keys');
 *   describeKeyStoreContract(backend.name, { open, reopen: openSecond, cleanup });
 *
 * - `harness.open()`: a key store over fresh, empty storage (called once per test).
 * - `harness.reopen()` (optional): another key store over the storage of the last `open()` — a
 *   restart, or a second process; omitted by adapters without durable storage.
 * - `harness.cleanup()` (optional): after each test, once the suite closed its stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, ValidationError } from '../../runtime/errors/errors.js';
import { KEY_BYTES, type KeyStore } from '../../runtime/gdpr/key-store.js';

export interface KeyStoreHarness {
  open(): Promise<KeyStore>;
  reopen?(): Promise<KeyStore>;
  cleanup?(): Promise<void>;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

export function describeKeyStoreContract(name: string, harness: KeyStoreHarness): void {
  describe(`KeyStore contract: ${name}`, () => {
    const opened = new Set<KeyStore>();
    const track = (store: KeyStore): KeyStore => {
      opened.add(store);
      return store;
    };
    const open = async (): Promise<KeyStore> => track(await harness.open());
    afterEach(async () => {
      for (const store of opened) await store.close();
      opened.clear();
      await harness.cleanup?.();
    });

    it('creates one 256-bit key per subject on first use and returns the same key afterwards', async () => {
      const keys = await open();
      const first = await keys.activeKey('subject-a');
      expect(first.status).toBe('active');
      expect(first.subject).toBe('subject-a');
      expect(first.key).toHaveLength(KEY_BYTES);
      expect(first.seal).toHaveLength(KEY_BYTES);
      expect(Buffer.from(first.key).equals(Buffer.from(first.seal))).toBe(false);
      const again = await keys.activeKey('subject-a');
      expect(again.keyId).toBe(first.keyId);
      expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);

      const other = await keys.activeKey('subject-b');
      expect(other.keyId).not.toBe(first.keyId);
      expect(Buffer.from(other.key).equals(Buffer.from(first.key))).toBe(false);
    });

    it('looks keys up by id; an id it never issued is unknown', async () => {
      const keys = await open();
      const key = await keys.activeKey('subject-a');
      const found = await keys.lookup(key.keyId);
      expect(found?.status).toBe('active');
      expect(found?.subject).toBe('subject-a');
      expect(found?.status === 'active' && Buffer.from(found.key).equals(Buffer.from(key.key))).toBe(true);
      expect(await keys.lookup('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    });

    it('forget destroys the key material but keeps the record and its seal key; forgetting twice is harmless', async () => {
      const keys = await open();
      const key = await keys.activeKey('subject-a');
      const kept = await keys.activeKey('subject-b');
      expect(await keys.forget('subject-a')).toEqual({ subject: 'subject-a', destroyedKeyIds: [key.keyId] });

      const destroyed = await keys.lookup(key.keyId);
      expect(destroyed).toEqual({ status: 'destroyed', keyId: key.keyId, subject: 'subject-a', seal: expect.anything() });
      expect(destroyed !== undefined && 'key' in destroyed).toBe(false);
      expect(Buffer.from(destroyed?.seal ?? []).equals(Buffer.from(key.seal))).toBe(true);

      expect(await keys.forget('subject-a')).toEqual({ subject: 'subject-a', destroyedKeyIds: [] });
      expect(await keys.forget('never-seen')).toEqual({ subject: 'never-seen', destroyedKeyIds: [] });
      expect((await keys.lookup(kept.keyId))?.status).toBe('active');
    });

    it('gives a forgotten subject a new key, never the old id, and lists every key it had', async () => {
      const keys = await open();
      const old = await keys.activeKey('subject-a');
      await keys.forget('subject-a');
      const fresh = await keys.activeKey('subject-a');
      expect(fresh.keyId).not.toBe(old.keyId);
      expect(Buffer.from(fresh.key).equals(Buffer.from(old.key))).toBe(false);
      expect((await keys.lookup(old.keyId))?.status).toBe('destroyed');
      await keys.forget('subject-a');
      const third = await keys.activeKey('subject-a');

      const records = await keys.keysOf('subject-a');
      expect(records.map((record) => record.keyId)).toEqual([old.keyId, fresh.keyId, third.keyId]);
      expect(records.map((record) => record.destroyedAt !== undefined)).toEqual([true, true, false]);
      for (const record of records) {
        expect(record.subject).toBe('subject-a');
        expect(record.createdAt).toMatch(ISO);
        if (record.destroyedAt !== undefined) expect(record.destroyedAt).toMatch(ISO);
        expect(Object.keys(record).sort()).toEqual(record.destroyedAt === undefined ? ['createdAt', 'keyId', 'subject'] : ['createdAt', 'destroyedAt', 'keyId', 'subject']);
      }
      expect(await keys.keysOf('never-seen')).toEqual([]);
    });

    it('hands concurrent first uses of one subject the same key', async () => {
      const keys = await open();
      const results = await Promise.all(Array.from({ length: 8 }, () => keys.activeKey('subject-race')));
      expect(new Set(results.map((key) => key.keyId)).size).toBe(1);
      expect(await keys.keysOf('subject-race')).toHaveLength(1);
    });

    it('keeps subject ids exactly as given (unicode, slashes, long ids)', async () => {
      const keys = await open();
      const subjects = ['Zoë 😀', 'a/b/c', 'x'.repeat(300)];
      for (const subject of subjects) expect((await keys.activeKey(subject)).subject).toBe(subject);
      for (const subject of subjects) expect((await keys.keysOf(subject)).map((record) => record.subject)).toEqual([subject]);
    });

    it('rejects an empty subject id with ValidationError', async () => {
      const keys = await open();
      await expect(keys.activeKey('')).rejects.toBeInstanceOf(ValidationError);
      await expect(keys.forget('')).rejects.toBeInstanceOf(ValidationError);
      await expect(keys.keysOf('')).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses to work once closed', async () => {
      const keys = await open();
      await keys.close();
      await expect(keys.activeKey('subject-a')).rejects.toBeInstanceOf(StoreError);
      await expect(keys.lookup('any')).rejects.toBeInstanceOf(StoreError);
    });

    const { reopen } = harness;
    if (reopen !== undefined) {
      it('keeps keys and tombstones across a reopen, and a second store sees the first one’s keys', async () => {
        const first = await open();
        const kept = await first.activeKey('subject-a');
        const gone = await first.activeKey('subject-b');
        await first.forget('subject-b');
        const second = track(await reopen());
        expect((await second.activeKey('subject-a')).keyId).toBe(kept.keyId);
        expect((await second.lookup(gone.keyId))?.status).toBe('destroyed');
        expect((await second.activeKey('subject-b')).keyId).not.toBe(gone.keyId);
        await second.forget('subject-a');
        expect((await first.lookup(kept.keyId))?.status).toBe('destroyed');
      });
    }
  });
}
