import type { EventEnvelope } from '../events/envelope.js';

/** The error as data, so a dead letter survives serialization. */
export interface RecordedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** An event a handler failed to process after its last retry. */
export interface DeadLetter {
  readonly id: string;
  /** The subscription (handler) name that failed. */
  readonly handler: string;
  readonly event: EventEnvelope;
  readonly error: RecordedError;
  readonly attempts: number;
  /** RFC 3339 UTC. */
  readonly failedAt: string;
}

export type NewDeadLetter = Omit<DeadLetter, 'id'>;

/** What a failed redrive changes on a letter. */
export type DeadLetterUpdate = Pick<DeadLetter, 'error' | 'attempts' | 'failedAt'>;

/** Every adapter passes test/bus/dead-letter-queue.contract.ts. */
export interface DeadLetterQueue {
  add(letter: NewDeadLetter): Promise<DeadLetter>;
  /** Oldest first. */
  list(options?: { readonly handler?: string; readonly limit?: number }): Promise<readonly DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /** Records another failure of a letter (a failed redrive); keeps its id and place in the list. Undefined when there is no such letter. */
  update(id: string, changes: DeadLetterUpdate): Promise<DeadLetter | undefined>;
  /** Removing a letter that is not there is not an error. */
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}
