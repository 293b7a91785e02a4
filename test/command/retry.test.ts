import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregateAlreadyExistsError, ConcurrencyError, ConfigurationError } from '../../runtime/errors/errors.js';
import { createCommandExecutor, DEFAULT_CONFLICT_RETRY, type CommandExecutorOptions } from '../../runtime/command/executor.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { accountDefinition } from '../support/fixtures/bank-account.js';
import type { NewEvent } from '../../runtime/events/envelope.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { racingStore } from '../aggregate/store-wrappers.js';
import { bankHarness, OWNER, readStream, rejectionOf } from './harness.js';

/** Another writer's deposit of 1000, landing between our load and our append. */
const intruderDeposit = (): NewEvent => ({ type: 'MoneyDeposited', data: { amount: 1000, balanceAfter: 0 }, schemaVersion: 2 });

/** Backoff waits recorded instead of slept; `random` fixes the jitter. */
function recordedWaits(random: number): { readonly waits: number[]; readonly timing: Pick<CommandExecutorOptions, 'sleep' | 'random'> } {
  const waits: number[] = [];
  return {
    waits,
    timing: {
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => random,
    },
  };
}

describe.each(adapters)('retry on ConcurrencyError on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
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

  it(`gives up after ${DEFAULT_CONFLICT_RETRY.maxAttempts} attempts by default and rethrows the ConcurrencyError`, async () => {
    const accountId = await bankHarness(stores).open();
    const store = racingStore(stores.store, Number.POSITIVE_INFINITY, intruderDeposit);
    const { waits, timing } = recordedWaits(0.5);
    const { executor, bus } = bankHarness({ ...stores, store }, timing);

    const error = await rejectionOf(executor.execute('Deposit', { accountId, amount: 1 }));

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(store.intrusions()).toBe(DEFAULT_CONFLICT_RETRY.maxAttempts);
    expect(waits).toHaveLength(DEFAULT_CONFLICT_RETRY.maxAttempts - 1);
    expect(bus.batches).toEqual([]);
  });

  it('waits a jittered, exponentially growing delay before each retry, capped, and never before the first attempt', async () => {
    const accountId = await bankHarness(stores).open();
    const conflictRetry = { maxAttempts: 6, baseDelayMs: 10, factor: 2, maxDelayMs: 50, jitter: 1 };
    // random() = 0 gives the longest wait of full jitter (delay × (1 − jitter × random)).
    const longest = recordedWaits(0);
    const store = racingStore(stores.store, Number.POSITIVE_INFINITY, intruderDeposit);
    await rejectionOf(bankHarness({ ...stores, store }, { conflictRetry, ...longest.timing }).executor.execute('Deposit', { accountId, amount: 1 }));
    expect(longest.waits).toEqual([10, 20, 40, 50, 50]);

    const jittered = recordedWaits(0.75);
    await rejectionOf(bankHarness({ ...stores, store }, { conflictRetry, ...jittered.timing }).executor.execute('Deposit', { accountId, amount: 1 }));
    expect(jittered.waits).toEqual([2.5, 5, 10, 12.5, 12.5]);

    const uncontended = recordedWaits(0);
    await bankHarness(stores, uncontended.timing).executor.execute('Deposit', { accountId, amount: 1 });
    expect(uncontended.waits).toEqual([]);
  });

  it('honours a configured maxAttempts, including 1 (every conflict surfaces at once)', async () => {
    const accountId = await bankHarness(stores).open();
    const store = racingStore(stores.store, Number.POSITIVE_INFINITY, intruderDeposit);
    const { waits, timing } = recordedWaits(0);
    await expect(bankHarness({ ...stores, store }, { conflictRetry: { maxAttempts: 1 }, ...timing }).executor.execute('Deposit', { accountId, amount: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(store.intrusions()).toBe(1);
    expect(waits).toEqual([]);
    await expect(bankHarness({ ...stores, store }, { conflictRetry: { maxAttempts: 6 }, ...timing }).executor.execute('Deposit', { accountId, amount: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
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
    const { executor, open } = bankHarness(stores, { conflictRetry: { maxAttempts: 20 } });
    const accountId = await open();
    await Promise.all(Array.from({ length: 10 }, () => executor.execute('Deposit', { accountId, amount: 10 })));
    expect((await executor.load(accountId)).state.balance).toBe(100);
  });
});

describe('conflictRetry settings', () => {
  it.each([
    [{ maxAttempts: 0 }, 'maxAttempts must be an integer from 1 to 1000 (got 0)'],
    [{ maxAttempts: 1_000_000 }, 'maxAttempts must be an integer from 1 to 1000 (got 1000000)'],
    [{ maxAttempts: 2.5 }, 'maxAttempts must be an integer'],
    [{ baseDelayMs: -1 }, 'baseDelayMs must be from 0 to 60000 (got -1)'],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, 'maxDelayMs must be from 0 to 60000 (got Infinity)'],
    [{ baseDelayMs: Number.NaN }, 'baseDelayMs must be from 0 to 60000 (got NaN)'],
    [{ factor: 0.5 }, 'factor must be from 1 to 10 (got 0.5)'],
    [{ jitter: 2 }, 'jitter must be from 0 to 1 (got 2)'],
    [{ maxAttempts: '5' }, "maxAttempts must be an integer from 1 to 1000 (got 5)"],
    [{ maxRetries: 5 }, "unknown setting 'maxRetries'; the settings are maxAttempts, baseDelayMs, factor, maxDelayMs, jitter"],
    [5, 'expected an object such as { maxAttempts: 20 }, got 5'],
    [null, 'expected an object such as { maxAttempts: 20 }, got null'],
  ])('refuses %j with a ConfigurationError naming the setting', (conflictRetry, message) => {
    // Untyped callers (JavaScript, configuration files) can pass anything.
    const create = () => createCommandExecutor(accountDefinition, { store: createInMemoryEventStore(), conflictRetry: conflictRetry as never });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(message);
  });
});
