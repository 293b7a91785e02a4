import { OrchestrixError } from '../errors/errors.js';

/**
 * A read model's projector or an automation's reactor stopped: its task kept failing on an event
 * after the last retry (the position stays before that event, so nothing is skipped), or reading
 * the log or storing its position failed. The original error is the `cause`. Fix the cause, then
 * restart the domain (or rebuild the read model).
 */
export class ProcessorFailedError extends OrchestrixError {
  readonly processor: string;
  /** The position of the event it failed on (the first of a failed page); undefined for other failures. */
  readonly eventPosition: number | undefined;
  readonly attempts: number;
  constructor(processor: string, cause: unknown, failedEvent?: { readonly position: number; readonly attempts: number }) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const where = failedEvent === undefined ? '' : ` on the event at position ${failedEvent.position} after ${failedEvent.attempts} attempt(s)`;
    super('PROCESSOR_FAILED', `${processor} stopped${where}: ${reason}`, { cause });
    this.processor = processor;
    this.eventPosition = failedEvent?.position;
    this.attempts = failedEvent?.attempts ?? 0;
  }
}

/** `catchUp` gave up waiting: a processor had not reached the position in time (another process holds its lease and is slow, or stopped). */
export class ProcessorTimeoutError extends OrchestrixError {
  readonly processor: string;
  readonly target: number;
  readonly position: number;
  constructor(processor: string, target: number, position: number) {
    super('PROCESSOR_TIMEOUT', `${processor} did not reach position ${target} in time (it is at ${position}); another process holds its lease`);
    this.processor = processor;
    this.target = target;
    this.position = position;
  }
}
