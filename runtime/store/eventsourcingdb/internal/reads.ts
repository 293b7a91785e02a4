import { StoreError } from '../../../errors/errors.js';
import type { EventEnvelope } from '../../../events/envelope.js';
import type { ReadAllOptions, ReadStreamOptions } from '../../event-store.js';
import { logBounds, streamBounds } from '../../read-bounds.js';
import type { EventSourcingDbConnection } from '../connection.js';
import { eventIdOfPosition, fromWireEvent, parseWireEvent, positionOfEventId, type WireEvent } from './envelope-transport.js';
import type { StreamHead } from './stream-heads.js';
import { streamIdToSubject } from './subject-mapping.js';

/**
 * Reading: streams (with their versions checked), the global log, stream heads. EventSourcingDB
 * stops sending when the reader stops reading, so every read here is lazy.
 */

/**
 * readStream from a version above this looks for the shorter way in (walking back from the end, see
 * locate); below it, reading from the start and skipping costs less than the two extra requests.
 */
const LOCATE_AFTER_VERSION = 256;

export type ReadEventsOptions = Readonly<Record<string, unknown>>;

/** The events of `read-events` on `subject`, as they arrive. */
export async function* readEvents(connection: EventSourcingDbConnection, subject: string, options: ReadEventsOptions): AsyncGenerator<WireEvent, void, undefined> {
  const { client } = connection;
  for await (const line of client.streamLines('read-events', { subject, options })) {
    if (line.type === 'event') yield parseWireEvent(line.payload, 'EventSourcingDB read-events');
    else if (line.type === 'error') {
      const payload = line.payload as { error?: unknown } | null;
      const message = typeof payload?.error === 'string' ? client.redact(payload.error) : 'unknown error';
      throw new StoreError(`EventSourcingDB read-events reported an error: ${message}`);
    }
  }
}

/** An event of `streamId`'s subject, which must be one of ours: anything else breaks the version count. */
export function ownEvent(connection: EventSourcingDbConnection, streamId: string, event: WireEvent): EventEnvelope {
  const envelope = fromWireEvent(event, connection.types);
  if (envelope === undefined || envelope.streamId !== streamId) {
    throw new StoreError(`Stream '${streamId}' holds event ${event.id} that was not written by Orchestrix; its versions cannot be trusted`);
  }
  return envelope;
}

/**
 * The stream's last event, read from the end. A remembered head bounds the read from below: the
 * real head is that event or a later one, so the answer stays a few lines long.
 */
export async function readHead(connection: EventSourcingDbConnection, streamId: string): Promise<StreamHead | undefined> {
  const subject = streamIdToSubject(streamId);
  const hint = connection.heads.get(streamId);
  const options = { recursive: false, order: 'antichronological', ...(hint === undefined ? {} : { lowerBound: { id: hint.eventId, type: 'inclusive' } }) };
  for await (const event of readEvents(connection, subject, options)) {
    const head = { version: ownEvent(connection, streamId, event).version, eventId: event.id };
    connection.heads.remember(streamId, head);
    return head;
  }
  connection.heads.forget(streamId);
  // Only a store that lost events (a reset server) answers nothing from a remembered event on.
  return hint === undefined ? undefined : readHead(connection, streamId);
}

/**
 * Where a read from `version` starts: the id of that event. Found by walking back from the end, but
 * only when the tail is the shorter part of the stream; otherwise a read from the start that skips
 * is cheaper (no id, version 1). Undefined when the stream has fewer events.
 */
async function locate(connection: EventSourcingDbConnection, streamId: string, version: number): Promise<{ eventId: string | undefined; version: number } | undefined> {
  const head = await readHead(connection, streamId);
  if (head === undefined || head.version < version) return undefined;
  if ((head.version - version + 1) * 2 > head.version) return { eventId: undefined, version: 1 };
  const backwards = { recursive: false, order: 'antichronological', upperBound: { id: head.eventId, type: 'inclusive' } };
  for await (const event of readEvents(connection, streamIdToSubject(streamId), backwards)) {
    if (ownEvent(connection, streamId, event).version === version) return { eventId: event.id, version };
  }
  throw new StoreError(`Stream '${streamId}' is inconsistent: version ${version} was not found`);
}

export async function* readStream(connection: EventSourcingDbConnection, streamId: string, options?: ReadStreamOptions): AsyncGenerator<EventEnvelope, void, undefined> {
  const { fromVersion, toVersion, limit } = streamBounds(options);
  if (limit === 0 || fromVersion > toVersion) return;
  const start = fromVersion > LOCATE_AFTER_VERSION ? await locate(connection, streamId, fromVersion) : { eventId: undefined, version: 1 };
  if (start === undefined) return;
  let expectedVersion = start.version;
  let count = 0;
  const lowerBound = start.eventId === undefined ? undefined : { id: start.eventId, type: 'inclusive' };
  let seen: StreamHead | undefined;
  try {
    for await (const event of readEvents(connection, streamIdToSubject(streamId), { recursive: false, ...(lowerBound === undefined ? {} : { lowerBound }) })) {
      const envelope = ownEvent(connection, streamId, event);
      if (envelope.version !== expectedVersion) {
        throw new StoreError(`Stream '${streamId}' is inconsistent: event ${event.id} has version ${envelope.version}, expected ${expectedVersion}`);
      }
      expectedVersion += 1;
      seen = { version: envelope.version, eventId: event.id };
      if (envelope.version < fromVersion) continue;
      if (envelope.version > toVersion) return;
      yield envelope;
      count += 1;
      if (count >= limit) return;
    }
  } finally {
    // What a reader (an aggregate load) saw is what its next append expects: no read needed then.
    if (seen !== undefined) connection.heads.remember(streamId, seen);
  }
}

export async function* readAll(connection: EventSourcingDbConnection, options?: ReadAllOptions): AsyncGenerator<EventEnvelope, void, undefined> {
  const { after, limit } = logBounds(options);
  if (limit === 0) return;
  const lowerBound = after >= 1 ? { id: eventIdOfPosition(after), type: 'exclusive' } : undefined;
  let count = 0;
  for await (const event of readEvents(connection, '/', { recursive: true, ...(lowerBound === undefined ? {} : { lowerBound }) })) {
    const envelope = fromWireEvent(event, connection.types);
    if (envelope === undefined) continue;
    yield envelope;
    count += 1;
    if (count >= limit) return;
  }
}

/**
 * The position of the last event readAll delivers: the whole store read from its end, skipping what
 * is not ours (idempotency bookkeeping, other clients' events) until the first event that is.
 */
export async function readHeadPosition(connection: EventSourcingDbConnection): Promise<number> {
  for await (const event of readEvents(connection, '/', { recursive: true, order: 'antichronological' })) {
    if (fromWireEvent(event, connection.types) !== undefined) return positionOfEventId(event.id);
  }
  return 0;
}
