import { randomBytes, randomUUID } from 'node:crypto';
import { StoreError, ValidationError } from '../errors/errors.js';

/**
 * Per-subject keys for crypto-shredding. Every data subject has at most one active key; `forget`
 * destroys it (the key material is deleted, the record stays as a tombstone), and the next value of
 * that subject gets a new key. Key ids are random UUIDs under a primary key and tombstones are
 * never removed, so a key id is never reused.
 *
 * Each key record also holds a `seal` key (HMAC-SHA256) that is kept after `forget`: it lets the
 * layer still verify that a ciphertext of a forgotten subject is intact and in its place before
 * reading it as erased. It cannot decrypt anything.
 *
 * Every adapter (memory, SQLite, PostgreSQL/PGlite) passes test/gdpr/key-store.contract.ts.
 */

/** AES-256-GCM key and HMAC-SHA256 seal key length, in bytes. */
export const KEY_BYTES = 32;

/** A key that can encrypt and decrypt. */
export interface ActiveKey {
  readonly status: 'active';
  readonly keyId: string;
  readonly subject: string;
  /** AES-256-GCM key, KEY_BYTES long. */
  readonly key: Uint8Array;
  /** HMAC-SHA256 key, KEY_BYTES long; survives `forget`. */
  readonly seal: Uint8Array;
}

/** A key whose material was destroyed by `forget`: its values read as erased. */
export interface DestroyedKey {
  readonly status: 'destroyed';
  readonly keyId: string;
  readonly subject: string;
  readonly seal: Uint8Array;
}

export type KeyLookup = ActiveKey | DestroyedKey;

/** What the key store says about a key without its material: the key id -> subject index. */
export interface KeyRecord {
  readonly keyId: string;
  readonly subject: string;
  /** RFC 3339 UTC. */
  readonly createdAt: string;
  /** RFC 3339 UTC; absent while the key is active. */
  readonly destroyedAt?: string;
}

export interface ForgetResult {
  readonly subject: string;
  /** The keys this call destroyed; empty when nothing was left to destroy (forgetting twice is harmless). */
  readonly destroyedKeyIds: readonly string[];
}

export interface KeyStore {
  /** The subject's active key, created on first use (a new one after `forget`, never an old id). */
  activeKey(subject: string): Promise<ActiveKey>;
  /** A key by id, active or destroyed; undefined when this store never held it. */
  lookup(keyId: string): Promise<KeyLookup | undefined>;
  /** Destroys the subject's active key. Idempotent. */
  forget(subject: string): Promise<ForgetResult>;
  /** Every key the subject ever had, oldest first, without key material. */
  keysOf(subject: string): Promise<readonly KeyRecord[]>;
  /** Releases connections and file handles; a store that was handed a connection leaves it open. */
  close(): Promise<void>;
}

/** Raises ValidationError unless `subject` is a non-empty string. */
export function checkSubject(subject: unknown): asserts subject is string {
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new ValidationError('data subject id', [{ path: [], code: 'invalid_subject', message: 'must be a non-empty string' }]);
  }
}

/** Fresh key material for a new key record. */
export interface NewKeyMaterial {
  readonly keyId: string;
  readonly key: Buffer;
  readonly seal: Buffer;
}

export function generateKeyMaterial(): NewKeyMaterial {
  return { keyId: randomUUID(), key: randomBytes(KEY_BYTES), seal: randomBytes(KEY_BYTES) };
}

/** Key bytes as adapters return them: pg gives Buffers, PGlite Uint8Arrays, SQLite Buffers. */
export function keyBytes(value: unknown, what: string): Buffer {
  if (value instanceof Uint8Array && value.length === KEY_BYTES) return Buffer.from(value);
  throw new StoreError(`The key store returned a malformed ${what} (expected ${KEY_BYTES} bytes)`);
}

/** A stored key row (any adapter) as a lookup result. */
export function keyLookupOf(row: { readonly keyId: string; readonly subject: string; readonly key: unknown; readonly seal: unknown }): KeyLookup {
  const seal = keyBytes(row.seal, 'seal key');
  if (row.key === null || row.key === undefined) return { status: 'destroyed', keyId: row.keyId, subject: row.subject, seal };
  return { status: 'active', keyId: row.keyId, subject: row.subject, key: keyBytes(row.key, 'key'), seal };
}

/** A lookup that must be active (the adapter just read or created the subject's active key). */
export function activeKeyOf(row: { readonly keyId: string; readonly subject: string; readonly key: unknown; readonly seal: unknown }): ActiveKey {
  const lookup = keyLookupOf(row);
  if (lookup.status !== 'active') throw new StoreError(`The key store returned key '${row.keyId}' as the active key, but it is destroyed`);
  return lookup;
}

/** A key record row (any adapter) as a KeyRecord. */
export function keyRecordOf(row: { readonly keyId: string; readonly subject: string; readonly createdAt: string; readonly destroyedAt: string | null | undefined }): KeyRecord {
  const base = { keyId: row.keyId, subject: row.subject, createdAt: row.createdAt };
  return row.destroyedAt === null || row.destroyedAt === undefined ? base : { ...base, destroyedAt: row.destroyedAt };
}
