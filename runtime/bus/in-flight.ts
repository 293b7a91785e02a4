/** Counts unfinished work so `drain()` can wait until there is none. */
export interface InFlight {
  /** Counts `work` until it settles (either way). */
  track(work: Promise<unknown>): void;
  /** Resolves once nothing is tracked — including work tracked while waiting. */
  idle(): Promise<void>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    count -= 1;
    if (count > 0) return;
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  };
  return {
    track(work) {
      count += 1;
      work.then(settle, settle);
    },
    idle() {
      return count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
