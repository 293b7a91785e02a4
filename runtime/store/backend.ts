import type { ScheduleStore } from '../automation/schedule-store.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { ConfigurationError, OrchestrixError, StoreClosedError, StoreError } from '../errors/errors.js';
import type { KeyStore } from '../gdpr/key-store.js';
import type { LeaseStore } from '../processor/lease-store.js';
import type { ReadModelStore } from '../readmodel/store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { CheckpointStore } from '../subscription/checkpoint-store.js';
import type { EventStore } from './event-store.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';

/**
 * A backend: one database (a SQLite file, a PostgreSQL schema, PGlite, process memory, an
 * EventSourcingDB server) opened once, over one shared connection, handing out the components a
 * domain keeps there and closing them together.
 *
 * Every backend folder (runtime/store/<backend>/) has the same files: `connection.ts` (loads the
 * driver and opens the shared connection), one file per component it holds, named after the
 * component (`events.ts`, `snapshots.ts`, ...), `backend.ts` (the list of those components and the
 * public `open<Backend>Backend`), and `index.ts`. Adding a component means adding it to
 * BackendComponents and COMPONENT_LABELS below, one file per backend folder, and one entry in each
 * backend's list (docs/runtime.md, "Writing an adapter").
 */

/** Every component a backend may hold, by name. */
export interface BackendComponents {
  readonly events: EventStore;
  readonly snapshots: SnapshotStore;
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetterQueue;
  readonly keys: KeyStore;
  /** Read-model tables and their positions (runtime/readmodel). */
  readonly readModels: ReadModelStore;
  /** Which process runs each read model, automation and scheduler (runtime/processor). */
  readonly leases: LeaseStore;
  /** Delayed commands of automations (`after:`) until they are due (runtime/automation). */
  readonly schedules: ScheduleStore;
}

export type ComponentName = keyof BackendComponents;

/** Each component as messages name it. */
export const COMPONENT_LABELS: { readonly [N in ComponentName]: string } = {
  events: 'event store',
  snapshots: 'snapshot store',
  checkpoints: 'checkpoint store',
  deadLetters: 'dead-letter queue',
  keys: 'key store',
  readModels: 'read-model store',
  leases: 'lease store',
  schedules: 'schedule store',
};

export interface Backend {
  /** The kind of database, e.g. `SQLite`. */
  readonly name: string;
  /** Where it is, safe to show (never a password or token), e.g. `sqlite:./data/app.db`. */
  readonly location: string;
  /** Whether this backend can hold the component. */
  supports(component: ComponentName): boolean;
  /**
   * The component, opened on first request (its tables are created or migrated then) and shared by
   * every later request. A component the backend does not hold is a ConfigurationError that says
   * where to keep it instead. Closing a component releases it; asking again opens it again.
   */
  component<N extends ComponentName>(name: N): Promise<BackendComponents[N]>;
  /** Closes every component, then the connection. Idempotent. */
  close(): Promise<void>;
}

/** The shared connection of a backend and how to let go of it. */
export interface OpenedConnection<Connection> {
  readonly connection: Connection;
  close(): Promise<void>;
}

/**
 * Opens one component over the backend's connection: creates or migrates what it needs, and returns
 * it ready. `lifecycle` is the component's: check `assertOpen()` in every operation, register what to
 * release with `onClose`, and use `lifecycle.close` as the component's `close`.
 */
export type ComponentOpener<Connection, N extends ComponentName> = (connection: Connection, lifecycle: Lifecycle) => Promise<BackendComponents[N]>;

export type ComponentOpeners<Connection> = { readonly [N in ComponentName]?: ComponentOpener<Connection, N> };

/** What a backend folder describes: configuration only; nothing happens until openBackendWith. */
export interface BackendDefinition<Connection> {
  readonly name: string;
  readonly location: string;
  /** Loads the driver and opens the shared connection. */
  connect(): Promise<OpenedConnection<Connection>>;
  /** The components this backend holds. */
  readonly components: ComponentOpeners<Connection>;
  /** What to say when asked for a component it does not hold (where to keep it instead). */
  readonly missing?: (component: ComponentName) => string;
}

/** Connects, and hands out components over that one connection until closed. */
export async function openBackendWith<Connection>(definition: BackendDefinition<Connection>): Promise<Backend> {
  const { name, location } = definition;
  let opened: OpenedConnection<Connection>;
  try {
    opened = await definition.connect();
  } catch (error) {
    throw openFailure(`the ${name} backend at ${location}`, error);
  }
  const lifecycle = createLifecycle(`${name} backend at ${location}`);
  const components = new Map<ComponentName, Promise<{ close(): Promise<void> }>>();
  // Registered first, so it runs last: the connection outlives every component.
  lifecycle.onClose(() => opened.close());
  lifecycle.onClose(async () => {
    const failures: unknown[] = [];
    for (const pending of [...components.values()].reverse()) {
      const component = await pending.catch(() => undefined);
      await component?.close().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  });

  function open<N extends ComponentName>(component: N, opener: ComponentOpener<Connection, N>): Promise<BackendComponents[N]> {
    const label = `${name} ${COMPONENT_LABELS[component]}`;
    const own = createLifecycle(label);
    const pending = opener(opened.connection, own).catch(async (error: unknown) => {
      components.delete(component);
      await own.close().catch(() => undefined);
      throw openFailure(`the ${label} at ${location}`, error);
    });
    own.onClose(() => {
      if (components.get(component) === pending) components.delete(component);
    });
    components.set(component, pending);
    return pending;
  }

  return {
    name,
    location,
    supports: (component) => definition.components[component] !== undefined,
    component(component) {
      try {
        lifecycle.assertOpen();
      } catch (error) {
        return Promise.reject(error);
      }
      const pending = components.get(component);
      // The map holds, under each name, the promise opened for that name.
      if (pending !== undefined) return pending as Promise<BackendComponents[typeof component]>;
      const opener = definition.components[component];
      if (opener === undefined) {
        const hint = definition.missing?.(component) ?? `keep it in another backend`;
        return Promise.reject(new ConfigurationError(`The ${name} backend at ${location} holds no ${COMPONENT_LABELS[component]}: ${hint}`));
      }
      return open(component, opener);
    },
    close: lifecycle.close,
  };
}

/**
 * A failure while opening, as a StoreError naming what was opened (never a secret: `what` holds
 * only safe locations, and driver messages were scrubbed where they arose). Typed errors other than
 * store failures (a ConfigurationError, a missing driver) pass through as they are.
 */
function openFailure(what: string, error: unknown): OrchestrixError {
  if (error instanceof OrchestrixError && (!(error instanceof StoreError) || error instanceof StoreClosedError)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError(`Cannot open ${what}: ${reason}`, { cause: error });
}

/** Whether `value` is a Backend (and not a single store). */
export function isBackend(value: unknown): value is Backend {
  return typeof value === 'object' && value !== null && typeof (value as { component?: unknown }).component === 'function' && typeof (value as { supports?: unknown }).supports === 'function';
}
