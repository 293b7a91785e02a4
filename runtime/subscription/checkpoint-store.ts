import { ValidationError } from '../errors/errors.js';

/**
 * Where a checkpointed subscription keeps the position of the last event it handled. Every adapter
 * passes test/subscription/checkpoint-store.contract.ts.
 */
export interface CheckpointStore {
  /** The stored position for this subscription name, or undefined before its first checkpoint. */
  load(subscription: string): Promise<number | undefined>;
  /** Stores the position (a non-negative integer; ValidationError otherwise), replacing the previous one. */
  save(subscription: string, position: number): Promise<void>;
  /** Forgets the subscription's checkpoint, so it starts from the beginning again (to rebuild a projection). */
  delete(subscription: string): Promise<void>;
  close(): Promise<void>;
}

/** The check every adapter applies in `save`. */
export function checkPosition(position: number): number {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new ValidationError('checkpoint', [{ path: ['position'], code: 'invalid_position', message: `must be a non-negative integer (got ${position})` }]);
  }
  return position;
}
