import type { DeadLetter, DeadLetterQueue, DeadLetterUpdate, NewDeadLetter } from '../bus/dead-letter-queue.js';
import { openKeySession, type KeySession } from './key-session.js';
import { deadLetterPlace, storedEventPii, type LayerCore } from './layer-core.js';
import { openRecord, sealRecord } from './record-crypto.js';
import { resolveSubject } from './subjects.js';

/**
 * A DeadLetterQueue around any adapter that keeps the pii of the dead events encrypted at rest,
 * bound to the letter's handler and event. The recorded error is stored as is: an error message
 * that quotes personal data is not protected (see docs/gdpr.md).
 */
export class EncryptedDeadLetterQueue implements DeadLetterQueue {
  readonly #inner: DeadLetterQueue;
  readonly #core: LayerCore;

  constructor(inner: DeadLetterQueue, core: LayerCore) {
    this.#inner = inner;
    this.#core = core;
  }

  /** The adapter underneath, holding ciphertext. */
  get inner(): DeadLetterQueue {
    return this.#inner;
  }

  belongsTo(core: LayerCore): boolean {
    return this.#core === core;
  }

  async add(letter: NewDeadLetter): Promise<DeadLetter> {
    const session = openKeySession(this.#core.keys);
    const { event } = letter;
    const pii = storedEventPii(this.#core.registry, event);
    if (pii === undefined) return this.#open(await this.#inner.add(letter), session);
    // The event says whose its values are: its stream, its own fields, and metadata.piiSubjects for state-field subjects.
    const data = await sealRecord(event.data, pii.paths, deadLetterPlace(letter), session, (slot) =>
      resolveSubject(slot.pii.subject, { aggregateId: pii.stream.aggregateId, record: event.data, state: event.metadata.piiSubjects }),
    );
    return this.#open(await this.#inner.add({ ...letter, event: { ...event, data } }), session);
  }

  async list(options?: { readonly handler?: string; readonly limit?: number }): Promise<readonly DeadLetter[]> {
    const session = openKeySession(this.#core.keys);
    const letters = await this.#inner.list(options);
    const opened: DeadLetter[] = [];
    for (const letter of letters) opened.push(await this.#open(letter, session));
    return opened;
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const letter = await this.#inner.get(id);
    return letter === undefined ? undefined : this.#open(letter, openKeySession(this.#core.keys));
  }

  async update(id: string, changes: DeadLetterUpdate): Promise<DeadLetter | undefined> {
    const letter = await this.#inner.update(id, changes);
    return letter === undefined ? undefined : this.#open(letter, openKeySession(this.#core.keys));
  }

  remove(id: string): Promise<void> {
    return this.#inner.remove(id);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #open(letter: DeadLetter, session: KeySession): Promise<DeadLetter> {
    const pii = storedEventPii(this.#core.registry, letter.event);
    if (pii === undefined) return letter;
    const opened = await openRecord(letter.event.data, pii.paths, deadLetterPlace(letter), session);
    return opened.data === letter.event.data ? letter : { ...letter, event: { ...letter.event, data: opened.data } };
  }
}
