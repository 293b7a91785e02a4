import { setTimeout as sleep } from 'node:timers/promises';
import { z, type ZodType } from 'zod';
import type { AggregateDefinition, PiiPath } from '../../aggregate/definition.js';
import { ConcurrencyError, ConfigurationError, StoreError, ValidationError, type ValidationIssue } from '../../errors/errors.js';
import { DEFAULT_SOURCE, type EventEnvelope, type NewEvent } from '../../events/envelope.js';
import { encodeEvents, type EncodedEvent } from '../event-codec.js';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.js';
import { idempotencyKeyOf, meetsExpectedVersion } from '../expected-version.js';
import { logBounds, streamBounds } from '../read-bounds.js';
import { fromWireEvent, eventIdOfPosition, parseWireEvent, toWireCandidate, type WireEvent } from './envelope-transport.js';
import { EventSourcingDbHttpError } from './errors.js';
import { envelopeSchema, jsonSchemaFromZod, registerSchema, type JsonSchema } from './event-schemas.js';
import { createEventTypeMapping, sourceToEventSourcingDb, type EventTypeMapping } from './event-type-mapping.js';
import { createEventSourcingDbClient, type EventSourcingDbClient } from './http-client.js';
import { idempotencyCandidate, idempotencySubject, readIdempotencyRecord } from './idempotency.js';
import { observeLog, type ReconnectOptions } from './observe-log.js';
import { StreamHeads, type StreamHead } from './stream-heads.js';
import { streamIdToSubject } from './subject-mapping.js';

export interface EventSourcingDbEventStoreOptions {
  /** Base URL of the server, e.g. `http://localhost:3000` (without `/api/v1`). */
  readonly url: string;
  /** Sent as a bearer token; never logged, never part of an error. */
  readonly apiToken: string;
  /** First words of every event type. Default `io.orchestrix`. */
  readonly eventTypePrefix?: string;
  /** A subscription reconnects after this long without a line (heartbeats included). Default 30 000 ms. */
  readonly heartbeatTimeoutMs?: number;
  /** Wait for response headers, and for each line of a read. Default 30 000 ms. */
  readonly requestTimeoutMs?: number;
  readonly reconnect?: ReconnectOptions;
}

export interface RegisterEventSchemaOptions {
  /** The events' envelope `source`. Default DEFAULT_SOURCE (`orchestrix`); generated code uses `orchestrix:<domain>`. */
  readonly source?: string;
  /** Default 1. */
  readonly schemaVersion?: number;
  /** Paths that hold encrypted personal data: any value is accepted there. */
  readonly pii?: readonly PiiPath[];
}

/**
 * readStream from a version above this looks for the shorter way in (walking back from the end, see
 * #locate); below it, reading from the start and skipping costs less than the two extra requests.
 */
const LOCATE_AFTER_VERSION = 256;

/** Appends under 'any' or 'stream_exists' retry on a race this many times before giving up. */
const MAX_APPEND_ATTEMPTS = 25;

/**
 * An EventStore on EventSourcingDB's HTTP API v1 (see docs/runtime.md, "EventSourcingDB").
 *
 * Every append is pinned to the stream's exact last event (`isSubjectOnEventId`, or
 * `isSubjectPristine` for a new stream), whatever the expected version, so the versions this adapter
 * writes into each event are always the stream's true event count, and a race with another writer
 * surfaces as a 409 instead of a wrong version. The expected version is checked against the last
 * event's version; a 409 means the stream moved: the adapter reads it again and either retries
 * (`'any'`, `'stream_exists'`) or raises ConcurrencyError with the stream's real version.
 */
export class EventSourcingDbEventStore implements EventStore {
  readonly #client: EventSourcingDbClient;
  readonly #types: EventTypeMapping;
  readonly #closing = new AbortController();
  readonly #heartbeatTimeoutMs: number;
  readonly #reconnect: Required<ReconnectOptions>;
  readonly #heads = new StreamHeads();

