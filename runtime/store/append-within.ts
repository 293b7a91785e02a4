import { ConfigurationError } from '../errors/errors.js';
import type { AppendOptions } from './event-store.js';

/**
 * For stores whose appends cannot take part in another component's transaction: `within` (inline
 * projection) is refused, never silently skipped, so a read model configured inline cannot quietly
 * lag behind its events.
 */
export function refuseWithin(options: AppendOptions | undefined, store: string): void {
  if (options?.within !== undefined) {
    throw new ConfigurationError(`The ${store} cannot run other work in an append's transaction (inline projection): keep the events and the read models in one SQLite or PostgreSQL database, or project them with catchUp()`);
  }
}

/** An error thrown by `within`, carried out of the store's transaction to be rethrown as it was. */
export class WithinFailure extends Error {
  constructor(readonly error: unknown) {
    super('the work within the append failed');
  }
}
