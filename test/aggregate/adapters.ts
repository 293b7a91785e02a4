// The stores the aggregate and command suites run against: every behaviour must hold on each.
import type { EventStore } from '../../runtime/store/event-store.js';
import type { SnapshotStore } from '../../runtime/snapshot/snapshot-store.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/event-store.js';
import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshot-store.js';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteEventStore } from '../../runtime/store/sqlite/event-store.js';
import { createSqliteSnapshotStore } from '../../runtime/store/sqlite/snapshot-store.js';

export interface Stores {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  open(): Stores;
}

export const adapters: readonly Adapter[] = [
  {
    name: 'in-memory',
    open: () => {
      const store = createInMemoryEventStore();
      const snapshots = createInMemorySnapshotStore();
      return { store, snapshots, close: async () => void (await Promise.all([store.close(), snapshots.close()])) };
    },
  },
  {
    name: 'SQLite',
    open: () => {
      // One connection for both stores, as an application sharing one file would.
      const db = openSqlite(':memory:');
      const store = createSqliteEventStore(db);
      const snapshots = createSqliteSnapshotStore(db);
      return {
        store,
        snapshots,
        close: async () => {
          await Promise.all([store.close(), snapshots.close()]);
          db.close();
        },
      };
    },
  },
];
