import { ConcurrencyError } from '../errors/errors.js';
import type { NewEvent } from '../events/envelope.js';
import type { ExpectedVersion } from './event-store.js';

/** Whether a stream at `actual` (0 = no events) meets the writer's expectation. */
export function meetsExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

/** Raises ConcurrencyError(streamId, expected, actual) unless the expectation holds. */
export function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  if (!meetsExpectedVersion(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
}

/** The idempotency key of a batch: its first event's (see EventStore.append). */
export function idempotencyKeyOf(events: readonly NewEvent[]): string | undefined {
  return events[0]?.idempotencyKey;
}
