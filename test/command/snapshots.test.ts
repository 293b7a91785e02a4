import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../runtime/snapshot/snapshot-store.js';
import { accountDefinition } from '../support/fixtures/bank-account.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { brokenSnapshotStore, countingStore } from '../aggregate/store-wrappers.js';
import { bankHarness, NOW } from './harness.js';

const deposits = async (harness: ReturnType<typeof bankHarness>, accountId: string, count: number): Promise<void> => {
  for (let index = 0; index < count; index++) await harness.executor.execute('Deposit', { accountId, amount: 1 });
};

describe.each(adapters)('snapshots during command execution on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('saves a snapshot when the stream reaches version 50, not before', async () => {
    const harness = bankHarness(stores);
    const accountId = await harness.open();
    const streamId = `banking/Account/${accountId}`;
    await deposits(harness, accountId, 48);
    expect(await stores.snapshots.load(streamId)).toBeUndefined();

    await deposits(harness, accountId, 1);

    const snapshot = await stores.snapshots.load(streamId);
    expect(snapshot).toEqual<Snapshot>({
      streamId,
      version: 50,
      stateSchemaHash: accountDefinition.stateSchemaHash,
      state: { ...accountDefinition.initialState, ownerId: expect.any(String), ownerName: 'Ada', status: 'open', balance: 49 },
      takenAt: NOW,
    });
  });

  it('then loads from the snapshot and reads only the tail', async () => {
    const harness = bankHarness(stores);
    const accountId = await harness.open();
    await deposits(harness, accountId, 55);
    const store = countingStore(stores.store);
    const counted = bankHarness({ ...stores, store });

    const loaded = await counted.executor.load(accountId);
    expect(loaded).toMatchObject({ version: 56, snapshotVersion: 50, state: { balance: 55 } });
    expect(store.eventsRead()).toBe(6);

    store.reset();
    await counted.executor.execute('Deposit', { accountId, amount: 1 });
    expect(store.reads).toEqual([{ streamId: `banking/Account/${accountId}`, options: { fromVersion: 51 }, events: 6 }]);
  });

  it('snapshots at the next multiple of every, even across a multi-event batch boundary', async () => {
    const harness = bankHarness(stores);
    const accountId = await harness.open();
    await deposits(harness, accountId, 99);
    expect((await stores.snapshots.load(`banking/Account/${accountId}`))?.version).toBe(100);
  });

  it('ignores a snapshot with another state schema hash and replaces it', async () => {
    const harness = bankHarness(stores);
    const accountId = await harness.open();
    const streamId = `banking/Account/${accountId}`;
    await deposits(harness, accountId, 59);
    // The state shape changed since this snapshot was taken: its content must not be used.
    await stores.snapshots.save({ streamId, version: 60, stateSchemaHash: 'previous-shape', state: { balance: -1 }, takenAt: NOW });
    const store = countingStore(stores.store);
    const counted = bankHarness({ ...stores, store });

    const result = await counted.executor.execute('Deposit', { accountId, amount: 1 });

    expect(result.version).toBe(61);
    expect(store.eventsRead()).toBe(60);
    const replaced = await stores.snapshots.load(streamId);
    expect(replaced).toMatchObject({ version: 61, stateSchemaHash: accountDefinition.stateSchemaHash, state: { balance: 60 } });
    store.reset();
    expect((await counted.executor.load(accountId)).state.balance).toBe(60);
    expect(store.eventsRead()).toBe(0);
  });

  it('never fails a command because the snapshot cannot be written, and reports the failure', async () => {
    const snapshots = brokenSnapshotStore(stores.snapshots, { save: true });
    const harness = bankHarness({ ...stores, snapshots });
    const accountId = await harness.open();
    await deposits(harness, accountId, 49);

    expect(snapshots.saveAttempts.map((snapshot) => snapshot.version)).toEqual([50]);
    expect(harness.reported).toHaveLength(1);
    expect(harness.reported[0]?.context).toEqual({ phase: 'snapshot-save', aggregate: 'Account', streamId: `banking/Account/${accountId}`, command: 'Deposit' });
    expect(harness.reported[0]?.error).toMatchObject({ code: 'STORE_FAILED' });
    expect((await harness.executor.load(accountId)).state.balance).toBe(49);
    // Still no usable snapshot, so the next command tries again.
    await deposits(harness, accountId, 1);
    expect(snapshots.saveAttempts.map((snapshot) => snapshot.version)).toEqual([50, 51]);
  });
});
