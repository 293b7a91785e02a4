import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../runtime/store/sqlite/database.js';
import { createSqliteEventStore } from '../../runtime/store/sqlite/event-store.js';
import { createSqliteSnapshotStore } from '../../runtime/store/sqlite/snapshot-store.js';
import { describeSnapshotStoreContract } from './snapshot-store.contract.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-sqlite-snapshots-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(root, `snapshots-${(files += 1)}.db`);

describeSnapshotStoreContract('SQLite file', { open: async () => createSqliteSnapshotStore(freshFile()) });
describeSnapshotStoreContract('SQLite :memory:', { open: async () => createSqliteSnapshotStore(':memory:') });

describe('SqliteSnapshotStore', () => {
  const snapshot = { streamId: 'account-1', version: 3, stateSchemaHash: 'h1', state: { balance: 30 }, takenAt: '2024-01-01T00:00:00.000Z' };

  it('keeps snapshots across a reopen', async () => {
    const file = freshFile();
    const first = createSqliteSnapshotStore(file);
    await first.save(snapshot);
    await first.close();
    const reopened = createSqliteSnapshotStore(file);
    expect(await reopened.load('account-1')).toEqual(snapshot);
    await reopened.close();
  });

  it("shares the event store's file, by path or by one caller-opened connection", async () => {
    const file = freshFile();
    const events = createSqliteEventStore(file);
    const snapshots = createSqliteSnapshotStore(file);
    await events.append('account-1', [{ type: 'Opened', data: {} }]);
    await snapshots.save(snapshot);
    await Promise.all([events.close(), snapshots.close()]);

    const db = openSqlite(file);
    const sharedEvents = createSqliteEventStore(db);
    const sharedSnapshots = createSqliteSnapshotStore(db);
    expect(await sharedEvents.streamVersion('account-1')).toBe(1);
    expect(await sharedSnapshots.load('account-1')).toEqual(snapshot);
    await Promise.all([sharedEvents.close(), sharedSnapshots.close()]);
    expect(db.prepare('SELECT component, version FROM orchestrix_schema ORDER BY component').all()).toEqual([
      { component: 'events', version: 1 },
      { component: 'snapshots', version: 1 },
    ]);
    db.close();
  });

  it('never lets a lower version overwrite a higher one written through another connection', async () => {
    const file = freshFile();
    const a = createSqliteSnapshotStore(file);
    const b = createSqliteSnapshotStore(file);
    await a.save({ ...snapshot, version: 9 });
    await b.save({ ...snapshot, version: 4 });
    expect((await a.load('account-1'))?.version).toBe(9);
    await Promise.all([a.close(), b.close()]);
  });
});
