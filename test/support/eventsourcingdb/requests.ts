import type { ObserveOptions } from './event-log.js';
import {
  badRequest,
  isJsonObject,
  type Bound,
  type EventCandidate,
  type FromLatestEvent,
  type JsonObject,
  type JsonValue,
  type Precondition,
  type ReadOptions,
} from './protocol.js';
import { isValidEventId, isValidEventType, isValidSubject } from './subjects.js';

/**
 * Validation of request bodies: anything malformed is a 400 with a message naming the field.
 * Unknown keys are refused too (assumed: it makes adapter typos visible instead of ignored).
 */

function objectAt(value: JsonValue | undefined, field: string, allowed: readonly string[]): JsonObject {
  if (!isJsonObject(value)) throw badRequest(`'${field}' must be an object`);
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw badRequest(`'${field}' has unknown fields: ${unknown.join(', ')}`);
  return value;
}

function subjectAt(value: JsonValue | undefined, field: string): string {
  if (!isValidSubject(value)) throw badRequest(`'${field}' must be an absolute, slash-separated path`);
  return value;
}

function eventTypeAt(value: JsonValue | undefined, field: string): string {
  if (!isValidEventType(value)) throw badRequest(`'${field}' must be a reverse-domain event type`);
  return value;
}

function eventIdAt(value: JsonValue | undefined, field: string): number {
  if (!isValidEventId(value)) throw badRequest(`'${field}' must be an event id (a decimal string)`);
  return Number(value);
}

function optionalString(value: JsonValue | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(`'${field}' must be a non-empty string`);
  return value;
}

function boundAt(value: JsonValue | undefined, field: string): Bound | undefined {
  if (value === undefined) return undefined;
  const bound = objectAt(value, field, ['id', 'type']);
  const type = bound['type'];
  if (type !== 'inclusive' && type !== 'exclusive') throw badRequest(`'${field}.type' must be 'inclusive' or 'exclusive'`);
  return { id: eventIdAt(bound['id'], `${field}.id`), type };
}

function fromLatestEventAt(
  value: JsonValue | undefined,
  field: string,
  allowedIfMissing: readonly FromLatestEvent['ifEventIsMissing'][],
): FromLatestEvent | undefined {
  if (value === undefined) return undefined;
  const latest = objectAt(value, field, ['subject', 'type', 'ifEventIsMissing']);
  const ifEventIsMissing = allowedIfMissing.find((option) => option === latest['ifEventIsMissing']);
  if (ifEventIsMissing === undefined) {
    throw badRequest(`'${field}.ifEventIsMissing' must be one of ${allowedIfMissing.join(', ')}`);
  }
  return {
    subject: subjectAt(latest['subject'], `${field}.subject`),
    type: eventTypeAt(latest['type'], `${field}.type`),
    ifEventIsMissing,
  };
}

function recursiveAt(options: JsonObject): boolean {
  const recursive = options['recursive'];
  if (typeof recursive !== 'boolean') throw badRequest("'options.recursive' must be a boolean");
  return recursive;
}

export function parseWriteEvents(body: JsonValue): { candidates: EventCandidate[]; preconditions: Precondition[] } {
  const request = objectAt(body, 'body', ['events', 'preconditions']);
  const events = request['events'];
  if (!Array.isArray(events) || events.length === 0) throw badRequest("'events' must be a non-empty array");
  const candidates = events.map((value, index): EventCandidate => {
    const field = `events[${index}]`;
    const event = objectAt(value, field, ['source', 'subject', 'type', 'data', 'traceparent', 'tracestate']);
    const source = optionalString(event['source'], `${field}.source`);
    if (source === undefined || /\s/u.test(source)) throw badRequest(`'${field}.source' must be a URI`);
    const data = event['data'];
    if (!isJsonObject(data)) throw badRequest(`'${field}.data' must be a JSON object`);
    const traceparent = optionalString(event['traceparent'], `${field}.traceparent`);
    const tracestate = optionalString(event['tracestate'], `${field}.tracestate`);
    if (tracestate !== undefined && traceparent === undefined) throw badRequest(`'${field}.tracestate' needs a traceparent`);
    return {
      source,
      subject: subjectAt(event['subject'], `${field}.subject`),
      type: eventTypeAt(event['type'], `${field}.type`),
      data,
      ...(traceparent === undefined ? {} : { traceparent }),
      ...(tracestate === undefined ? {} : { tracestate }),
    };
  });
  const rawPreconditions = request['preconditions'] ?? [];
  if (!Array.isArray(rawPreconditions)) throw badRequest("'preconditions' must be an array");
  const preconditions = rawPreconditions.map((value, index): Precondition => {
    const field = `preconditions[${index}]`;
    const precondition = objectAt(value, field, ['type', 'payload']);
    const type = precondition['type'];
    switch (type) {
      case 'isSubjectPristine':
      case 'isSubjectPopulated': {
        const payload = objectAt(precondition['payload'], `${field}.payload`, ['subject']);
        return { type, subject: subjectAt(payload['subject'], `${field}.payload.subject`) };
      }
      case 'isSubjectOnEventId': {
        const payload = objectAt(precondition['payload'], `${field}.payload`, ['subject', 'eventId']);
        return {
          type,
          subject: subjectAt(payload['subject'], `${field}.payload.subject`),
          eventId: eventIdAt(payload['eventId'], `${field}.payload.eventId`),
        };
      }
      case 'isEventQlQueryTrue': {
        const payload = objectAt(precondition['payload'], `${field}.payload`, ['query']);
        const query = optionalString(payload['query'], `${field}.payload.query`);
        if (query === undefined) throw badRequest(`'${field}.payload.query' is required`);
        return { type, query };
      }
      default:
        throw badRequest(`'${field}.type' is not a known precondition`);
    }
  });
  return { candidates, preconditions };
}

