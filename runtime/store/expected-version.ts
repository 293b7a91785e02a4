import { ConcurrencyError, ValidationError } from '../errors/errors.js';
import { idProblem } from '../events/ids.js';
import type { AppendOptions, ExpectedVersion } from './event-store.js';

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

/**
 * The append's idempotency key (see EventStore.append), checked the same way for every store: a
 * key that is not a valid id (empty, too long, not a string...) is a ValidationError.
 */
export function idempotencyKeyOf(streamId: string, options: AppendOptions | undefined): string | undefined {
  const key = options?.idempotencyKey;
  const problem = idProblem(key);
  if (problem !== undefined) throw new ValidationError(`append to stream '${streamId}'`, [{ path: ['idempotencyKey'], code: 'invalid_value', message: problem }]);
  return key;
}
