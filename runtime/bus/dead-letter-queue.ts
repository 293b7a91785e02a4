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

/** Every adapter passes test/bus/dead-letter-queue.contract.ts. */
export interface DeadLetterQueue {
  add(letter: NewDeadLetter): Promise<DeadLetter>;
  /** Oldest first. */
  list(options?: { readonly handler?: string; readonly limit?: number }): Promise<readonly DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  remove(id: string): Promise<void>;
  close(): Promise<void>;
}