export function parseReadEvents(body: JsonValue): { subject: string; options: ReadOptions } {
  const request = objectAt(body, 'body', ['subject', 'options']);
  const options = objectAt(request['options'], 'options', ['recursive', 'order', 'lowerBound', 'upperBound', 'fromLatestEvent']);
  const order = options['order'] ?? 'chronological';
  if (order !== 'chronological' && order !== 'antichronological') {
    throw badRequest("'options.order' must be 'chronological' or 'antichronological'");
  }
  const lowerBound = boundAt(options['lowerBound'], 'options.lowerBound');
  const upperBound = boundAt(options['upperBound'], 'options.upperBound');
  const fromLatestEvent = fromLatestEventAt(options['fromLatestEvent'], 'options.fromLatestEvent', ['read-nothing', 'read-everything']);
  if (fromLatestEvent !== undefined && lowerBound !== undefined) {
    throw badRequest("'options.fromLatestEvent' and 'options.lowerBound' exclude each other");
  }
  return {
    subject: subjectAt(request['subject'], 'subject'),
    options: {
      recursive: recursiveAt(options),
      order,
      ...(lowerBound === undefined ? {} : { lowerBound }),
      ...(upperBound === undefined ? {} : { upperBound }),
      ...(fromLatestEvent === undefined ? {} : { fromLatestEvent }),
    },
  };
}

export function parseObserveEvents(body: JsonValue): { subject: string; options: ObserveOptions } {
  const request = objectAt(body, 'body', ['subject', 'options']);
  const options = objectAt(request['options'], 'options', ['recursive', 'lowerBound', 'fromLatestEvent']);
  const lowerBound = boundAt(options['lowerBound'], 'options.lowerBound');
  const fromLatestEvent = fromLatestEventAt(options['fromLatestEvent'], 'options.fromLatestEvent', ['wait-for-event', 'read-everything']);
  if (fromLatestEvent !== undefined && lowerBound !== undefined) {
    throw badRequest("'options.fromLatestEvent' and 'options.lowerBound' exclude each other");
  }
  return {
    subject: subjectAt(request['subject'], 'subject'),
    options: {
      recursive: recursiveAt(options),
      ...(lowerBound === undefined ? {} : { lowerBound }),
      ...(fromLatestEvent === undefined ? {} : { fromLatestEvent }),
    },
  };
}

export function parseReadSubjects(body: JsonValue): string {
  const request = objectAt(body, 'body', ['baseSubject']);
  return subjectAt(request['baseSubject'], 'baseSubject');
}

export function parseRegisterEventSchema(body: JsonValue): { eventType: string; schema: JsonObject } {
  const request = objectAt(body, 'body', ['eventType', 'schema']);
  const schema = request['schema'];
  if (!isJsonObject(schema)) throw badRequest("'schema' must be a JSON Schema object");
  return { eventType: eventTypeAt(request['eventType'], 'eventType'), schema };
}

export function parseReadEventType(body: JsonValue): string {
  const request = objectAt(body, 'body', ['eventType']);
  return eventTypeAt(request['eventType'], 'eventType');
}

export function parseRunEventQlQuery(body: JsonValue): string {
  const request = objectAt(body, 'body', ['query']);
  const query = optionalString(request['query'], 'query');
  if (query === undefined) throw badRequest("'query' is required");
  return query;
}
