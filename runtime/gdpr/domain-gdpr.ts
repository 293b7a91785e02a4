import type { AnyAggregateDefinition } from '../aggregate/types.js';
import { ConfigurationError } from '../errors/errors.js';
import type { BackendComponents, ComponentName } from '../store/backend.js';
import type { Gdpr } from './gdpr.js';
import { createPiiRegistry } from './registry.js';

/** What a domain runtime accepts, besides `keys`, to turn GDPR on (see DomainOptions). */
export interface DomainGdprOptions {
  /** A layer made with createGdpr, shared with the message bus's dead-letter queue or other domains (instead of `keys`). */
  readonly gdpr?: Gdpr | undefined;
}

/**
 * Checks, when the domain is created, what it was given to turn GDPR on: not both `keys` and
 * `gdpr`, and a given layer that knows every aggregate of the domain holding pii.
 */
export function checkGivenGdpr(domain: string, aggregates: Readonly<Record<string, AnyAggregateDefinition>>, gdpr: Gdpr | undefined, keysGiven: boolean): void {
  if (keysGiven && gdpr !== undefined) {
    throw new ConfigurationError(`Domain '${domain}' was given both \`keys\` and \`gdpr\`; pass one (a layer brings its own key store)`);
  }
  if (gdpr === undefined) return;
  for (const category of createPiiRegistry(aggregates).categories.keys()) {
    if (!gdpr.registry.categories.has(category)) {
      throw new ConfigurationError(`The GDPR layer given to domain '${domain}' does not know '${category}', which holds personal data; create it with this domain's aggregates`);
    }
  }
}

/** The components the layer encrypts, and how. */
const ENCRYPTED: { readonly [N in ComponentName]?: (gdpr: Gdpr, component: BackendComponents[N]) => BackendComponents[N] } = {
  events: (gdpr, store) => gdpr.eventStore(store),
  snapshots: (gdpr, store) => gdpr.snapshotStore(store),
  deadLetters: (gdpr, queue) => gdpr.deadLetterQueue(queue),
};

/** The component as a domain's code uses it: encrypted by `gdpr` when it holds personal data, else as it is. */
export function encryptedComponent<N extends ComponentName>(gdpr: Gdpr, name: N, component: BackendComponents[N]): BackendComponents[N] {
  // Each entry wraps the component of its own name.
  const encrypt = ENCRYPTED[name] as ((gdpr: Gdpr, component: BackendComponents[N]) => BackendComponents[N]) | undefined;
  return encrypt === undefined ? component : encrypt(gdpr, component);
}



