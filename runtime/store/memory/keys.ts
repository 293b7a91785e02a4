import { checkSubject, generateKeyMaterial, keyRecordOf, type ActiveKey, type ForgetResult, type KeyStore } from '../../gdpr/key-store.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';

interface StoredKey {
  readonly keyId: string;
  readonly subject: string;
  /** Zeroed and dropped by forget. */
  key: Buffer | undefined;
  readonly seal: Buffer;
  readonly createdAt: string;
  destroyedAt: string | undefined;
}

export interface InMemoryKeyStoreOptions {
  /** Default: the system clock. */
  readonly clock?: (() => Date) | undefined;
}

/**
 * Keys in process memory: for tests and examples. Lost on exit — and with them every value they
 * encrypted, so never pair it with a durable event store in production. Destroyed key material is
 * overwritten with zeros before it is dropped; tombstones stay, so key ids are never reused.
 */
export function createInMemoryKeyStore(options: InMemoryKeyStoreOptions = {}, lifecycle: Lifecycle = createLifecycle('in-memory key store')): KeyStore {
  const keys = new Map<string, StoredKey>();
  /** Subject -> its key ids, oldest first. */
  const bySubject = new Map<string, string[]>();
  const clock = options.clock ?? (() => new Date());
  return {
    async activeKey(subject) {
      lifecycle.assertOpen();
      checkSubject(subject);
      const ids = bySubject.get(subject) ?? [];
      const latest = keys.get(ids[ids.length - 1] ?? '');
      if (latest?.key !== undefined) return activeOf(latest, latest.key);
      const material = generateKeyMaterial();
      const stored: StoredKey = { ...material, subject, createdAt: clock().toISOString(), destroyedAt: undefined };
      keys.set(material.keyId, stored);
      bySubject.set(subject, [...ids, material.keyId]);
      return activeOf(stored, material.key);
    },
    async lookup(keyId) {
      lifecycle.assertOpen();
      const stored = keys.get(keyId);
      if (stored === undefined) return undefined;
      if (stored.key === undefined) return { status: 'destroyed', keyId, subject: stored.subject, seal: Buffer.from(stored.seal) };
      return activeOf(stored, stored.key);
    },
    async forget(subject): Promise<ForgetResult> {
      lifecycle.assertOpen();
      checkSubject(subject);
      const destroyedKeyIds: string[] = [];
      const destroyedAt = clock().toISOString();
      for (const keyId of bySubject.get(subject) ?? []) {
        const stored = keys.get(keyId);
        if (stored?.key === undefined) continue;
        stored.key.fill(0);
        stored.key = undefined;
        stored.destroyedAt = destroyedAt;
        destroyedKeyIds.push(keyId);
      }
      return { subject, destroyedKeyIds };
    },
    async keysOf(subject) {
      lifecycle.assertOpen();
      checkSubject(subject);
      return (bySubject.get(subject) ?? []).flatMap((keyId) => {
        const stored = keys.get(keyId);
        return stored === undefined ? [] : [keyRecordOf(stored)];
      });
    },
    close: lifecycle.close,
  };
}

/** Copies, so a caller can never alter (or zero) the stored key. */
const activeOf = (stored: StoredKey, key: Buffer): ActiveKey => ({
  status: 'active',
  keyId: stored.keyId,
  subject: stored.subject,
  key: Buffer.from(key),
  seal: Buffer.from(stored.seal),
});

export const openMemoryKeys: ComponentOpener<MemoryConnection, 'keys'> = async (connection, lifecycle) =>
  createInMemoryKeyStore({ clock: connection.options.clock }, lifecycle);