  constructor(options: EventSourcingDbEventStoreOptions) {
    this.#types = createEventTypeMapping(options.eventTypePrefix);
    this.#client = createEventSourcingDbClient({
      url: options.url,
      apiToken: options.apiToken,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      closed: this.#closing.signal,
    });
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 30_000;
    this.#reconnect = { initialDelayMs: options.reconnect?.initialDelayMs ?? 100, maxDelayMs: options.reconnect?.maxDelayMs ?? 5_000 };
  }

  /** Checks that the server answers as EventSourcingDB and accepts the token. */
  async verify(): Promise<void> {
    this.#assertOpen();
    await this.#client.getJson('ping');
    await this.#client.postJson('verify-api-token', undefined);
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#assertOpen();
    const expected = options.expectedVersion ?? 'any';
    const encoded = encodeEvents(streamId, events);
    checkSources(streamId, encoded);
    const subject = streamIdToSubject(streamId);
    const key = idempotencyKeyOf(events);
    for (let attempt = 1; ; attempt += 1) {
      // First try without reading when the head is already known (or must be absent): the
      // precondition checks it anyway, and a 409 sends us to the read below.
      const assumed = attempt === 1 && encoded.length > 0 ? this.#assumedHead(streamId, expected) : 'unknown';
      const head = assumed === 'unknown' ? await this.#head(streamId, subject) : assumed;
      const actual = head?.version ?? 0;
      if (!meetsExpectedVersion(expected, actual) || attempt > MAX_APPEND_ATTEMPTS) {
        const replayed = key === undefined ? undefined : await this.#replay(streamId, subject, key);
        if (replayed !== undefined) return replayed;
        throw new ConcurrencyError(streamId, expected, actual);
      }
      if (encoded.length === 0) return { streamId, nextExpectedVersion: actual, events: [] };
      const written = await this.#write(streamId, subject, events, encoded, head, key);
      if (written !== undefined) return written;
      if (key !== undefined) {
        const replayed = await this.#replay(streamId, subject, key);
        if (replayed !== undefined) return replayed;
      }
      // Contention: back off a little (with jitter) before reading the stream again.
      if (attempt > 2) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
    }
  }

  /** A head that meets `expected` without a read, or 'unknown'. */
  #assumedHead(streamId: string, expected: ExpectedVersion): StreamHead | undefined | 'unknown' {
    if (expected === 'no_stream' || expected === 0) return undefined;
    const known = this.#heads.get(streamId);
    if (known === undefined) return 'unknown';
    return expected === 'any' || expected === 'stream_exists' || expected === known.version ? known : 'unknown';
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    const { fromVersion, toVersion, limit } = streamBounds(options);
    if (limit === 0 || fromVersion > toVersion) return;
    const subject = streamIdToSubject(streamId);
    const start = fromVersion > LOCATE_AFTER_VERSION ? await this.#locate(streamId, subject, fromVersion) : { eventId: undefined, version: 1 };
    if (start === undefined) return;
    let expectedVersion = start.version;
    let count = 0;
    const lowerBound = start.eventId === undefined ? undefined : { id: start.eventId, type: 'inclusive' };
    let seen: StreamHead | undefined;
    try {
      for await (const event of this.#readEvents(subject, { recursive: false, ...(lowerBound === undefined ? {} : { lowerBound }) })) {
        const envelope = this.#ownEvent(streamId, event);
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
      if (seen !== undefined) this.#heads.remember(streamId, seen);
    }
  }

  async streamVersion(streamId: string): Promise<number> {
    this.#assertOpen();
    return (await this.#head(streamId, streamIdToSubject(streamId)))?.version ?? 0;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    const { after, limit } = logBounds(options);
    if (limit === 0) return;
    const lowerBound = after >= 1 ? { id: eventIdOfPosition(after), type: 'exclusive' } : undefined;
    let count = 0;
    for await (const event of this.#readEvents('/', { recursive: true, ...(lowerBound === undefined ? {} : { lowerBound }) })) {
      const envelope = fromWireEvent(event, this.#types);
      if (envelope === undefined) continue;
      yield envelope;
      count += 1;
      if (count >= limit) return;
    }
  }

  subscribe(options?: SubscribeOptions): AsyncIterable<EventEnvelope> {
    this.#assertOpen();
    return observeLog(
      {
        client: this.#client,
        decode: (event) => fromWireEvent(event, this.#types),
        heartbeatTimeoutMs: this.#heartbeatTimeoutMs,
        reconnect: this.#reconnect,
        closed: this.#closing.signal,
      },
      options,
    );
  }

  /**
   * Registers the JSON Schema of one event type and version in EventSourcingDB, which then refuses
   * (400 -> ValidationError) any event of that type whose data does not match. The schema describes
   * the event's own `data`; the adapter wraps it around its transport envelope. Idempotent.
   */
  async registerEventSchema(eventType: string, jsonSchema: JsonSchema, options: RegisterEventSchemaOptions = {}): Promise<void> {
    this.#assertOpen();
    const type = this.#types.toEventSourcingDb(options.source ?? DEFAULT_SOURCE, eventType, options.schemaVersion ?? 1);
    await registerSchema(this.#client, type, envelopeSchema(jsonSchema));
  }

  /** registerEventSchema with the JSON Schema derived from a Zod schema (zod v4 `z.toJSONSchema`). */
  async registerEventZodSchema(eventType: string, schema: ZodType, options: RegisterEventSchemaOptions = {}): Promise<void> {
    await this.registerEventSchema(eventType, jsonSchemaFromZod(schema, options.pii), options);
  }

  /** Registers the current version of every event of an aggregate, with source `orchestrix:<domain>`. */
  async registerAggregateSchemas(definition: Pick<AggregateDefinition, 'domain' | 'events'>): Promise<void> {
    for (const event of Object.values(definition.events)) {
      // The definition only promises safeParse; JSON Schema derivation needs the zod schema itself.
      if (!(event.schema instanceof z.ZodType)) {
        throw new ConfigurationError(`Event '${event.type}' has no zod schema; registerAggregateSchemas derives JSON Schema from zod`);
      }
      await this.registerEventZodSchema(event.type, event.schema, {
        source: `${DEFAULT_SOURCE}:${definition.domain}`,
        schemaVersion: event.schemaVersion,
        pii: event.pii[event.schemaVersion] ?? [],
      });
    }
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }

  /**
   * The stream's last event, read from the end (EventSourcingDB stops sending when we stop reading).
   * A remembered head bounds the read from below: the real head is that event or a later one, so
   * the answer stays a few lines long and its connection can be reused.
   */
  async #head(streamId: string, subject: string): Promise<StreamHead | undefined> {
    const hint = this.#heads.get(streamId);
    const options = { recursive: false, order: 'antichronological', ...(hint === undefined ? {} : { lowerBound: { id: hint.eventId, type: 'inclusive' } }) };
    for await (const event of this.#readEvents(subject, options)) {
      const head = { version: this.#ownEvent(streamId, event).version, eventId: event.id };
      this.#heads.remember(streamId, head);
      return head;
    }
    this.#heads.forget(streamId);
    // Only a store that lost events (a reset server) answers nothing from a remembered event on.
    return hint === undefined ? undefined : this.#head(streamId, subject);
  }

  /**
   * Where a read from `version` starts: the id of that event. Found by walking back from the end, but
   * only when the tail is the shorter part of the stream; otherwise a read from the start that skips
   * is cheaper (no id, version 1). Undefined when the stream has fewer events.
   */
  async #locate(streamId: string, subject: string, version: number): Promise<{ eventId: string | undefined; version: number } | undefined> {
    const head = await this.#head(streamId, subject);
    if (head === undefined || head.version < version) return undefined;
    if ((head.version - version + 1) * 2 > head.version) return { eventId: undefined, version: 1 };
    for await (const event of this.#readEvents(subject, { recursive: false, order: 'antichronological', upperBound: { id: head.eventId, type: 'inclusive' } })) {
      if (this.#ownEvent(streamId, event).version === version) return { eventId: event.id, version };
    }
    throw new StoreError(`Stream '${streamId}' is inconsistent: version ${version} was not found`);
  }

  async #write(
    streamId: string,
    subject: string,
    events: readonly NewEvent[],
    encoded: readonly EncodedEvent[],
    head: StreamHead | undefined,
    key: string | undefined,
  ): Promise<AppendResult | undefined> {
    const actual = head?.version ?? 0;
    const candidates = encoded.map((event, index) =>
      toWireCandidate(subject, { encoded: event, version: actual + index + 1, timeChosen: events[index]?.time !== undefined }, this.#types),
    );
    const preconditions: unknown[] = [
      head === undefined
        ? { type: 'isSubjectPristine', payload: { subject } }
        : { type: 'isSubjectOnEventId', payload: { subject, eventId: head.eventId } },
    ];
    if (key !== undefined) {
      candidates.push(idempotencyCandidate(streamId, key, encoded.length, this.#types));
      preconditions.push({ type: 'isSubjectPristine', payload: { subject: idempotencySubject(streamId, key) } });
    }
    let answer: unknown;
    try {
      answer = await this.#client.postJson('write-events', { events: candidates, preconditions });
    } catch (error) {
      if (error instanceof EventSourcingDbHttpError && error.status === 409) return undefined;
      if (error instanceof EventSourcingDbHttpError && error.status === 400) {
        const issue: ValidationIssue = { path: [], code: 'rejected_by_eventsourcingdb', message: error.serverMessage };
        throw new ValidationError(`event batch for stream '${streamId}'`, [issue]);
      }
      throw error;
    }
    if (!Array.isArray(answer) || answer.length !== candidates.length) {
      throw new StoreError(`EventSourcingDB write-events answered with ${Array.isArray(answer) ? answer.length : 'no'} events for ${candidates.length} written`);
    }
    const wire = answer.slice(0, encoded.length).map((payload: unknown) => parseWireEvent(payload, 'EventSourcingDB write-events'));
    const stored = wire.map((event) => this.#ownEvent(streamId, event));
    const last = wire.at(-1);
    if (last !== undefined) this.#heads.remember(streamId, { version: actual + wire.length, eventId: last.id });
    return { streamId, nextExpectedVersion: actual + stored.length, events: stored };
  }

  /** The result of the batch stored earlier under `key`, or undefined when there is none. */
  async #replay(streamId: string, subject: string, key: string): Promise<AppendResult | undefined> {
    let record: ReturnType<typeof readIdempotencyRecord>;
    for await (const event of this.#readEvents(idempotencySubject(streamId, key), { recursive: false })) {
      record = readIdempotencyRecord(event);
      break;
    }
    if (record === undefined) return undefined;
    const events: EventEnvelope[] = [];
    const bounds = {
      lowerBound: { id: String(record.eventId - record.count), type: 'inclusive' },
      upperBound: { id: String(record.eventId), type: 'exclusive' },
    };
    for await (const event of this.#readEvents(subject, { recursive: false, ...bounds })) events.push(this.#ownEvent(streamId, event));
    const last = events.at(-1);
    if (last === undefined || events.length !== record.count) {
      throw new StoreError(`Stream '${streamId}' is inconsistent: the batch of an idempotency key is missing events`);
    }
    return { streamId, nextExpectedVersion: last.version, events };
  }

  async *#readEvents(subject: string, options: Record<string, unknown>): AsyncGenerator<WireEvent, void, undefined> {
    for await (const line of this.#client.streamLines('read-events', { subject, options })) {
      if (line.type === 'event') yield parseWireEvent(line.payload, 'EventSourcingDB read-events');
      else if (line.type === 'error') {
        const payload = line.payload as { error?: unknown } | null;
        const message = typeof payload?.error === 'string' ? this.#client.redact(payload.error) : 'unknown error';
        throw new StoreError(`EventSourcingDB read-events reported an error: ${message}`);
      }
    }
  }

  /** An event of `streamId`'s subject, which must be one of ours: anything else breaks the version count. */
  #ownEvent(streamId: string, event: WireEvent): EventEnvelope {
    const envelope = fromWireEvent(event, this.#types);
    if (envelope === undefined || envelope.streamId !== streamId) {
      throw new StoreError(`Stream '${streamId}' holds event ${event.id} that was not written by Orchestrix; its versions cannot be trusted`);
    }
    return envelope;
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new StoreError('The EventSourcingDB event store is closed');
  }
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

export function createEventSourcingDbEventStore(options: EventSourcingDbEventStoreOptions): EventSourcingDbEventStore {
  return new EventSourcingDbEventStore(options);
}
