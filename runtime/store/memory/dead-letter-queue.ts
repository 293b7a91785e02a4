import { decodeDeadLetter, encodeDeadLetter, encodeDeadLetterUpdate, type DeadLetterRecord } from '../../bus/dead-letter-codec.js';
import type { DeadLetter, DeadLetterQueue, DeadLetterUpdate, NewDeadLetter } from '../../bus/dead-letter-queue.js';
import { StoreError } from '../../errors/errors.js';

/**
 * Dead letters in process memory: the bus's default, so a failure is never dropped silently, but
 * lost on exit. Use the SQLite queue (or another durable one) in production.
 */
export class InMemoryDeadLetterQueue implements DeadLetterQueue {
  // A Map iterates in insertion order, which is the queue's oldest-first order; updates keep it.
  readonly #letters = new Map<string, DeadLetterRecord>();
  #closed = false;

  async add(letter: NewDeadLetter): Promise<DeadLetter> {
    this.#assertOpen();
    const record = encodeDeadLetter(letter);
    this.#letters.set(record.id, record);
    return decodeDeadLetter(record);
  }

  async list(options: { readonly handler?: string; readonly limit?: number } = {}): Promise<readonly DeadLetter[]> {
    this.#assertOpen();
    const { handler, limit = Number.POSITIVE_INFINITY } = options;
    const letters: DeadLetter[] = [];
    for (const record of this.#letters.values()) {
      if (letters.length >= limit) break;
      if (handler === undefined || record.handler === handler) letters.push(decodeDeadLetter(record));
    }
    return letters;
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    this.#assertOpen();
    const record = this.#letters.get(id);
    return record === undefined ? undefined : decodeDeadLetter(record);
  }

  async update(id: string, changes: DeadLetterUpdate): Promise<DeadLetter | undefined> {
    this.#assertOpen();
    const record = this.#letters.get(id);
    if (record === undefined) return undefined;
    const updated = encodeDeadLetterUpdate(record, changes);
    this.#letters.set(id, updated);
    return decodeDeadLetter(updated);
  }

  async remove(id: string): Promise<void> {
    this.#assertOpen();
    this.#letters.delete(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('The in-memory dead-letter queue is closed');
  }
}

export function createInMemoryDeadLetterQueue(): InMemoryDeadLetterQueue {
  return new InMemoryDeadLetterQueue();
}
