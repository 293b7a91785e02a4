import { StoreClosedError, StoreError } from '../errors/errors.js';

/**
 * Open -> closed, the one way every store and backend goes: a closed flag every operation checks,
 * clean-ups run once in reverse order of registration, and a `close()` that is idempotent (a second
 * call waits for the first).
 */
export interface Lifecycle {
  /** What is open, for messages: `SQLite event store`. */
  readonly label: string;
  /** Aborted when closing starts. */
  readonly closed: AbortSignal;
  /** Raises StoreClosedError (`The <label> is closed: ...`, code STORE_CLOSED) once closing has started. */
  assertOpen(): void;
  /** Runs `cleanup` on close, after those registered later. */
  onClose(cleanup: () => unknown): void;
  close(): Promise<void>;
}

export function createLifecycle(label: string): Lifecycle {
  const controller = new AbortController();
  const cleanups: (() => unknown)[] = [];
  let closing: Promise<void> | undefined;

  const runCleanups = async (): Promise<void> => {
    controller.abort();
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new StoreError(`Closing the ${label} failed ${failures.length} times`, { cause: new AggregateError(failures) });
  };

  return {
    label,
    closed: controller.signal,
    assertOpen() {
      if (controller.signal.aborted) throw new StoreClosedError(label);
    },
    onClose(cleanup) {
      // Registered while closing (an operation that was already under way): clean up at once.
      if (controller.signal.aborted) void Promise.resolve().then(cleanup).catch(() => undefined);
      else cleanups.push(cleanup);
    },
    close: () => (closing ??= runCleanups()),
  };
}
