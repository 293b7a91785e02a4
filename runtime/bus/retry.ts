import { ConfigurationError } from '../errors/errors.js';
import type { Timing } from './timing.js';

/**
 * How a failing handler is retried: up to `maxAttempts` attempts in all, waiting an exponentially
 * growing, jittered delay between them. Errors the `retryable` predicate rejects are not retried.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included; 1 means no retry. */
  readonly maxAttempts: number;
  /** The delay before the second attempt, before jitter. */
  readonly baseDelayMs: number;
  /** Each further delay is the previous one times `factor`. */
  readonly factor: number;
  /** No delay exceeds this (before jitter). */
  readonly maxDelayMs: number;
  /**
   * The share of each delay that is random, in [0, 1]: the delay is drawn from
   * [delay × (1 − jitter), delay]. 0 gives exact delays; 1 is "full jitter". Spreads out the retries
   * of many handlers that failed at once (a database restart) so they do not hit it together.
   */
  readonly jitter: number;
  /** False for errors that retrying cannot fix (a bug, bad data): they are dead-lettered at once. */
  readonly retryable: (error: unknown) => boolean;
}

export type RetryPolicyOptions = Partial<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
  retryable: () => true,
};

/** `options` over `base` (a bus-wide default, say), checked: a bad value is a ConfigurationError. */
export function retryPolicy(options: RetryPolicyOptions = {}, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  const policy: RetryPolicy = { ...base, ...options };
  const problems = [
    Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1 ? undefined : `maxAttempts must be an integer >= 1 (got ${policy.maxAttempts})`,
    isNonNegative(policy.baseDelayMs) ? undefined : `baseDelayMs must be a number >= 0 (got ${policy.baseDelayMs})`,
    Number.isFinite(policy.factor) && policy.factor >= 1 ? undefined : `factor must be a number >= 1 (got ${policy.factor})`,
    isNonNegative(policy.maxDelayMs) ? undefined : `maxDelayMs must be a number >= 0 (got ${policy.maxDelayMs})`,
    Number.isFinite(policy.jitter) && policy.jitter >= 0 && policy.jitter <= 1 ? undefined : `jitter must be between 0 and 1 (got ${policy.jitter})`,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new ConfigurationError(`Invalid retry policy: ${problems.join('; ')}`);
  return policy;
}

function isNonNegative(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

/** The wait before retry number `retry` (1 = before the second attempt). `random` returns [0, 1). */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'factor' | 'maxDelayMs' | 'jitter'>, retry: number, random: () => number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1));
  return exponential * (1 - policy.jitter * random());
}

export type RetryOutcome =
  | { readonly status: 'succeeded'; readonly attempts: number }
  /** The last attempt failed, or the error was not retryable. */
  | { readonly status: 'failed'; readonly attempts: number; readonly error: unknown }
  /** `signal` aborted during a backoff; `error` is the last failure. */
  | { readonly status: 'aborted'; readonly attempts: number; readonly error: unknown };

export interface RetryRun {
  readonly policy: RetryPolicy;
  readonly timing: Pick<Timing, 'sleep' | 'random'>;
  /** Cancels the backoff waits (not a running attempt). */
  readonly signal?: AbortSignal;
  /** Called when an attempt failed and a retry is scheduled, before the wait. */
  readonly onRetry?: (retry: { readonly attempt: number; readonly delayMs: number; readonly error: unknown }) => void;
}

/** Runs `task` until it succeeds or the policy gives up. Never throws: the outcome says what happened. */
export async function runWithRetry(task: (attempt: number) => unknown, run: RetryRun): Promise<RetryOutcome> {
  const { policy, timing, signal } = run;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await task(attempt);
      return { status: 'succeeded', attempts: attempt };
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(policy, error)) return { status: 'failed', attempts: attempt, error };
      const delayMs = backoffDelay(policy, attempt, timing.random);
      run.onRetry?.({ attempt, delayMs, error });
      try {
        await timing.sleep(delayMs, signal);
      } catch {
        return { status: 'aborted', attempts: attempt, error };
      }
      if (signal?.aborted === true) return { status: 'aborted', attempts: attempt, error };
    }
  }
}

/** A predicate that throws is a bug in the predicate; treat the error as not retryable rather than loop. */
function isRetryable(policy: RetryPolicy, error: unknown): boolean {
  try {
    return policy.retryable(error);
  } catch {
    return false;
  }
}
