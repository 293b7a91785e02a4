import type { EventEnvelope } from '../../runtime/events/envelope.js';

/** An envelope as a store would have committed it, at global `position`. */
export function envelope<Type extends string>(type: Type, position: number, data: unknown = {}): EventEnvelope<Type> {
  return {
    id: `event-${position}`,
    type,
    source: 'orchestrix:test',
    subject: 'stream-1',
    time: '2025-01-01T00:00:00.000Z',
    data,
    streamId: 'stream-1',
    version: position,
    position,
    schemaVersion: 1,
    metadata: { correlationId: 'c-1' },
  };
}

/**
 * Instant, recorded time: `sleep` resolves at once and keeps every delay it was asked for, `random`
 * is fixed, `now` is a fixed instant. Backoff tests are then exact and take no real time.
 */
export function instantTiming(random = 0.5): {
  readonly sleeps: number[];
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => Date;
} {
  const sleeps: number[] = [];
  return {
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => random,
    now: () => new Date('2025-06-01T12:00:00.000Z'),
  };
}

/** A sleep that waits until the test releases it (or the signal aborts), to hold a retry mid-backoff. */
export function gatedSleep(): {
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Resolves when someone has started sleeping. */
  readonly sleeping: () => Promise<void>;
  readonly release: () => void;
  readonly waiting: () => number;
} {
  let waiting: (() => void)[] = [];
  let onSleep: (() => void)[] = [];
  return {
    sleep: (_ms, signal) =>
      new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        for (const notify of onSleep) notify();
        onSleep = [];
      }),
    sleeping: () => (waiting.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => onSleep.push(resolve))),
    release: () => {
      const ready = waiting;
      waiting = [];
      for (const resolve of ready) resolve();
    },
    waiting: () => waiting.length,
  };
}

/** Lets pending callbacks of the current turn (and the next few) run. */
export async function settle(turns = 3): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Fails the first `failures` calls, then succeeds. */
export function flaky(failures: number, error: () => Error = () => new Error('transient')): { readonly calls: () => number; readonly run: () => void } {
  let calls = 0;
  return {
    calls: () => calls,
    run: () => {
      calls += 1;
      if (calls <= failures) throw error();
    },
  };
}
