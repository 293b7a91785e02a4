import { StoreError } from '../../errors/errors.js';
import {
  checkSubject,
  generateKeyMaterial,
  keyRecordOf,
  type ActiveKey,
  type ForgetResult,
  type KeyLookup,
  type KeyRecord,
  type KeyStore,
} from '../../gdpr/key-store.js';

interface StoredKey {
  readonly keyId: string;
  readonly subject: string;
  /** Zeroed and dropped by forget. */
  key: Buffer | undefined;
  readonly seal: Buffer;
  readonly createdAt: string;
  destroyedAt: string | undefined;
}

/**
 * Keys in process memory: for tests and examples. Lost on exit — and with them every value they
 * encrypted, so never pair it with a durable event store in production. Destroyed key material is
 * overwritten with zeros before it is dropped; tombstones stay, so key ids are never reused.
 */
export class InMemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, StoredKey>();
  /** Subject -> its key ids, oldest first. */
  readonly #bySubject = new Map<string, string[]>();
  readonly #clock: () => Date;
  #closed = false;

  constructor(options: { readonly clock?: () => Date } = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  async activeKey(subject: string): Promise<ActiveKey> {
    this.#assertOpen();
    checkSubject(subject);
    const ids = this.#bySubject.get(subject) ?? [];
    const latest = this.#keys.get(ids[ids.length - 1] ?? '');
    if (latest?.key !== undefined) return activeOf(latest, latest.key);
    const material = generateKeyMaterial();
    const stored: StoredKey = { ...material, subject, createdAt: this.#clock().toISOString(), destroyedAt: undefined };
    this.#keys.set(material.keyId, stored);
    this.#bySubject.set(subject, [...ids, material.keyId]);
    return activeOf(stored, material.key);
  }

  async lookup(keyId: string): Promise<KeyLookup | undefined> {
    this.#assertOpen();
    const stored = this.#keys.get(keyId);
    if (stored === undefined) return undefined;
    if (stored.key === undefined) return { status: 'destroyed', keyId, subject: stored.subject, seal: Buffer.from(stored.seal) };
    return activeOf(stored, stored.key);
  }

  async forget(subject: string): Promise<ForgetResult> {
    this.#assertOpen();
    checkSubject(subject);
    const destroyedKeyIds: string[] = [];
    const destroyedAt = this.#clock().toISOString();
    for (const keyId of this.#bySubject.get(subject) ?? []) {
      const stored = this.#keys.get(keyId);
      if (stored?.key === undefined) continue;
      stored.key.fill(0);
      stored.key = undefined;
      stored.destroyedAt = destroyedAt;
      destroyedKeyIds.push(keyId);
    }
    return { subject, destroyedKeyIds };
  }

  async keysOf(subject: string): Promise<readonly KeyRecord[]> {
    this.#assertOpen();
    checkSubject(subject);
    return (this.#bySubject.get(subject) ?? []).flatMap((keyId) => {
      const stored = this.#keys.get(keyId);
      return stored === undefined ? [] : [keyRecordOf(stored)];
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The in-memory key store is closed');
  }
}

/** Copies, so a caller can never alter (or zero) the stored key. */
const activeOf = (stored: StoredKey, key: Buffer): ActiveKey => ({
  status: 'active',
  keyId: stored.keyId,
  subject: stored.subject,
  key: Buffer.from(key),
  seal: Buffer.from(stored.seal),
});

export function createInMemoryKeyStore(options?: { readonly clock?: () => Date }): InMemoryKeyStore {
  return new InMemoryKeyStore(options);
}
