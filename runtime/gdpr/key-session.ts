import type { ActiveKey, KeyLookup, KeyStore } from './key-store.js';

/**
 * The keys one operation (an append, one read call, a snapshot load...) needs, each fetched once.
 * Nothing outlives the operation, so a `forget` in any process takes effect at the next read.
 */
export interface KeySession {
  activeKey(subject: string): Promise<ActiveKey>;
  lookup(keyId: string): Promise<KeyLookup | undefined>;
}

export function openKeySession(keys: KeyStore): KeySession {
  const active = new Map<string, Promise<ActiveKey>>();
  const lookups = new Map<string, Promise<KeyLookup | undefined>>();
  return {
    activeKey(subject) {
      let key = active.get(subject);
      if (key === undefined) {
        key = keys.activeKey(subject);
        active.set(subject, key);
        // A value just encrypted under this key reads back without another trip to the key store.
        const primed = key;
        void primed.then(
          (resolved) => {
            if (!lookups.has(resolved.keyId)) lookups.set(resolved.keyId, primed);
          },
          () => undefined,
        );
      }
      return key;
    },
    lookup(keyId) {
      let found = lookups.get(keyId);
      if (found === undefined) {
        found = keys.lookup(keyId);
        lookups.set(keyId, found);
      }
      return found;
    },
  };
}
