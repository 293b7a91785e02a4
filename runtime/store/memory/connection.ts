import type { OpenedConnection } from '../backend.js';
import type { MemoryBackendOptions } from './backend.js';

/**
 * The in-memory backend's "connection": nothing to open, but one place where its components run
 * work together. Components keep their data in their own objects.
 */
export interface MemoryConnection {
  readonly options: MemoryBackendOptions;
  /**
   * Runs `work` alone: transactions of one backend never interleave. There is no rollback (memory
   * keeps no log), so change component state only once nothing can fail any more.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

export async function connectMemory(options: MemoryBackendOptions): Promise<OpenedConnection<MemoryConnection>> {
  let tail: Promise<unknown> = Promise.resolve();
  const connection: MemoryConnection = {
    options,
    transaction(work) {
      const run = tail.then(work, work);
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return { connection, close: async () => undefined };
}
