// The stores the aggregate and command suites run against: every behaviour must hold on each.
import type { EventStore } from '../../runtime/store/event-store.js';
import type { SnapshotStore } from '../../runtime/snapshot/snapshot-store.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshots.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';

export interface Stores {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  open(): Promise<Stores>;
}

export const adapters: readonly Adapter[] = [
  {
    name: 'in-memory',
    open: async () => {
      const store = createInMemoryEventStore();
      const snapshots = createInMemorySnapshotStore();
      return { store, snapshots, close: async () => void (await Promise.all([store.close(), snapshots.close()])) };
    },
  },
  {
    name: 'SQLite',
    open: async () => {
      // One backend (one connection) for both stores, as an application sharing one file would.
      const backend = await openSqliteBackend({ path: ':memory:' });
      return { store: await backend.component('events'), snapshots: await backend.component('snapshots'), close: () => backend.close() };
    },
  },
];
