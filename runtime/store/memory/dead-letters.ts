import { decodeDeadLetter, encodeDeadLetter, encodeDeadLetterUpdate, type DeadLetterRecord } from '../../bus/dead-letter-codec.js';
import type { DeadLetter, DeadLetterQueue } from '../../bus/dead-letter-queue.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';

/**
 * Dead letters in process memory: the bus's default, so a failure is never dropped silently, but
 * lost on exit. Use a durable backend's queue in production.
 */
export function createInMemoryDeadLetterQueue(lifecycle: Lifecycle = createLifecycle('in-memory dead-letter queue')): DeadLetterQueue {
  // A Map iterates in insertion order, which is the queue's oldest-first order; updates keep it.
  const letters = new Map<string, DeadLetterRecord>();
  return {
    async add(letter) {
      lifecycle.assertOpen();
      const record = encodeDeadLetter(letter);
      letters.set(record.id, record);
      return decodeDeadLetter(record);
    },
    async list(options = {}) {
      lifecycle.assertOpen();
      const { handler, limit = Number.POSITIVE_INFINITY } = options;
      const found: DeadLetter[] = [];
      for (const record of letters.values()) {
        if (found.length >= limit) break;
        if (handler === undefined || record.handler === handler) found.push(decodeDeadLetter(record));
      }
      return found;
    },
    async get(id) {
      lifecycle.assertOpen();
      const record = letters.get(id);
      return record === undefined ? undefined : decodeDeadLetter(record);
    },
    async update(id, changes) {
      lifecycle.assertOpen();
      const record = letters.get(id);
      if (record === undefined) return undefined;
      const updated = encodeDeadLetterUpdate(record, changes);
      letters.set(id, updated);
      return decodeDeadLetter(updated);
    },
    async remove(id) {
      lifecycle.assertOpen();
      letters.delete(id);
    },
    close: lifecycle.close,
  };
}

export const openMemoryDeadLetters: ComponentOpener<MemoryConnection, 'deadLetters'> = async (_connection, lifecycle) => createInMemoryDeadLetterQueue(lifecycle);
