import { createHash } from 'node:crypto';
import { DEFAULT_SOURCE } from '../../events/envelope.js';
import type { WireCandidate, WireEvent } from './envelope-transport.js';
import type { EventTypeMapping } from './event-type-mapping.js';
import { RESERVED_SUBJECT_ROOT } from './subject-mapping.js';

/**
 * Idempotency keys, enforced by EventSourcingDB itself. A keyed batch is written together with one
 * bookkeeping event in the subject `/_orchestrix/idempotency/<sha256 of [streamId, key]>`, under the
 * precondition `isSubjectPristine` on that subject: a second batch with the same key for the same
 * stream fails atomically (409) however the writers race. The bookkeeping event comes last in the
 * batch and records how many events precede it; batches get consecutive ids, so the original events
 * are the ids just below it. Bookkeeping events are skipped by readAll and subscribe.
 */

export interface IdempotencyRecord {
  /** The id of the bookkeeping event. */
  readonly eventId: number;
  /** How many stream events the keyed batch holds (they carry the ids just below `eventId`). */
  readonly count: number;
}

export function idempotencySubject(streamId: string, key: string): string {
  const digest = createHash('sha256').update(JSON.stringify([streamId, key]), 'utf8').digest('hex');
  return `${RESERVED_SUBJECT_ROOT}/idempotency/${digest}`;
}

export function idempotencyCandidate(streamId: string, key: string, count: number, types: EventTypeMapping): WireCandidate {
  return {
    source: DEFAULT_SOURCE,
    subject: idempotencySubject(streamId, key),
    type: types.bookkeepingType,
    data: { streamId, idempotencyKey: key, count },
  };
}

export function readIdempotencyRecord(event: WireEvent): IdempotencyRecord | undefined {
  const count = event.data['count'];
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) return undefined;
  return { eventId: Number(event.id), count };
}
