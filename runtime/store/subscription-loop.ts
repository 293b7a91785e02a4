import type { EventEnvelope } from '../events/envelope.js';
import type { ReadAllOptions, SubscribeOptions } from './event-store.js';

/**
 * How `EventStore.subscribe` is built, the same way in every adapter: read the global log after the
 * last delivered position until it is exhausted, then sleep until a change signal says the log may
 * have grown, and read again. Adapters differ only in the signal: the in-memory store notifies on
 * append; SQLite notifies on its own appends and polls for other connections' commits; PostgreSQL
 * can notify from LISTEN/NOTIFY with a slow poll behind it.
 *
 * Correctness rests on `readAll` alone: it must never show position p + k to a reader before p is
 * visible (true for a single-writer log such as SQLite or the in-memory store; PostgreSQL must read
 * below its in-flight transactions). A signal only decides when to look again, so a spurious or
 * late wake-up costs a cheap read, never an event.
 */

/** A change counter that readers can wait on. */
export interface ChangeSignal {
  /** Grows whenever the log may have grown. */
  current(): number;
  /** Resolves once `current()` is past `seen`, or when `signal` aborts. */
  waitPast(seen: number, signal: AbortSignal): Promise<void>;
}

export interface ChangeNotifier extends ChangeSignal {
  /** Says the log may have grown; wakes every waiter. */
  notify(): void;
  /** Stops polling and wakes every waiter; later waits resolve at once. */
  close(): void;
}

/** Looks for changes made elsewhere (another connection or process) while someone is waiting. */
export interface ChangePolling {
  readonly intervalMs: number;
  /** Returns a value that changes whenever the log grew (e.g. its highest position). */
  probe(): unknown;
}

interface Waiter {
  readonly seen: number;
  readonly resolve: () => void;
}

/**
 * A ChangeNotifier. With `polling`, a timer runs only while someone waits: it calls `probe()`
 * every `intervalMs` and notifies when the value differs from the last one. A probe that throws
 * also notifies, so the reader's next read surfaces the real error instead of a silent stall.
 */
export function createChangeNotifier(polling?: ChangePolling): ChangeNotifier {
  let generation = 0;
  let closed = false;
  let lastProbe: unknown;
  let timer: NodeJS.Timeout | undefined;
  const waiters = new Set<Waiter>();

  const wake = (): void => {
    for (const waiter of waiters) if (waiter.seen < generation) waiter.resolve();
  };
  const notify = (): void => {
    generation += 1;
    wake();
  };
  const poll = async (): Promise<void> => {
    timer = undefined;
    if (polling === undefined || closed || waiters.size === 0) return;
    try {
      const value = await polling.probe();
      if (!Object.is(value, lastProbe)) {
        lastProbe = value;
        notify();
      }
    } catch {
      notify();
    }
    schedule();
  };
  const schedule = (): void => {
    if (polling !== undefined && !closed && timer === undefined && waiters.size > 0) {
      timer = setTimeout(() => void poll(), polling.intervalMs);
    }
  };

  return {
    current: () => generation,
    notify,
    waitPast(seen, signal) {
      if (closed || signal.aborted || generation > seen) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiter: Waiter = {
          seen,
          resolve: () => {
            waiters.delete(waiter);
            signal.removeEventListener('abort', waiter.resolve);
            if (waiters.size === 0 && timer !== undefined) {
              clearTimeout(timer);
              timer = undefined;
            }
            resolve();
          },
        };
        waiters.add(waiter);
        signal.addEventListener('abort', waiter.resolve, { once: true });
        schedule();
      });
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      for (const waiter of waiters) waiter.resolve();
    },
  };
}

export interface LogSubscription {
  /** The adapter's `readAll`. */
  readAll(options: ReadAllOptions): AsyncIterable<EventEnvelope>;
  readonly changes: ChangeSignal;
  /** Aborted when the store closes: every subscription then ends. */
  readonly closed?: AbortSignal;
}

/**
 * Implements `EventStore.subscribe`: delivers every event after `options.after` in position order,
 * first what is stored, then what commits later, and returns when `options.signal` (or the store's
 * `closed` signal) aborts, or when the consumer stops iterating.
 */
export async function* subscribeToLog(source: LogSubscription, options: SubscribeOptions = {}): AsyncGenerator<EventEnvelope, void, undefined> {
  const signals = [options.signal, source.closed].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length === 1 && signals[0] !== undefined ? signals[0] : AbortSignal.any(signals);
  let after = Math.max(0, options.after ?? 0);
  while (!signal.aborted) {
    // Taken before the read: a commit that lands while we read moves the counter past it, so the
    // wait below returns at once instead of sleeping on an event we have not seen.
    const seen = source.changes.current();
    for await (const event of source.readAll({ after })) {
      if (signal.aborted) return;
      if (event.position <= after) continue;
      after = event.position;
      yield event;
      if (signal.aborted) return;
    }
    await source.changes.waitPast(seen, signal);
  }
}
