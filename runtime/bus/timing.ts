import { setTimeout as wait } from 'node:timers/promises';

/**
 * The clock, timer and randomness that retries use. Injected so tests of backoff are instant and
 * deterministic: pass a `sleep` that records the delay and resolves at once, and a fixed `random`.
 */
export interface Timing {
  /** Waits `ms` milliseconds; rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1), used for jitter. */
  readonly random: () => number;
  /** Stamps dead letters. */
  readonly now: () => Date;
}

export const systemTiming: Timing = {
  sleep: (ms, signal) => wait(ms, undefined, signal === undefined ? {} : { signal }),
  random: Math.random,
  now: () => new Date(),
};

/** Fills what the caller did not inject with the system's clock, timer and randomness. */
export function resolveTiming(options: Partial<Timing>): Timing {
  return {
    sleep: options.sleep ?? systemTiming.sleep,
    random: options.random ?? systemTiming.random,
    now: options.now ?? systemTiming.now,
  };
}
