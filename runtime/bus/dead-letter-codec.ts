import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../events/envelope.js';
import { toJsonTextOrThrow } from '../store/json-text.js';
import type { DeadLetter, DeadLetterUpdate, NewDeadLetter, RecordedError } from './dead-letter-queue.js';

/**
 * A dead letter as every adapter keeps it: scalars plus the event and error as JSON text. The
 * in-memory queue stores the same records as SQLite, so both give back equal, unshared values.
 */
export interface DeadLetterRecord {
  readonly id: string;
  readonly handler: string;
  readonly event: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
}

export function encodeDeadLetter(letter: NewDeadLetter): DeadLetterRecord {
  return {
    id: randomUUID(),
    handler: letter.handler,
    event: toJsonTextOrThrow('dead letter', letter.event, ['event']),
    error: toJsonTextOrThrow('dead letter', letter.error, ['error']),
    attempts: letter.attempts,
    failedAt: letter.failedAt,
  };
}

export function encodeDeadLetterUpdate(record: DeadLetterRecord, changes: DeadLetterUpdate): DeadLetterRecord {
  return { ...record, error: toJsonTextOrThrow('dead letter', changes.error, ['error']), attempts: changes.attempts, failedAt: changes.failedAt };
}

export function decodeDeadLetter(record: DeadLetterRecord): DeadLetter {
  return {
    id: record.id,
    handler: record.handler,
    event: JSON.parse(record.event) as EventEnvelope,
    error: JSON.parse(record.error) as RecordedError,
    attempts: record.attempts,
    failedAt: record.failedAt,
  };
}
