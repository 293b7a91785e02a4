import { OrchestrixError } from '../errors/errors.js';

/**
 * A checkpointed subscription stopped on a failure: its handler kept failing on an event (the
 * checkpoint stays before that event, so nothing is skipped), or its store, checkpoint store or
 * dead-letter queue failed. The original error is the `cause`.
 */
export class SubscriptionFailedError extends OrchestrixError {
  readonly subscription: string;
  /** The position of the event the handler failed on (the first of a failed batch); undefined for other failures. */
  readonly eventPosition: number | undefined;
  /** Attempts made at that event; 0 for other failures. */
  readonly attempts: number;
  constructor(subscription: string, cause: unknown, failedEvent?: { readonly position: number; readonly attempts: number }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const where = failedEvent === undefined ? '' : ` its handler failed on the event at position ${failedEvent.position} after ${failedEvent.attempts} attempt(s):`;
    super('SUBSCRIPTION_FAILED', `Subscription '${subscription}' stopped:${where} ${reason}`, { cause });
    this.subscription = subscription;
    this.eventPosition = failedEvent?.position;
    this.attempts = failedEvent?.attempts ?? 0;
  }
}

/** `waitFor` could not be satisfied: the subscription was stopped before it reached the position. */
export class SubscriptionStoppedError extends OrchestrixError {
  readonly subscription: string;
  readonly position: number | undefined;
  constructor(subscription: string, position: number | undefined) {
    super('SUBSCRIPTION_STOPPED', `Subscription '${subscription}' was stopped at position ${position ?? 'none'}`);
    this.subscription = subscription;
    this.position = position;
  }
}
