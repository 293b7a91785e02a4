import { isDeepStrictEqual } from 'node:util';
import { parseEventQl } from './eventql.js';
import { GENESIS_HASH, eventHash } from './hash.js';
import { compileSchema, UnsupportedSchemaError, type SchemaValidator } from './json-schema.js';
import {
  HttpProblem,
  badRequest,
  type EventCandidate,
  type EventTypeInfo,
  type JsonObject,
  type JsonValue,
  type Precondition,
  type ReadOptions,
  type StoredEvent,
} from './protocol.js';
import { normalizeSubject, subjectMatches, subjectWithAncestors } from './subjects.js';

/**
 * The test server's storage: one global, gap-free, hash-chained list of events, the schema registry
 * and the live observers. Every method runs synchronously, so a write (preconditions, validation,
 * append, notification) is atomic with respect to every other request.
 */

export interface ObserveOptions {
  readonly recursive: boolean;
  readonly lowerBound?: ReadOptions['lowerBound'];
  readonly fromLatestEvent?: ReadOptions['fromLatestEvent'];
}

export type Unobserve = () => void;

/** RFC 3339 with nanoseconds, never going backwards within one process. */
export function createNanosecondClock(): () => string {
  const wallAtStart = BigInt(Date.now()) * 1_000_000n;
  const monotonicAtStart = process.hrtime.bigint();
  let last = 0n;
  return () => {
    let now = wallAtStart + (process.hrtime.bigint() - monotonicAtStart);
    if (now <= last) now = last + 1n;
    last = now;
    const seconds = now / 1_000_000_000n;
    const fraction = (now % 1_000_000_000n).toString().padStart(9, '0');
    return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
  };
}

const inBounds = (id: number, options: Pick<ReadOptions, 'lowerBound' | 'upperBound'>): boolean => {
  const { lowerBound, upperBound } = options;
  if (lowerBound !== undefined && (lowerBound.type === 'inclusive' ? id < lowerBound.id : id <= lowerBound.id)) return false;
  if (upperBound !== undefined && (upperBound.type === 'inclusive' ? id > upperBound.id : id >= upperBound.id)) return false;
  return true;
};

export class EventLog {
  readonly #events: StoredEvent[] = [];
  readonly #schemas = new Map<string, { readonly schema: JsonObject; readonly validate: SchemaValidator }>();
  readonly #observers = new Set<(event: StoredEvent) => void>();
  readonly #clock = createNanosecondClock();

  /** Every stored event, in id order (the live array; callers must not mutate it). */
  get events(): readonly StoredEvent[] {
    return this.#events;
  }

