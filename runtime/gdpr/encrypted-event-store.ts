import { randomUUID } from 'node:crypto';
import type { EventEnvelope, NewEvent } from '../events/envelope.js';
import type { AppendOptions, AppendResult, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../store/event-store.js';
import { eventsOfPages } from '../store/pages.js';
import { PiiSchemaUnknownError } from './errors.js';
import { openKeySession, type KeySession } from './key-session.js';
import { eventPlace, storedEventPii, type EventPii, type LayerCore } from './layer-core.js';
import { openRecord, sealRecord } from './record-crypto.js';
import type { StreamPii } from './registry.js';
import { resolveSubject } from './subjects.js';

/**
 * An EventStore around any adapter that keeps pii encrypted at rest: `append` encrypts every pii
 * value under its subject's key before the adapter sees it (subjects named by state fields come from
 * `metadata.piiSubjects`); every read decrypts, or yields the erased value once the key is destroyed.
 * The adapter's contract is unchanged: it stores strings where pii was.
 *
 * An event with pii gets its id here when the writer gave none, because the ciphertexts are bound to it.
 */
export class EncryptedEventStore implements EventStore {
  readonly #inner: EventStore;
  readonly #core: LayerCore;

  constructor(inner: EventStore, core: LayerCore) {
    this.#inner = inner;
    this.#core = core;
  }

  /** The adapter underneath, holding ciphertext. */
  get inner(): EventStore {
    return this.#inner;
  }

  /** Whether `core` is the layer this store encrypts for. */
  belongsTo(core: LayerCore): boolean {
    return this.#core === core;
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const session = openKeySession(this.#core.keys);
    const stream = this.#core.registry.stream(streamId);
    const sealed: NewEvent[] = [];
    for (const event of events) sealed.push(await this.#seal(streamId, stream, event, session));
    const result = await this.#inner.append(streamId, sealed, options);
    const opened: EventEnvelope[] = [];
    for (const envelope of result.events) opened.push(await this.#open(envelope, session));
    return { ...result, events: opened };
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<EventEnvelope> {
    return eventsOfPages(this.readStreamPages(streamId, options));
  }

  async *readStreamPages(streamId: string, options?: ReadStreamOptions): AsyncIterable<readonly EventEnvelope[]> {
    const session = openKeySession(this.#core.keys);
    for await (const page of this.#inner.readStreamPages(streamId, options)) yield await this.#openPage(page, session);
  }

  streamVersion(streamId: string): Promise<number> {
    return this.#inner.streamVersion(streamId);
  }

  headPosition(): Promise<number> {
    return this.#inner.headPosition();
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    const session = openKeySession(this.#core.keys);
    for await (const envelope of this.#inner.readAll(options)) yield await this.#open(envelope, session);
  }

  async *subscribe(options?: SubscribeOptions): AsyncIterable<EventEnvelope> {
    // A subscription lives on: keys are looked up per event, so a forget takes effect at once.
    for await (const envelope of this.#inner.subscribe(options)) yield await this.#open(envelope, openKeySession(this.#core.keys));
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #seal(streamId: string, stream: StreamPii | undefined, event: NewEvent, session: KeySession): Promise<NewEvent> {
    const plain = event;
    if (stream === undefined) return plain;
    const schemaVersion = plain.schemaVersion ?? 1;
    const paths = stream.category.eventPii(plain.type, schemaVersion);
    if (paths === 'unknown-version') throw new PiiSchemaUnknownError(streamId, plain.type, schemaVersion);
    if (paths === undefined || paths.length === 0) return plain;
    const id = plain.id ?? randomUUID();
    const place = eventPlace({ streamId, id, type: plain.type, schemaVersion });
    const data = await sealRecord(plain.data, paths, place, session, (slot) =>
      resolveSubject(slot.pii.subject, { aggregateId: stream.aggregateId, record: plain.data, state: plain.metadata?.piiSubjects }),
    );
    return { ...plain, id, data };
  }

  /**
   * A page of one stream, opened: the page itself when none of its events holds pii (no copy, no
   * wait); otherwise a new page where only the events with pii are replaced.
   */
  async #openPage(page: readonly EventEnvelope[], session: KeySession): Promise<readonly EventEnvelope[]> {
    let opened: EventEnvelope[] | undefined;
    let stream: { readonly id: string; readonly pii: StreamPii | undefined } | undefined;
    for (let index = 0; index < page.length; index++) {
      const envelope = page[index] as EventEnvelope;
      // A page holds one stream: its pii is looked up once.
      if (stream?.id !== envelope.streamId) stream = { id: envelope.streamId, pii: this.#core.registry.stream(envelope.streamId) };
      const paths = stream.pii?.category.eventPii(envelope.type, envelope.schemaVersion);
      if (stream.pii === undefined || paths === undefined || paths === 'unknown-version' || paths.length === 0) continue;
      opened ??= page.slice();
      opened[index] = await this.#openWith(envelope, { stream: stream.pii, paths }, session);
    }
    return opened ?? page;
  }

  async #open(envelope: EventEnvelope, session: KeySession): Promise<EventEnvelope> {
    const pii = storedEventPii(this.#core.registry, envelope);
    if (pii === undefined) return envelope;
    return this.#openWith(envelope, pii, session);
  }

  async #openWith(envelope: EventEnvelope, pii: EventPii, session: KeySession): Promise<EventEnvelope> {
    const opened = await openRecord(envelope.data, pii.paths, eventPlace(envelope), session);
    if (opened.data === envelope.data) return envelope;
    // An event stored without `piiSubjects` (written before they were recorded) gets them from its
    // ciphertexts' keys, so that every envelope handed out says whose its values are (dead letters).
    const { metadata } = envelope;
    const known = metadata.piiSubjects === undefined && Object.keys(opened.stateSubjects).length > 0 ? { ...metadata, piiSubjects: opened.stateSubjects } : metadata;
    return { ...envelope, data: opened.data, metadata: known };
  }
}
