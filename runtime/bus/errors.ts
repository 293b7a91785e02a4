import { OrchestrixError } from '../errors/errors.js';
import type { NewDeadLetter } from './dead-letter-queue.js';

/** No dead letter has this id (it was redriven or removed meanwhile). */
export class DeadLetterNotFoundError extends OrchestrixError {
  readonly id: string;
  constructor(id: string) {
    super('DEAD_LETTER_NOT_FOUND', `No dead letter with id '${id}'; it may have been redriven or removed already`);
    this.id = id;
  }
}

/** A dead letter names a handler that is not subscribed here, so it cannot be redriven. */
export class HandlerNotFoundError extends OrchestrixError {
  readonly handler: string;
  constructor(handler: string) {
    super('HANDLER_NOT_FOUND', `No handler named '${handler}' is subscribed; subscribe it before redriving its dead letters`);
    this.handler = handler;
  }
}

/**
 * Dead letters could not be stored (the queue's backend failed). Raised by `drain()` so the loss
 * is never silent; the events themselves are still in the event store and can be replayed.
 */
export class DeadLetterWriteError extends OrchestrixError {
  readonly letters: readonly NewDeadLetter[];
  constructor(letters: readonly NewDeadLetter[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('DEAD_LETTER_WRITE_FAILED', `${letters.length} dead letter(s) could not be stored: ${reason}`, { cause });
    this.letters = letters;
  }
}