  write(candidates: readonly EventCandidate[], preconditions: readonly Precondition[]): StoredEvent[] {
    for (const precondition of preconditions) this.#check(precondition);
    for (const [index, candidate] of candidates.entries()) {
      const registered = this.#schemas.get(candidate.type);
      const issues = registered?.validate(candidate.data) ?? [];
      if (issues.length > 0) {
        // As the real server: a registered schema is a conflict (409), with a body that says so.
        const detail = issues.map((issue) => `${issue.path || '/'} ${issue.message}`).join('; ');
        throw new HttpProblem(409, `schema conflict: event candidate ${index} of type '${candidate.type}': ${detail}`);
      }
    }
    const written = candidates.map((candidate) => this.#append(candidate));
    for (const event of written) for (const observer of [...this.#observers]) observer(event);
    return written;
  }

  read(subject: string, options: ReadOptions): StoredEvent[] {
    let lowerBound = options.lowerBound;
    if (options.fromLatestEvent !== undefined) {
      const latest = this.#latest(options.fromLatestEvent.subject, options.fromLatestEvent.type);
      if (latest === undefined && options.fromLatestEvent.ifEventIsMissing === 'read-nothing') return [];
      if (latest !== undefined) lowerBound = { id: Number(latest.id), type: 'inclusive' };
    }
    const bounds = { ...(lowerBound === undefined ? {} : { lowerBound }), ...(options.upperBound === undefined ? {} : { upperBound: options.upperBound }) };
    const selected = this.#events.filter(
      (event) => subjectMatches(event.subject, subject, options.recursive) && inBounds(Number(event.id), bounds),
    );
    return options.order === 'antichronological' ? selected.reverse() : selected;
  }

  /**
   * Replays the stored events that match, then calls `onEvent` for each new one as it commits.
   * Registration and replay happen in the same synchronous step, so nothing falls in between.
   */
  observe(subject: string, options: ObserveOptions, onEvent: (event: StoredEvent) => void): Unobserve {
    let lowerBound = options.lowerBound;
    let waiting = false;
    if (options.fromLatestEvent !== undefined) {
      const { subject: latestSubject, type, ifEventIsMissing } = options.fromLatestEvent;
      const latest = this.#latest(latestSubject, type);
      if (latest !== undefined) lowerBound = { id: Number(latest.id), type: 'inclusive' };
      else waiting = ifEventIsMissing === 'wait-for-event';
    }
    const deliver = (event: StoredEvent): void => {
      if (waiting) {
        const awaited = options.fromLatestEvent;
        if (awaited === undefined || event.subject !== normalizeSubject(awaited.subject) || event.type !== awaited.type) return;
        waiting = false;
      }
      const bounds = lowerBound === undefined ? {} : { lowerBound };
      if (subjectMatches(event.subject, subject, options.recursive) && inBounds(Number(event.id), bounds)) onEvent(event);
    };
    for (const event of this.#events) deliver(event);
    this.#observers.add(deliver);
    return () => {
      this.#observers.delete(deliver);
    };
  }

  /** The subjects at or below `base`, with their implicit parents, sorted. */
  subjects(base: string): string[] {
    const found = new Set<string>();
    for (const event of this.#events) {
      if (!subjectMatches(event.subject, base, true)) continue;
      for (const subject of subjectWithAncestors(event.subject)) {
        if (subjectMatches(subject, base, true)) found.add(subject);
      }
    }
    return [...found].sort();
  }

  registerSchema(eventType: string, schema: JsonObject): void {
    if (this.#schemas.has(eventType)) throw new HttpProblem(409, 'schema conflict: schema already exists');
    let validate: SchemaValidator;
    try {
      validate = compileSchema(schema);
    } catch (error) {
      if (error instanceof UnsupportedSchemaError) throw badRequest(`invalid schema: ${error.message}`);
      throw error;
    }
    for (const event of this.#events) {
      if (event.type !== eventType) continue;
      const [issue] = validate(event.data);
      if (issue !== undefined) throw new HttpProblem(409, `schema conflict: event with ID ${event.id}: ${issue.path || '/'} ${issue.message}`);
    }
    this.#schemas.set(eventType, { schema: structuredClone(schema), validate });
  }

  eventType(eventType: string): EventTypeInfo | undefined {
    return this.eventTypes().find((info) => info.eventType === eventType);
  }

  /** Types seen in events or registered by schema; a type known only by its schema is a phantom. */
  eventTypes(): EventTypeInfo[] {
    const names = new Set([...this.#events.map((event) => event.type), ...this.#schemas.keys()]);
    const written = new Set(this.#events.map((event) => event.type));
    return [...names].sort().map((eventType) => {
      const registered = this.#schemas.get(eventType);
      return {
        eventType,
        isPhantom: !written.has(eventType),
        ...(registered === undefined ? {} : { schema: structuredClone(registered.schema) }),
      };
    });
  }

  query(query: string): JsonValue[] {
    return parseEventQl(query)(this.#events);
  }

  #latest(subject: string, type: string): StoredEvent | undefined {
    const normalized = normalizeSubject(subject);
    return this.#events.findLast((event) => event.subject === normalized && event.type === type);
  }

  #lastOf(subject: string): StoredEvent | undefined {
    return this.#events.findLast((event) => event.subject === subject);
  }

  #check(precondition: Precondition): void {
    const failed = (reason: string): never => {
      throw new HttpProblem(409, `precondition ${precondition.type} failed: ${reason}`);
    };
    switch (precondition.type) {
      case 'isSubjectPristine':
        if (this.#lastOf(normalizeSubject(precondition.subject)) !== undefined) failed(`'${precondition.subject}' has events`);
        return;
      case 'isSubjectPopulated':
        if (this.#lastOf(normalizeSubject(precondition.subject)) === undefined) failed(`'${precondition.subject}' has no events`);
        return;
      case 'isSubjectOnEventId': {
        const last = this.#lastOf(normalizeSubject(precondition.subject));
        if (last === undefined || Number(last.id) !== precondition.eventId) {
          failed(`the last event of '${precondition.subject}' is not ${precondition.eventId}`);
        }
        return;
      }
      case 'isEventQlQueryTrue': {
        const rows = this.query(precondition.query);
        if (!isDeepStrictEqual(rows, [true])) failed('the query did not yield true');
        return;
      }
    }
  }

  #append(candidate: EventCandidate): StoredEvent {
    const previous = this.#events.at(-1);
    const unhashed = {
      specversion: '1.0' as const,
      id: String(this.#events.length),
      time: this.#clock(),
      source: candidate.source,
      subject: normalizeSubject(candidate.subject),
      type: candidate.type,
      datacontenttype: 'application/json' as const,
      data: structuredClone(candidate.data),
      predecessorhash: previous?.hash ?? GENESIS_HASH,
    };
    const event: StoredEvent = {
      specversion: unhashed.specversion,
      id: unhashed.id,
      time: unhashed.time,
      source: unhashed.source,
      subject: unhashed.subject,
      type: unhashed.type,
      datacontenttype: unhashed.datacontenttype,
      data: unhashed.data,
      hash: eventHash(unhashed),
      predecessorhash: unhashed.predecessorhash,
      ...(candidate.traceparent === undefined ? {} : { traceparent: candidate.traceparent }),
      ...(candidate.tracestate === undefined ? {} : { tracestate: candidate.tracestate }),
      signature: null,
    };
    this.#events.push(event);
    return event;
  }
}
