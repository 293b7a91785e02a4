import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ActiveKey } from './key-store.js';

/**
 * The ciphertext format. A pii value is replaced, in place, by one string:
 *
 *   orx-pii:1:<keyId>:<base64url( iv[12] || ciphertext || tag[16] || seal[16] )>
 *
 * - `ciphertext` is AES-256-GCM of the value's JSON text (UTF-8) under the subject's key, with a
 *   random 96-bit `iv` and the 128-bit GCM `tag`;
 * - the associated data (never stored) binds it to its place: format, key id, what holds it (event,
 *   snapshot or dead letter), the stream, the event id, type and schema version (or the snapshot
 *   version, or the dead letter's handler) and the concrete field path;
 * - `seal` is HMAC-SHA256 (first 16 bytes) under the key record's seal key over the associated data
 *   and `iv || ciphertext || tag`. The seal key survives `forget`, so a ciphertext of a forgotten
 *   subject is still checked for tampering before it reads as erased.
 */
export const TOKEN_PREFIX = 'orx-pii:1:';
const FORMAT = 'orx-pii:1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEAL_BYTES = 16;
const KEY_ID_PATTERN = /^[0-9A-Za-z-]{1,64}$/u;
const PAYLOAD_PATTERN = /^[0-9A-Za-z_-]+$/u;

/** What holds a value: the fields the associated data binds (besides the key id and the path). */
export type CipherContext = readonly (string | number)[];

export const eventContext = (envelope: { readonly streamId: string; readonly id: string; readonly type: string; readonly schemaVersion: number }): CipherContext =>
  ['event', envelope.streamId, envelope.id, envelope.type, envelope.schemaVersion];

export const snapshotContext = (streamId: string, version: number): CipherContext => ['snapshot', streamId, version];

export const deadLetterContext = (
  handler: string,
  event: { readonly streamId: string; readonly id: string; readonly type: string; readonly schemaVersion: number },
): CipherContext => ['dead-letter', handler, event.streamId, event.id, event.type, event.schemaVersion];

/** The associated data: JSON text, so no two different places share it. */
export function associatedData(keyId: string, context: CipherContext, path: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, keyId, ...context, path]), 'utf8');
}

/** A parsed ciphertext token. */
export interface Token {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
  readonly seal: Buffer;
}

function sealOf(sealKey: Uint8Array, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  const hmac = createHmac('sha256', sealKey);
  hmac.update(aad);
  // JSON text never holds a raw NUL, so the separator keeps the two parts apart.
  hmac.update(Buffer.of(0));
  hmac.update(iv);
  hmac.update(ciphertext);
  hmac.update(tag);
  return hmac.digest().subarray(0, SEAL_BYTES);
}

/** Encrypts `value` (JSON-serializable) for the place `aad` describes. */
export function encryptValue(value: unknown, key: ActiveKey, context: CipherContext, path: readonly string[]): string {
  const aad = associatedData(key.keyId, context, path);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const seal = sealOf(key.seal, aad, iv, ciphertext, tag);
  return `${TOKEN_PREFIX}${key.keyId}:${Buffer.concat([iv, ciphertext, tag, seal]).toString('base64url')}`;
}

/** Whether a stored value is meant to be a token (it may still be malformed). */
export const looksLikeToken = (value: unknown): value is string => typeof value === 'string' && value.startsWith(TOKEN_PREFIX);

/** Parses a token; a string describing the problem when it is malformed. */
export function parseToken(value: string): Token | string {
  if (!value.startsWith(TOKEN_PREFIX)) return 'no format prefix';
  const rest = value.slice(TOKEN_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return 'no key id';
  const keyId = rest.slice(0, colon);
  const payload = rest.slice(colon + 1);
  if (!KEY_ID_PATTERN.test(keyId)) return 'an invalid key id';
  if (!PAYLOAD_PATTERN.test(payload)) return 'an invalid payload encoding';
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES + SEAL_BYTES) return 'a truncated payload';
  const sealStart = bytes.length - SEAL_BYTES;
  const tagStart = sealStart - TAG_BYTES;
  return {
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, tagStart),
    tag: bytes.subarray(tagStart, sealStart),
    seal: bytes.subarray(sealStart),
  };
}

/** Whether the token is intact and in the place `context`/`path` describe (checkable after `forget`). */
export function verifySeal(token: Token, sealKey: Uint8Array, context: CipherContext, path: readonly string[]): boolean {
  const expected = sealOf(sealKey, associatedData(token.keyId, context, path), token.iv, token.ciphertext, token.tag);
  return timingSafeEqual(expected, token.seal);
}

/** The decrypted value; `undefined` as the whole result means GCM rejected it (never a stored value: JSON has no undefined). */
export function decryptToken(token: Token, key: Uint8Array, context: CipherContext, path: readonly string[]): { readonly value: unknown } | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, token.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(token.keyId, context, path));
    decipher.setAuthTag(token.tag);
    const text = Buffer.concat([decipher.update(token.ciphertext), decipher.final()]).toString('utf8');
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
