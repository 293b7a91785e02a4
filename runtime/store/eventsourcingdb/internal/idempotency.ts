import { createHash } from 'node:crypto';
import { StoreError } from '../../../errors/errors.js';
import { DEFAULT_SOURCE, type EventEnvelope } from '../../../events/envelope.js';
import type { EventSourcingDbConnection } from '../connection.js';
import type { WireCandidate, WireEvent } from './envelope-transport.js';
import type { EventTypeMapping } from './event-type-mapping.js';
import { ownEvent, readEvents } from './reads.js';
import { RESERVED_SUBJECT_ROOT, streamIdToSubject } from './subject-mapping.js';

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

/** What the batch stored earlier under `key` became, or undefined when there is none. */
export interface StoredBatch {
  /** The stream's version after that batch. */
  readonly version: number;
  readonly events: readonly EventEnvelope[];
}

/** The batch stored earlier under `key`: its bookkeeping record, then the events just below it. */
export async function readStoredBatch(connection: EventSourcingDbConnection, streamId: string, key: string): Promise<StoredBatch | undefined> {
  let record: IdempotencyRecord | undefined;
  for await (const event of readEvents(connection, idempotencySubject(streamId, key), { recursive: false })) {
    record = readIdempotencyRecord(event);
    break;
  }
  if (record === undefined) return undefined;
  const events: EventEnvelope[] = [];
  const bounds = {
    lowerBound: { id: String(record.eventId - record.count), type: 'inclusive' },
    upperBound: { id: String(record.eventId), type: 'exclusive' },
  };
  for await (const event of readEvents(connection, streamIdToSubject(streamId), { recursive: false, ...bounds })) events.push(ownEvent(connection, streamId, event));
  const last = events.at(-1);
  if (last === undefined || events.length !== record.count) {
    throw new StoreError(`Stream '${streamId}' is inconsistent: the batch of an idempotency key is missing events`);
  }
  return { version: last.version, events };
}
