import type { AnyAggregateDefinition } from '../aggregate/types.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { ConfigurationError } from '../errors/errors.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { EventStore } from '../store/event-store.js';
import { EncryptedDeadLetterQueue } from './encrypted-dead-letter-queue.js';
import { EncryptedEventStore } from './encrypted-event-store.js';
import { EncryptedSnapshotStore } from './encrypted-snapshot-store.js';
import { exportSubject, type SubjectExport } from './export.js';
import { checkSubject, type ForgetResult, type KeyStore } from './key-store.js';
import type { LayerCore } from './layer-core.js';
import { createPiiRegistry, type PiiRegistry } from './registry.js';

export interface GdprOptions {
  /** Where the per-subject keys live (in-memory, SQLite or PostgreSQL). The layer never closes it. */
  readonly keys: KeyStore;
  /** The aggregates whose pii the layer encrypts: a domain's aggregate map, or definitions of several domains. */
  readonly aggregates: Iterable<AnyAggregateDefinition> | Readonly<Record<string, AnyAggregateDefinition>>;
  /** The clock of `exportedAt`. Default: the system clock. */
  readonly clock?: (() => Date) | undefined;
}

/**
 * The GDPR layer: one encryption layer for every adapter, at the store boundary. Wrap each store
 * once; what the wrappers write holds pii only as ciphertext, what they read is decrypted (or
 * erased). `forget` and `exportSubject` cover every store wrapped by this layer.
 */
export interface Gdpr {
  readonly keys: KeyStore;
  readonly registry: PiiRegistry;
  /** `inner` with pii encrypted at rest. Wrapping the same store again returns the same wrapper. */
  eventStore(inner: EventStore): EventStore;
  snapshotStore(inner: SnapshotStore): SnapshotStore;
  /** Pass the result as the message bus's `deadLetters`. */
  deadLetterQueue(inner: DeadLetterQueue): DeadLetterQueue;
  /**
   * Destroys the subject's key: from now on every read of its values (events, snapshots, dead
   * letters, aggregates loaded afresh) yields the erased values. Then tells every `onForget`
   * listener (a domain runtime drops its cached states). Forgetting twice is harmless.
   */
  forget(subject: string): Promise<ForgetResult>;
  /** Every value held on `subject` in the wrapped stores, decrypted, with where it lives (see SubjectExport). */
  exportSubject(subject: string): Promise<SubjectExport>;
  /** Calls `listener` after every forget; returns the function that stops it. */
  onForget(listener: (subject: string) => void): () => void;
}

type Wrapper = EncryptedEventStore | EncryptedSnapshotStore | EncryptedDeadLetterQueue;

export function createGdpr(options: GdprOptions): Gdpr {
  const core: LayerCore = {
    keys: options.keys,
    registry: createPiiRegistry(options.aggregates),
  };
  const clock = options.clock ?? (() => new Date());
  const events = new Map<EventStore, EncryptedEventStore>();
  const snapshots = new Map<SnapshotStore, EncryptedSnapshotStore>();
  const deadLetters = new Map<DeadLetterQueue, EncryptedDeadLetterQueue>();
  const listeners = new Set<(subject: string) => void>();

  /** The wrapper of `inner`, made once; a store this layer already wraps is returned as is. */
  function wrap<S extends object, W extends Wrapper & S>(inner: S, wrappers: Map<S, W>, isWrapper: (store: S) => store is W & S, make: () => W): W {
    if (isWrapper(inner)) {
      if (!inner.belongsTo(core)) throw new ConfigurationError('This store is already encrypted by another GDPR layer; wrap the plain store');
      return inner;
    }
    let wrapper = wrappers.get(inner);
    if (wrapper === undefined) {
      wrapper = make();
      wrappers.set(inner, wrapper);
    }
    return wrapper;
  }

  return {
    keys: core.keys,
    registry: core.registry,
    eventStore: (inner) =>
      wrap(inner, events, (store): store is EncryptedEventStore => store instanceof EncryptedEventStore, () => new EncryptedEventStore(inner, core)),
    snapshotStore: (inner) =>
      wrap(inner, snapshots, (store): store is EncryptedSnapshotStore => store instanceof EncryptedSnapshotStore, () => new EncryptedSnapshotStore(inner, core)),
    deadLetterQueue: (inner) =>
      wrap(inner, deadLetters, (queue): queue is EncryptedDeadLetterQueue => queue instanceof EncryptedDeadLetterQueue, () => new EncryptedDeadLetterQueue(inner, core)),
    async forget(subject) {
      checkSubject(subject);
      const result = await core.keys.forget(subject);
      for (const listener of listeners) listener(subject);
      return result;
    },
    exportSubject: (subject) =>
      exportSubject(
        subject,
        core,
        { events: [...events.keys()], snapshots: [...snapshots.keys()], deadLetters: [...deadLetters.keys()] },
        clock(),
      ),
    onForget(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
