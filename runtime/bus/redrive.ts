import type { DeadLetter, DeadLetterQueue } from './dead-letter-queue.js';
import { recordError } from './recorded-error.js';
import { runWithRetry, type RetryPolicy } from './retry.js';
import type { Timing } from './timing.js';

export type RedriveResult =
  /** The handler succeeded; the letter is gone. */
  | { readonly status: 'delivered'; readonly attempts: number }
  /** The handler failed again; the letter stays, with the new error and the attempts added up. */
  | { readonly status: 'failed'; readonly letter: DeadLetter };

export interface RedriveSummary {
  /** Ids of the letters delivered (and removed). */
  readonly delivered: readonly string[];
  /** Letters that failed again, as they are stored now. */
  readonly failed: readonly DeadLetter[];
}

/** Only the first attempt by default: an operator redriving wants an answer now, not a backoff. */
export const REDRIVE_RETRY = { maxAttempts: 1 } as const;

export interface RedriveRun {
  readonly deadLetters: DeadLetterQueue;
  readonly deliver: (letter: DeadLetter) => unknown;
  readonly policy: RetryPolicy;
  readonly timing: Timing;
}

/** Delivers a dead letter again: on success it is removed, on failure its error and attempt count are updated. */
export async function redriveLetter(letter: DeadLetter, run: RedriveRun): Promise<RedriveResult> {
  const outcome = await runWithRetry(() => run.deliver(letter), { policy: run.policy, timing: run.timing });
  if (outcome.status === 'succeeded') {
    await run.deadLetters.remove(letter.id);
    return { status: 'delivered', attempts: outcome.attempts };
  }
  const changes = { error: recordError(outcome.error), attempts: letter.attempts + outcome.attempts, failedAt: run.timing.now().toISOString() };
  const updated = await run.deadLetters.update(letter.id, changes);
  return { status: 'failed', letter: updated ?? { ...letter, ...changes } };
}

/** Guards against redriving one letter twice at once (which would deliver it twice). */
export function singleFlight<T>(): (key: string, start: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, start) => {
    const existing = running.get(key);
    if (existing !== undefined) return existing;
    const work = start();
    running.set(key, work);
    const forget = (): void => {
      running.delete(key);
    };
    work.then(forget, forget);
    return work;
  };
}
