import type { EventStore } from '../store/event-store.js';

/**
 * An EventStore over one that is still being opened (a connection string given to a domain
 * factory, which is synchronous): every call waits for it. A failure to connect surfaces on the
 * first use, as that call's error.
 */
export function lazyEventStore(opening: Promise<EventStore>): EventStore {
  // Report the failure where the store is used, not as an unhandled rejection.
  opening.catch(() => undefined);
  return {
    append: async (streamId, events, options) => (await opening).append(streamId, events, options),
    streamVersion: async (streamId) => (await opening).streamVersion(streamId),
    readStream: (streamId, options) => delegate(async () => (await opening).readStream(streamId, options)),
    readAll: (options) => delegate(async () => (await opening).readAll(options)),
    subscribe: (options) => delegate(async () => (await opening).subscribe(options)),
    close: async () => (await opening).close(),
  };
}

async function* delegate<T>(iterable: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  yield* await iterable();
}

/** The same for a store whose methods all return promises (snapshot stores, key stores...). */
export function lazyStore<T extends object>(opening: Promise<T>, methods: readonly (keyof T & string)[]): T {
  opening.catch(() => undefined);
  const store: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of methods) {
    store[method] = async (...args: unknown[]) => {
      const target = (await opening) as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const fn = target[method];
      if (fn === undefined) throw new TypeError(`${method} is not a method of the store`);
      return fn.apply(target, args);
    };
  }
  return store as unknown as T;
}
