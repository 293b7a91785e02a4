import { randomUuid } from './uuid.js';
import type { ValidationIssue } from '../errors/errors.js';
import { ValidationError } from '../errors/errors.js';
import { DEFAULT_SOURCE, type EventEnvelope, type EventMetadata, type NewEvent } from '../events/envelope.js';
import { toJsonText } from './json-text.js';
import { frozenJsonValueOf, NOT_JSON, toJsonValue } from './json-value.js';

/** A NewEvent with every default filled in and data/metadata as JSON text: what adapters write. */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly schemaVersion: number;
  /** JSON text. */
  readonly data: string;
  /** JSON text; `{}` when the writer gave none. */
  readonly metadata: string;
}

/** An EncodedEvent as stored: with its stream, version and position. */
export interface StoredEventRecord extends EncodedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
}

/**
 * Fills in the envelope defaults (a random UUID `id`, the append time shared by the whole batch,
 * DEFAULT_SOURCE, schema version 1, empty metadata) and serializes data and metadata. Every event
 * is checked before anything is written: a batch with an unserializable value raises one
 * ValidationError listing each bad value by `[index, 'data' | 'metadata']`.
 */
export function encodeEvents(streamId: string, events: readonly NewEvent[]): EncodedEvent[] {
  return withDefaults(streamId, events, '{}', (value, index, field, issues) => {
    const result = toJsonText(value, [index, field]);
    if (typeof result === 'string') return result;
    issues.push(result);
    return '';
  });
}

/** An EncodedEvent whose data and metadata are deeply frozen JSON values (fresh copies) instead of text. */
export interface NormalizedEvent extends Omit<EncodedEvent, 'data' | 'metadata'> {
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** The metadata of an event written without any: one frozen object shared by all of them. */
const NO_METADATA: EventMetadata = Object.freeze({});

/**
 * Like encodeEvents, but data and metadata become the values a JSON round trip would give back,
 * computed without the text and deeply frozen (for the in-memory store, which shares them with
 * every reader); the same errors for unserializable values. The writer's objects are copied, never
 * frozen.
 */
export function normalizeEvents(streamId: string, events: readonly NewEvent[]): NormalizedEvent[] {
  // Metadata converts to a copy of the writer's EventMetadata object, hence the cast.
  return withDefaults<unknown>(streamId, events, NO_METADATA, (value, index, field, issues) => {
    const copy = frozenJsonValueOf(value);
    if (copy !== NOT_JSON) return copy;
    const result = toJsonValue(value, [index, field], FROZEN);
    if (result.ok) return result.value;
    issues.push(result.issue);
    return undefined;
  }) as NormalizedEvent[];
}

/**
 * The one pass behind encodeEvents and normalizeEvents: defaults filled in, data and metadata
 * converted by `convert` (which records what it cannot convert, at `[index, field]`), one
 * ValidationError for the batch. The append time is taken once, on first need (writers that give
 * every event a time skip the clock). Objects on this path are written out field by field, in a
 * plain loop: V8 builds a spread with added fields (`{ ...defaults, data }`) an order of magnitude
 * slower, and this runs for every event appended.
 */
function withDefaults<Body>(
  streamId: string,
  events: readonly NewEvent[],
  noMetadata: Body,
  convert: (value: unknown, index: number, field: 'data' | 'metadata', issues: ValidationIssue[]) => Body,
): (Omit<EncodedEvent, 'data' | 'metadata'> & { readonly data: Body; readonly metadata: Body })[] {
  let time: string | undefined;
  const issues: ValidationIssue[] = [];
  const converted = new Array<Omit<EncodedEvent, 'data' | 'metadata'> & { readonly data: Body; readonly metadata: Body }>(events.length);
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as NewEvent;
    converted[index] = {
      id: event.id ?? randomUuid(),
      type: event.type,
      source: event.source ?? DEFAULT_SOURCE,
      time: event.time ?? (time ??= new Date().toISOString()),
      schemaVersion: event.schemaVersion ?? 1,
      data: convert(event.data, index, 'data', issues),
      metadata: event.metadata === undefined ? noMetadata : convert(event.metadata, index, 'metadata', issues),
    };
  }
  if (issues.length > 0) throw new ValidationError(`event batch for stream '${streamId}'`, issues);
  return converted;
}

const FROZEN = { freeze: true } as const;

/** Turns a stored record back into an envelope; each call returns fresh objects. */
export function decodeEvent(record: StoredEventRecord): EventEnvelope {
  return envelopeOf(record, record.streamId, record.version, record.position);
}

/** The envelope of an encoded event once stored at `version` and `position`; fresh objects each call. */
export function envelopeOf(event: EncodedEvent, streamId: string, version: number, position: number): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    subject: streamId,
    time: event.time,
    data: JSON.parse(event.data) as unknown,
    streamId,
    version,
    position,
    schemaVersion: event.schemaVersion,
    // Most events carry no metadata: skip the parser for the default.
    metadata: event.metadata === '{}' ? {} : (JSON.parse(event.metadata) as EventMetadata),
  };
}
