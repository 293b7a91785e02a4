import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregateAlreadyExistsError, ConcurrencyError } from '../../runtime/errors/errors.js';
import { DEFAULT_MAX_RETRIES } from '../../runtime/command/executor.js';
import type { NewEvent } from '../../runtime/events/envelope.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { racingStore } from '../aggregate/store-wrappers.js';
import { bankHarness, OWNER, readStream, rejectionOf } from './harness.js';

/** Another writer's deposit of 1000, landing between our load and our append. */
const intruderDeposit = (): NewEvent => ({ type: 'MoneyDeposited', data: { amount: 1000, balanceAfter: 0 }, schemaVersion: 2 });

describe.each(adapters)('retry on ConcurrencyError on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(() => {
    stores = adapter.open();
  });
  afterEach(() => stores.close());

  it('retries the whole cycle and decides on the fresh state', async () => {
    const accountId = await bankHarness(stores).open();
    const store = racingStore(stores.store, 2, intruderDeposit);
    const { executor, bus } = bankHarness({ ...stores, store });

    const result = await executor.execute('Deposit', { accountId, amount: 5 });

    expect(store.intrusions()).toBe(2);
    // balanceAfter is computed from the state the successful attempt loaded: both intruding deposits included.
    expect(result).toMatchObject({ version: 4, events: [{ type: 'MoneyDeposited', data: { amount: 5, balanceAfter: 2005 } }] });
    const stored = await readStream(stores.store, `banking/Account/${accountId}`);
    expect(stored.map((event) => event.type)).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyDeposited', 'MoneyDeposited']);
    expect(bus.batches).toHaveLength(1);
  });

  it(`gives up after maxRetries (default ${DEFAULT_MAX_RETRIES}) and rethrows the ConcurrencyError`, async () => {
    const accountId = await bankHarness(stores).open();
    const store = racingStore(stores.store, Number.POSITIVE_INFINITY, intruderDeposit);
    const { executor, bus } = bankHarness({ ...stores, store });

    const error = await rejectionOf(executor.execute('Deposit', { accountId, amount: 1 }));

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(store.intrusions()).toBe(DEFAULT_MAX_RETRIES + 1);
    expect(bus.batches).toEqual([]);
  });

  it('honours a configured maxRetries, including 0', async () => {
    const accountId = await bankHarness(stores).open();
    const store = racingStore(stores.store, Number.POSITIVE_INFINITY, intruderDeposit);
    await expect(bankHarness({ ...stores, store }, { maxRetries: 0 }).executor.execute('Deposit', { accountId, amount: 1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.intrusions()).toBe(1);
    await expect(bankHarness({ ...stores, store }, { maxRetries: 5 }).executor.execute('Deposit', { accountId, amount: 1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.intrusions()).toBe(7);
  });

  it('turns a lost race to create the aggregate into AggregateAlreadyExistsError', async () => {
    const store = racingStore(stores.store, 1, () => ({ type: 'AccountOpened', data: { ownerId: OWNER, ownerName: 'Eve' } }));
    const { executor } = bankHarness({ ...stores, store });
    const accountId = randomUUID();
    const error = await rejectionOf(executor.execute('OpenAccount', { accountId, ownerId: OWNER, ownerName: 'Ada' }));
    expect(error).toBeInstanceOf(AggregateAlreadyExistsError);
    const stored = await readStream(stores.store, `banking/Account/${accountId}`);
    expect(stored.map((event) => event.data)).toEqual([{ ownerId: OWNER, ownerName: 'Eve' }]);
  });

  it('serializes concurrent commands on one aggregate without losing any', async () => {
    const { executor, open } = bankHarness(stores, { maxRetries: 20 });
    const accountId = await open();
    await Promise.all(Array.from({ length: 10 }, () => executor.execute('Deposit', { accountId, amount: 10 })));
    expect((await executor.load(accountId)).state.balance).toBe(100);
  });
});
