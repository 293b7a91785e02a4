// Shared helpers of the example-domain suites: a fixed clock, the stores the domains run on
// (in-memory, and a SQLite file in a temporary directory that can be reopened), and small
// readers for stored events and rejected promises.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createInMemoryEventStore,
  createInMemorySnapshotStore,
  openSqliteBackend,
  type Backend as StoreBackend,
  type EventEnvelope,
  type EventStore,
  type SnapshotStore,
} from 'orchestrix/runtime';

/** The handler clock of every end-to-end test: `now` in decide and the events' `time`. */
export const NOW = '2024-05-06T07:08:09.000Z';
export const clock = (): Date => new Date(NOW);

/** The stores a domain runtime is created over. */
export interface Stores {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
}

/** One backend under test. `reopen` closes the stores and opens new ones on the same data (a new process, for SQLite). */
export interface Backend extends Stores {
  readonly name: string;
  reopen(): Promise<Stores>;
  /** Closes the stores and removes any temporary files. */
  dispose(): Promise<void>;
}

export interface BackendKind {
  readonly name: string;
  start(): Promise<Backend>;
}

async function closeAll(stores: Stores): Promise<void> {
  await Promise.all([stores.store.close(), stores.snapshots.close()]);
}

const inMemory: BackendKind = {
  name: 'in-memory',
  async start() {
    const stores: Stores = { store: createInMemoryEventStore(), snapshots: createInMemorySnapshotStore() };
    return {
      name: 'in-memory',
      ...stores,
      // Memory is the process: "reopening" keeps the same stores.
      reopen: async () => stores,
      dispose: () => closeAll(stores),
    };
  },
};

const sqliteFile: BackendKind = {
  name: 'SQLite file',
  async start() {
    const directory = mkdtempSync(join(tmpdir(), 'orchestrix-examples-'));
    const file = join(directory, 'events.db');
    let backend: StoreBackend | undefined;
    const open = async (): Promise<Stores> => {
      await backend?.close();
      backend = await openSqliteBackend({ path: file });
      return { store: await backend.component('events'), snapshots: await backend.component('snapshots') };
    };
    let current = await open();
    return {
      name: 'SQLite file',
      get store() {
        return current.store;
      },
      get snapshots() {
        return current.snapshots;
      },
      async reopen() {
        current = await open();
        return current;
      },
      async dispose() {
        await backend?.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

/** The backends every end-to-end suite runs on. */
export const backends: readonly BackendKind[] = [inMemory, sqliteFile];

/** Every stored event of a stream, in version order. */
export async function readStream(store: EventStore, streamId: string): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

/** What an end-to-end test compares of a stored event: everything but ids, positions and metadata. */
export interface StoredSummary {
  readonly type: string;
  readonly version: number;
  readonly schemaVersion: number;
}

export const summarize = (events: readonly EventEnvelope[]): StoredSummary[] =>
  events.map(({ type, version, schemaVersion }) => ({ type, version, schemaVersion }));

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The value `run` throws; fails the test when it returns. */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the function to throw, but it returned');
}
