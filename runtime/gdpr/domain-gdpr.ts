import type { AnyAggregateDefinition } from '../aggregate/types.js';
import type { CommandExecutorOptions } from '../command/executor.js';
import { ConfigurationError } from '../errors/errors.js';
import { createGdpr, type Gdpr } from './gdpr.js';
import type { KeyStore } from './key-store.js';
import { createPiiRegistry } from './registry.js';

/** What a domain runtime accepts to turn GDPR on (see DomainOptions). */
export interface DomainGdprOptions {
  /** Encrypt pii at rest with these keys: the domain makes its own layer over its aggregates. */
  readonly keys?: KeyStore | undefined;
  /** Or a layer made with createGdpr, shared with the message bus's dead-letter queue or other domains. */
  readonly gdpr?: Gdpr | undefined;
}

/**
 * The domain's GDPR layer: the given one, one made from `keys`, or none (pii is then stored in the
 * clear). A given layer must know every aggregate of the domain that holds pii.
 */
export function domainGdpr(domain: string, aggregates: Readonly<Record<string, AnyAggregateDefinition>>, options: DomainGdprOptions): Gdpr | undefined {
  const { keys, gdpr } = options;
  if (keys !== undefined && gdpr !== undefined) {
    throw new ConfigurationError(`Domain '${domain}' was given both \`keys\` and \`gdpr\`; pass one (a layer brings its own key store)`);
  }
  if (keys !== undefined) return createGdpr({ keys, aggregates });
  if (gdpr === undefined) return undefined;
  for (const category of createPiiRegistry(aggregates).categories.keys()) {
    if (!gdpr.registry.categories.has(category)) {
      throw new ConfigurationError(`The GDPR layer given to domain '${domain}' does not know '${category}', which holds personal data; create it with this domain's aggregates`);
    }
  }
  return gdpr;
}

/** The executor options with the event and snapshot stores encrypted by `gdpr`. */
export function encryptedStores<O extends CommandExecutorOptions>(gdpr: Gdpr, options: O): O {
  const { snapshots } = options;
  return { ...options, store: gdpr.eventStore(options.store), snapshots: snapshots === undefined ? undefined : gdpr.snapshotStore(snapshots) };
}
