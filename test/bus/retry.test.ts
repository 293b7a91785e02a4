import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryPolicy, runWithRetry } from '../../runtime/bus/retry.js';
import { systemTiming } from '../../runtime/bus/timing.js';
import { ConfigurationError } from '../../runtime/errors/errors.js';
import { flaky, instantTiming } from './helpers.js';

describe('backoffDelay', () => {
  const policy = retryPolicy({ baseDelayMs: 100, factor: 2, maxDelayMs: 1_000, jitter: 0 });

  it('grows exponentially from the base delay and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(policy, retry, () => 0.99))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('takes away up to `jitter` of the delay, scaled by the random draw', () => {
    const jittered = retryPolicy({ ...policy, jitter: 0.5 });
    expect(backoffDelay(jittered, 2, () => 0)).toBe(200);
    expect(backoffDelay(jittered, 2, () => 0.5)).toBe(150);
    expect(backoffDelay(jittered, 2, () => 0.999_999)).toBeCloseTo(100, 3);
    expect(backoffDelay(retryPolicy({ ...policy, jitter: 1 }), 3, () => 0.25)).toBe(300);
  });
});

describe('retryPolicy', () => {
  it('fills the defaults and lets options override them one by one', () => {
    const base = retryPolicy({ maxAttempts: 7, baseDelayMs: 10 });
    const policy = retryPolicy({ baseDelayMs: 20 }, base);
    expect(policy).toMatchObject({ maxAttempts: 7, baseDelayMs: 20, factor: DEFAULT_RETRY_POLICY.factor, maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs });
  });

  it.each([{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { baseDelayMs: -1 }, { factor: 0.5 }, { maxDelayMs: Number.NaN }, { jitter: 2 }])(
    'rejects %o with a ConfigurationError',
    (options) => {
      expect(() => retryPolicy(options)).toThrow(ConfigurationError);
    },
  );
});

describe('runWithRetry', () => {
  it('retries until the task succeeds, sleeping the backoff between attempts', async () => {
    const timing = instantTiming(0.5);
    const task = flaky(2);
    const retries: number[] = [];
    const outcome = await runWithRetry(task.run, {
      policy: retryPolicy({ maxAttempts: 5, baseDelayMs: 100, factor: 3, jitter: 0.5 }),
      timing,
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    expect(outcome).toEqual({ status: 'succeeded', attempts: 3 });
    expect(task.calls()).toBe(3);
    expect(timing.sleeps).toEqual([75, 225]);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const timing = instantTiming(0);
    let calls = 0;
    const outcome = await runWithRetry(
      () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      },
      { policy: retryPolicy({ maxAttempts: 3, baseDelayMs: 5 }), timing },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.attempts).toBe(3);
    expect(outcome.status === 'failed' && outcome.error instanceof Error ? outcome.error.message : undefined).toBe('failure 3');
    expect(timing.sleeps).toEqual([5, 10]);
  });

  it('does not retry an error the predicate rejects, nor when the predicate itself throws', async () => {
    const timing = instantTiming();
    const fatal = await runWithRetry(
      () => {
        throw new TypeError('bug');
      },
      { policy: retryPolicy({ maxAttempts: 5, retryable: (error) => !(error instanceof TypeError) }), timing },
    );
    expect(fatal).toMatchObject({ status: 'failed', attempts: 1 });
    const broken = await runWithRetry(
      () => {
        throw new Error('x');
      },
      {
        policy: retryPolicy({
          maxAttempts: 5,
          retryable: () => {
            throw new Error('predicate bug');
          },
        }),
        timing,
      },
    );
    expect(broken).toMatchObject({ status: 'failed', attempts: 1 });
    expect(timing.sleeps).toEqual([]);
  });

  it('reports an abort during the backoff without another attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    const outcome = await runWithRetry(
      () => {
        calls += 1;
        throw new Error('down');
      },
      {
        policy: retryPolicy({ maxAttempts: 5 }),
        signal: controller.signal,
        timing: {
          random: () => 0,
          sleep: async (_ms, signal) => {
            controller.abort();
            if (signal?.aborted === true) throw signal.reason;
          },
        },
      },
    );
    expect(outcome).toMatchObject({ status: 'aborted', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('waits for real with the default timing (a 1 ms backoff)', async () => {
    const task = flaky(1);
    const outcome = await runWithRetry(task.run, { policy: retryPolicy({ maxAttempts: 2, baseDelayMs: 1 }), timing: systemTiming });
    expect(outcome).toEqual({ status: 'succeeded', attempts: 2 });
  });
});
