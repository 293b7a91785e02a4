import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyError, StoreError, ValidationError, type ValidationIssue } from '../../../errors/errors.js';
import type { NewEvent } from '../../../events/envelope.js';
import { encodeEvents, type EncodedEvent } from '../../event-codec.js';
import type { AppendOptions, AppendResult, ExpectedVersion } from '../../event-store.js';
import { idempotencyKeyOf, meetsExpectedVersion } from '../../expected-version.js';
import type { EventSourcingDbConnection } from '../connection.js';
import { parseWireEvent, toWireCandidate } from './envelope-transport.js';
import { EventSourcingDbHttpError } from './errors.js';
import { sourceToEventSourcingDb } from './event-type-mapping.js';
import { idempotencyCandidate, idempotencySubject, readStoredBatch } from './idempotency.js';
import { ownEvent, readHead } from './reads.js';
import type { StreamHead } from './stream-heads.js';
import { streamIdToSubject } from './subject-mapping.js';

/**
 * Appending. Every write is pinned to the stream's exact last event (`isSubjectOnEventId`, or
 * `isSubjectPristine` for a new stream), whatever the expected version, so the versions written into
 * each event are always the stream's true event count, and a race with another writer surfaces as a
 * failed precondition (409) instead of a wrong version. The expected version is checked against the
 * last event's version; after a failed precondition the stream is read again and the append either
 * retried (`'any'`, `'stream_exists'`) or refused with ConcurrencyError and the stream's real version.
 *
 * A real server answers a write that violates a registered schema with 409 as well, with a body that
 * starts `schema conflict`: that is bad data, not a race, so it is a ValidationError at once, with the
 * server's reason.
 */

/** Appends under 'any' or 'stream_exists' retry on a race this many times before giving up. */
const MAX_APPEND_ATTEMPTS = 25;

export async function appendEvents(connection: EventSourcingDbConnection, streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
  const expected = options.expectedVersion ?? 'any';
  const encoded = encodeEvents(streamId, events);
  checkSources(streamId, encoded);
  const key = idempotencyKeyOf(streamId, options);
  const timesChosen = events.map((event) => event.time !== undefined);
  for (let attempt = 1; ; attempt += 1) {
    // First try without reading when the head is already known (or must be absent): the
    // precondition checks it anyway, and a 409 sends us to the read below.
    const assumed = attempt === 1 && encoded.length > 0 ? assumedHead(connection, streamId, expected) : 'unknown';
    const head = assumed === 'unknown' ? await readHead(connection, streamId) : assumed;
    const actual = head?.version ?? 0;
    if (!meetsExpectedVersion(expected, actual) || attempt > MAX_APPEND_ATTEMPTS) {
      const replayed = key === undefined ? undefined : await replay(connection, streamId, key);
      if (replayed !== undefined) return replayed;
      throw new ConcurrencyError(streamId, expected, actual);
    }
    if (encoded.length === 0) {
      const replayed = key === undefined ? undefined : await replay(connection, streamId, key);
      return replayed ?? { streamId, nextExpectedVersion: actual, events: [], replayed: false };
    }
    const written = await write(connection, streamId, encoded, timesChosen, head, key);
    if (written !== undefined) return written;
    if (key !== undefined) {
      const replayed = await replay(connection, streamId, key);
      if (replayed !== undefined) return replayed;
    }
    // Contention: back off a little (with jitter) before reading the stream again.
    if (attempt > 2) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
  }
}

/** A head that meets `expected` without a read, or 'unknown'. */
function assumedHead(connection: EventSourcingDbConnection, streamId: string, expected: ExpectedVersion): StreamHead | undefined | 'unknown' {
  if (expected === 'no_stream' || expected === 0) return undefined;
  const known = connection.heads.get(streamId);
  if (known === undefined) return 'unknown';
  return expected === 'any' || expected === 'stream_exists' || expected === known.version ? known : 'unknown';
}

async function replay(connection: EventSourcingDbConnection, streamId: string, key: string): Promise<AppendResult | undefined> {
  const stored = await readStoredBatch(connection, streamId, key);
  return stored === undefined ? undefined : { streamId, nextExpectedVersion: stored.version, events: stored.events, replayed: true };
}

/** One write-events request pinned to `head`; undefined when a precondition failed (the stream moved, or the key is taken). */
async function write(
  connection: EventSourcingDbConnection,
  streamId: string,
  encoded: readonly EncodedEvent[],
  timesChosen: readonly boolean[],
  head: StreamHead | undefined,
  key: string | undefined,
): Promise<AppendResult | undefined> {
  const subject = streamIdToSubject(streamId);
  const actual = head?.version ?? 0;
  const candidates = encoded.map((event, index) =>
    toWireCandidate(subject, { encoded: event, version: actual + index + 1, timeChosen: timesChosen[index] === true }, connection.types),
  );
  const preconditions: unknown[] = [
    head === undefined ? { type: 'isSubjectPristine', payload: { subject } } : { type: 'isSubjectOnEventId', payload: { subject, eventId: head.eventId } },
  ];
  if (key !== undefined) {
    candidates.push(idempotencyCandidate(streamId, key, encoded.length, connection.types));
    preconditions.push({ type: 'isSubjectPristine', payload: { subject: idempotencySubject(streamId, key) } });
  }
  let answer: unknown;
  try {
    answer = await connection.client.postJson('write-events', { events: candidates, preconditions });
  } catch (error) {
    if (error instanceof EventSourcingDbHttpError && (error.status === 400 || isSchemaConflict(error))) {
      const issue: ValidationIssue = { path: [], code: 'rejected_by_eventsourcingdb', message: error.serverMessage };
      throw new ValidationError(`event batch for stream '${streamId}'`, [issue]);
    }
    if (error instanceof EventSourcingDbHttpError && error.status === 409) return undefined;
    throw error;
  }
  if (!Array.isArray(answer) || answer.length !== candidates.length) {
    throw new StoreError(`EventSourcingDB write-events answered with ${Array.isArray(answer) ? answer.length : 'no'} events for ${candidates.length} written`);
  }
  const wire = answer.slice(0, encoded.length).map((payload: unknown) => parseWireEvent(payload, 'EventSourcingDB write-events'));
  const stored = wire.map((event) => ownEvent(connection, streamId, event));
  const last = wire.at(-1);
  if (last !== undefined) connection.heads.remember(streamId, { version: actual + wire.length, eventId: last.id });
  return { streamId, nextExpectedVersion: actual + stored.length, events: stored, replayed: false };
}

/** A 409 that is the server refusing the data (a registered schema), not a failed precondition. */
export function isSchemaConflict(error: EventSourcingDbHttpError): boolean {
  return error.status === 409 && /^schema conflict\b/iu.test(error.serverMessage);
}

function checkSources(streamId: string, events: readonly EncodedEvent[]): void {
  const issues: ValidationIssue[] = [];
  events.forEach((event, index) => {
    let valid = event.source !== '';
    try {
      sourceToEventSourcingDb(event.source);
    } catch {
      valid = false;
    }
    if (!valid) issues.push({ path: [index, 'source'], code: 'invalid_source', message: 'must be a non-empty string of valid Unicode' });
  });
  if (issues.length > 0) throw new ValidationError(`event batch for stream '${streamId}'`, issues);
}
