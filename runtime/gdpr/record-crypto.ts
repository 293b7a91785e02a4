import { isDeepStrictEqual } from 'node:util';
import type { PiiPath } from '../aggregate/definition.js';
import { decryptToken, encryptValue, looksLikeToken, parseToken, verifySeal, type CipherContext } from './cipher.js';
import { PiiKeyUnknownError, PiiMalformedError, PiiSubjectUnresolvedError, PiiTamperedError, type PiiLocation } from './errors.js';
import type { KeySession } from './key-session.js';
import { pathKey, piiSlots, REMOVE, replaceAt, type PiiSlot } from './pii-paths.js';
import type { SubjectResolution } from './subjects.js';

/**
 * Encrypting and decrypting the pii values of one record (event data, snapshot state), shared by
 * the event store, snapshot store and dead-letter queue wrappers and by exportSubject.
 */

/** Where a record is kept: bound into every ciphertext (`context`) and named in errors (`where`). */
export interface RecordPlace {
  readonly where: string;
  readonly context: CipherContext;
}

/** A value equal to its path's `erased` value is the placeholder itself: stored and read as is. */
const isPlaceholder = (pii: PiiPath, value: unknown): boolean => pii.erased !== undefined && isDeepStrictEqual(value, pii.erased);

/** `data` with every pii value replaced by its ciphertext under its subject's active key. */
export async function sealRecord(
  data: unknown,
  paths: readonly PiiPath[],
  place: RecordPlace,
  session: KeySession,
  subjectOf: (slot: PiiSlot) => SubjectResolution,
): Promise<unknown> {
  const replacements = new Map<string, unknown>();
  for (const slot of piiSlots(data, paths)) {
    if (isPlaceholder(slot.pii, slot.value)) continue;
    const resolution = subjectOf(slot);
    if ('problem' in resolution) throw new PiiSubjectUnresolvedError({ where: place.where, path: slot.path }, resolution.problem);
    const key = await session.activeKey(resolution.subject);
    replacements.set(pathKey(slot.path), encryptValue(slot.value, key, place.context, slot.path));
  }
  return replaceAt(data, paths, replacements);
}

/** What one stored pii value turned out to be. */
export type OpenedSlot =
  | { readonly kind: 'value'; readonly value: unknown; readonly subject: string; readonly keyId: string }
  | { readonly kind: 'erased'; readonly subject: string; readonly keyId: string }
  /** The path's erased value, stored as is. */
  | { readonly kind: 'placeholder' }
  /** With `onlyKeys`: not a ciphertext under one of those keys, so not looked at. */
  | { readonly kind: 'skipped' };

/**
 * Checks and decrypts one stored value. With `onlyKeys` (an export), values under other keys, and
 * values that are no ciphertext at all, are skipped unread. Raises PiiMalformedError (not a ciphertext),
 * PiiKeyUnknownError (a key this store never held) or PiiTamperedError (altered or moved), also
 * for a forgotten subject's values: the seal key outlives the key.
 */
export async function openSlot(
  slot: PiiSlot,
  place: RecordPlace,
  session: KeySession,
  onlyKeys?: ReadonlySet<string>,
): Promise<OpenedSlot> {
  const location: PiiLocation = { where: place.where, path: slot.path };
  if (!looksLikeToken(slot.value)) {
    if (isPlaceholder(slot.pii, slot.value)) return { kind: 'placeholder' };
    if (onlyKeys !== undefined) return { kind: 'skipped' };
    throw new PiiMalformedError(location, `a plain ${Array.isArray(slot.value) ? 'array' : slot.value === null ? 'null' : typeof slot.value}`);
  }
  const token = parseToken(slot.value);
  if (typeof token === 'string') {
    if (onlyKeys !== undefined) return { kind: 'skipped' };
    throw new PiiMalformedError(location, token);
  }
  if (onlyKeys !== undefined && !onlyKeys.has(token.keyId)) return { kind: 'skipped' };
  const key = await session.lookup(token.keyId);
  if (key === undefined) throw new PiiKeyUnknownError(location, token.keyId);
  if (!verifySeal(token, key.seal, place.context, slot.path)) throw new PiiTamperedError(location, token.keyId);
  if (key.status === 'destroyed') return { kind: 'erased', subject: key.subject, keyId: token.keyId };
  const opened = decryptToken(token, key.key, place.context, slot.path);
  if (opened === undefined) throw new PiiTamperedError(location, token.keyId);
  return { kind: 'value', value: opened.value, subject: key.subject, keyId: token.keyId };
}

export interface OpenedRecord {
  readonly data: unknown;
  /**
   * Whose the decrypted or erased values with a state-field subject were, by state field name (the
   * shape of EventMetadata.piiSubjects): the ciphertexts' keys tell.
   */
  readonly stateSubjects: Readonly<Record<string, string>>;
}

/** `data` with every ciphertext decrypted, or replaced by the path's erased value (removed when undefined). */
export async function openRecord(data: unknown, paths: readonly PiiPath[], place: RecordPlace, session: KeySession): Promise<OpenedRecord> {
  const replacements = new Map<string, unknown>();
  const stateSubjects: Record<string, string> = {};
  for (const slot of piiSlots(data, paths)) {
    const opened = await openSlot(slot, place, session);
    if (opened.kind !== 'value' && opened.kind !== 'erased') continue;
    if (slot.pii.subject.kind === 'state') stateSubjects[slot.pii.subject.name] = opened.subject;
    replacements.set(pathKey(slot.path), opened.kind === 'value' ? opened.value : erasedValue(slot.pii));
  }
  return { data: replaceAt(data, paths, replacements), stateSubjects };
}

/** What readers get for a forgotten value: a fresh copy of the path's `erased`, or removal. */
export const erasedValue = (pii: PiiPath): unknown => (pii.erased === undefined ? REMOVE : structuredClone(pii.erased));
