import { Deferred } from './deferred.js';

/**
 * One handler's queue: its deliveries run one at a time, in the order they were queued, so a
 * handler never runs concurrently with itself and sees events in publish order, retries included.
 */
export interface Lane {
  enqueue<T>(task: LaneTask<T>): QueuedTask<T>;
}

/** A delivery. It calls `retrying()` when a failure makes it wait for a retry. */
export type LaneTask<T> = (retrying: () => void) => Promise<T>;

export interface QueuedTask<T> {
  /**
   * Settles when the task finished or first started waiting for a retry — or at once when it is
   * queued behind a task that is retrying. Never rejects. `publish` awaits this, so it never waits
   * out a backoff.
   */
  readonly dispatched: Promise<void>;
  /** The task's own result. */
  readonly done: Promise<T>;
}

interface Entry {
  readonly run: (retrying: () => void) => Promise<void>;
  readonly dispatch: () => void;
}

export function createLane(): Lane {
  const queue: Entry[] = [];
  let running = false;
  let retrying = false;

  const release = (): void => {
    retrying = true;
    for (const entry of queue) entry.dispatch();
  };

  const pump = async (): Promise<void> => {
    running = true;
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      const current = entry;
      await current.run(() => {
        current.dispatch();
        release();
      });
      retrying = false;
      current.dispatch();
    }
    running = false;
  };

  return {
    enqueue<T>(task: LaneTask<T>): QueuedTask<T> {
      const dispatched = new Deferred<void>();
      const done = new Deferred<T>();
      const dispatch = (): void => dispatched.resolve();
      queue.push({
        dispatch,
        run: (onRetrying) => Promise.resolve().then(() => task(onRetrying)).then((value) => done.resolve(value), (error: unknown) => done.reject(error)),
      });
      if (retrying) dispatch();
      if (!running) void pump();
      return { dispatched: dispatched.promise, done: done.promise };
    },
  };
}
