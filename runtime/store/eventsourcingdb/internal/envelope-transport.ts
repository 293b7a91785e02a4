import type { EventEnvelope, EventMetadata } from '../../../events/envelope.js';
import type { EncodedEvent } from '../../event-codec.js';
import { EventSourcingDbProtocolError } from './errors.js';
import { sourceFromEventSourcingDb, sourceToEventSourcingDb, type EventTypeMapping } from './event-type-mapping.js';
import { isReservedSubject, subjectToStreamId } from './subject-mapping.js';

/**
 * How our envelope travels in an EventSourcingDB event. Native fields carry what they can:
 * `source` (URI-encoded), `subject` (the stream), `type` (type and schema version, see
 * event-type-mapping.ts), `time` (the append time), `id` (the global position, minus one). The rest
 * travels inside `data`, which is always `{ data, meta }`:
 *
 *   data.data          the event's own data, as the writer gave it
 *   data.meta.id       our event id (a UUID unless the writer chose one)
 *   data.meta.version  the event's version in its stream (1-based, contiguous)
 *   data.meta.metadata correlation/causation ids and headers ({} when none)
 *   data.meta.time     only when the writer chose the time; otherwise EventSourcingDB's `time` is ours
 *
 * Idempotency keys travel in separate bookkeeping events (see idempotency.ts). A W3C `traceparent`
 * (and `tracestate`) in metadata.headers is also copied to EventSourcingDB's native fields.
 */

/** A stored event as it comes over the wire, checked just enough to be used safely. */
export interface WireEvent {
  readonly id: string;
  readonly time: string;
  readonly source: string;
  readonly subject: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface WireCandidate {
  readonly source: string;
  readonly subject: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

interface TransportedMeta {
  readonly id: string;
  readonly version: number;
  readonly metadata: EventMetadata;
  readonly time?: string;
}

const traceparentPattern = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/u;
const eventIdPattern = /^(0|[1-9][0-9]*)$/u;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** EventSourcingDB ids start at "0"; our positions start at 1 (0 means "before the first event"). */
export const positionOfEventId = (id: string): number => Number(id) + 1;
export const eventIdOfPosition = (position: number): string => String(position - 1);

export function parseWireEvent(payload: unknown, what: string): WireEvent {
  if (
    !isRecord(payload) ||
    typeof payload['id'] !== 'string' ||
    !eventIdPattern.test(payload['id']) ||
    typeof payload['time'] !== 'string' ||
    typeof payload['source'] !== 'string' ||
    typeof payload['subject'] !== 'string' ||
    typeof payload['type'] !== 'string' ||
    !isRecord(payload['data'])
  ) {
    throw new EventSourcingDbProtocolError(`${what}: the server sent a malformed event`);
  }
  return {
    id: payload['id'],
    time: payload['time'],
    source: payload['source'],
    subject: payload['subject'],
    type: payload['type'],
    data: payload['data'],
  };
}

export interface TransportedEvent {
  readonly encoded: EncodedEvent;
  readonly version: number;
  /** Whether the writer chose `time` (then it travels in meta). */
  readonly timeChosen: boolean;
}

export function toWireCandidate(subject: string, event: TransportedEvent, types: EventTypeMapping): WireCandidate {
  const { encoded } = event;
  const metadata = JSON.parse(encoded.metadata) as EventMetadata;
  const meta: TransportedMeta = {
    id: encoded.id,
    version: event.version,
    metadata,
    ...(event.timeChosen ? { time: encoded.time } : {}),
  };
  const traceparent = metadata.headers?.['traceparent'];
  const tracestate = metadata.headers?.['tracestate'];
  const traced = traceparent !== undefined && traceparentPattern.test(traceparent);
  return {
    source: sourceToEventSourcingDb(encoded.source),
    subject,
    type: types.toEventSourcingDb(encoded.source, encoded.type, encoded.schemaVersion),
    data: { data: JSON.parse(encoded.data) as unknown, meta },
    ...(traced ? { traceparent } : {}),
    ...(traced && tracestate !== undefined && tracestate !== '' ? { tracestate } : {}),
  };
}

function readMeta(value: unknown): TransportedMeta | undefined {
  if (!isRecord(value)) return undefined;
  const { id, version, metadata, time } = value;
  if (typeof id !== 'string' || typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return undefined;
  if (!isRecord(metadata) || (time !== undefined && typeof time !== 'string')) return undefined;
  return { id, version, metadata: metadata as EventMetadata, ...(time === undefined ? {} : { time }) };
}

/**
 * The envelope an EventSourcingDB event carries, or undefined when it is not one of ours: a
 * bookkeeping event, or an event another client wrote (a foreign type or a `data` without `meta`).
 */
export function fromWireEvent(event: WireEvent, types: EventTypeMapping): EventEnvelope | undefined {
  if (isReservedSubject(event.subject)) return undefined;
  const mapped = types.fromEventSourcingDb(event.type);
  const meta = readMeta(event.data['meta']);
  if (mapped === undefined || meta === undefined || !Object.hasOwn(event.data, 'data')) return undefined;
  const streamId = subjectToStreamId(event.subject);
  return {
    id: meta.id,
    type: mapped.type,
    source: sourceFromEventSourcingDb(event.source),
    subject: streamId,
    time: meta.time ?? event.time,
    data: event.data['data'],
    streamId,
    version: meta.version,
    position: positionOfEventId(event.id),
    schemaVersion: mapped.schemaVersion,
    metadata: meta.metadata,
  };
}
