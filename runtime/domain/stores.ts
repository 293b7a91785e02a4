import { locationKey, openBackend } from '../connect/backends.js';
import { parseStoreUrl } from '../connect/store-url.js';
import type { ScheduleStore } from '../automation/schedule-store.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import type { LeaseStore } from '../processor/lease-store.js';
import type { ReadModelStore } from '../readmodel/store.js';
import type { KeyStore } from '../gdpr/key-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import { isBackend, type Backend, type BackendComponents, type ComponentName } from '../store/backend.js';
import type { EventStore } from '../store/event-store.js';
import type { CheckpointStore } from '../subscription/checkpoint-store.js';

/** A component as a domain is given it: a connection string, an open backend, or the store itself. */
export type ComponentOption<N extends ComponentName> = BackendComponents[N] | Backend | string;

/** Where a domain keeps each component (see DomainOptions). */
export interface DomainStoreOptions {
  /**
   * The events: a connection string (`'sqlite:./app.db'`, `'postgres://...'`: the domain opens the
   * backend and closes it on `close()`), an open Backend (left open), or an EventStore. Every other
   * component but `keys` defaults to the same backend when it holds it.
   */
  readonly store: EventStore | Backend | string;
  readonly snapshots?: SnapshotStore | Backend | string | undefined;
  readonly checkpoints?: CheckpointStore | Backend | string | undefined;
  readonly deadLetters?: DeadLetterQueue | Backend | string | undefined;
  /** Turns on encryption of personal data at rest (docs/gdpr.md); never defaulted from `store`. */
  readonly keys?: KeyStore | Backend | string | undefined;
  /** Read-model tables (docs/read-models.md). */
  readonly readModels?: ReadModelStore | Backend | string | undefined;
  /** Leases of read models, automations and the scheduler: which process runs each. */
  readonly leases?: LeaseStore | Backend | string | undefined;
  /** Delayed commands of automations (docs/automations.md). */
  readonly schedules?: ScheduleStore | Backend | string | undefined;
}

/** Where one component comes from. */
type Source<N extends ComponentName> =
  | { readonly kind: 'store'; readonly store: BackendComponents[N] }
  | { readonly kind: 'backend'; readonly backend: () => Promise<Backend>; readonly optional: boolean };

/**
 * A domain's stores: what it was given, and the backends it opened from connection strings (one per
 * database, however many components live there). Nothing is connected until a component is asked
 * for; a malformed connection string fails at once, in `planDomainStores`.
 */
export interface DomainStorePlan {
  /** The component, opened on first request; undefined when the domain has none (no snapshots given...). */
  component<N extends ComponentName>(name: N): Promise<BackendComponents[N] | undefined>;
  /** The backend holding the events, when they live in one. */
  eventBackend(): Promise<Backend | undefined>;
  /** Closes the backends the domain opened itself; what it was given stays open. */
  close(): Promise<void>;
}

export function planDomainStores(options: DomainStoreOptions): DomainStorePlan {
  const opened = new Map<string, Promise<Backend>>();
  /** The backend for `option`: the same one for every string naming the same database. */
  const backendOf = (option: Backend | string): (() => Promise<Backend>) => {
    if (typeof option !== 'string') return async () => option;
    const location = parseStoreUrl(option);
    const key = locationKey(location);
    return () => {
      let backend = opened.get(key);
      if (backend === undefined) {
        backend = openBackend(location);
        opened.set(key, backend);
      }
      return backend;
    };
  };
  const sourceOf = <N extends ComponentName>(name: N, option: ComponentOption<N> | undefined, fallback: Source<N> | undefined): Source<N> | undefined => {
    if (option === undefined) return fallback;
    if (typeof option === 'string' || isBackend(option)) return { kind: 'backend', backend: backendOf(option), optional: false };
    return { kind: 'store', store: option as BackendComponents[N] };
  };
  const storeBackend = typeof options.store === 'string' || isBackend(options.store) ? backendOf(options.store) : undefined;
  // Components not given live in the store's backend, if it holds them.
  const fromStore = storeBackend === undefined ? undefined : ({ kind: 'backend', backend: storeBackend, optional: true } as const);
  const sources: { readonly [N in ComponentName]: Source<N> | undefined } = {
    events: sourceOf('events', options.store, undefined),
    snapshots: sourceOf('snapshots', options.snapshots, fromStore),
    checkpoints: sourceOf('checkpoints', options.checkpoints, fromStore),
    deadLetters: sourceOf('deadLetters', options.deadLetters, fromStore),
    keys: sourceOf('keys', options.keys, undefined),
    readModels: sourceOf('readModels', options.readModels, fromStore),
    leases: sourceOf('leases', options.leases, fromStore),
    schedules: sourceOf('schedules', options.schedules, fromStore),
  };
  const components = new Map<ComponentName, Promise<unknown>>();

  async function resolve<N extends ComponentName>(name: N): Promise<BackendComponents[N] | undefined> {
    const source = sources[name] as Source<N> | undefined;
    if (source === undefined) return undefined;
    if (source.kind === 'store') return source.store;
    const backend = await source.backend();
    // A backend that lacks a component it was named for says where to keep it instead.
    if (source.optional && !backend.supports(name)) return undefined;
    return backend.component(name);
  }

  return {
    component<N extends ComponentName>(name: N): Promise<BackendComponents[N] | undefined> {
      let pending = components.get(name);
      if (pending === undefined) {
        pending = resolve(name);
        // A failure is reported where the component is used, not as an unhandled rejection here.
        pending.catch(() => undefined);
        components.set(name, pending);
      }
      // The map holds, under each name, the promise resolved for that name.
      return pending as Promise<BackendComponents[N] | undefined>;
    },
    eventBackend: async () => (storeBackend === undefined ? undefined : storeBackend()),
    async close() {
      const backends = await Promise.allSettled(opened.values());
      const closing = backends.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : []));
      const failures = (await Promise.allSettled(closing)).flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      if (failures.length > 0) throw failures[0];
    },
  };
}
