import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountDefinition } from '../support/fixtures/bank-account.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { countingStore } from '../aggregate/store-wrappers.js';
import { bankHarness } from './harness.js';

describe.each(adapters)('state cache (cacheSize) on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('reads only the events appended since the cached version', async () => {
    const store = countingStore(stores.store);
    const { executor, open } = bankHarness({ ...stores, store }, { cacheSize: 10 });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 5 });
    store.reset();

    await executor.execute('Deposit', { accountId, amount: 5 });

    expect(store.reads).toEqual([{ streamId: `banking/Account/${accountId}`, options: { fromVersion: 3 }, events: 0 }]);
    expect((await executor.load(accountId)).state.balance).toBe(10);
  });

  it('is never stale: events written by someone else are folded in', async () => {
    const { executor, open } = bankHarness(stores, { cacheSize: 10 });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 5 });
    // Another process (or executor) appends to the stream behind this executor's back.
    await bankHarness(stores).executor.execute('Deposit', { accountId, amount: 100 });

    const result = await executor.execute('Deposit', { accountId, amount: 1 });

    expect(result.events[0]?.data).toEqual({ amount: 1, balanceAfter: 106 });
  });

  it('still snapshots by the policy', async () => {
    const { executor, open } = bankHarness(stores, { cacheSize: 10 });
    const accountId = await open();
    for (let index = 0; index < 49; index++) await executor.execute('Deposit', { accountId, amount: 1 });
    expect(await stores.snapshots.load(`banking/Account/${accountId}`)).toMatchObject({ version: 50, stateSchemaHash: accountDefinition.stateSchemaHash });
  });

  it('starts from the store again after clearCache', async () => {
    const store = countingStore(stores.store);
    const { executor, open } = bankHarness({ ...stores, store }, { cacheSize: 10 });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 5 });
    executor.clearCache(accountId);
    store.reset();
    await executor.load(accountId);
    expect(store.eventsRead()).toBe(2);
    executor.clearCache();
  });
});
