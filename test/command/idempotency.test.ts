import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { bankHarness, OWNER, readStream } from './harness.js';
import { countingStore } from '../aggregate/store-wrappers.js';
import type { NewEvent } from '../../runtime/events/envelope.js';
import type { AppendOptions } from '../../runtime/store/event-store.js';
import { randomUUID } from 'node:crypto';

describe.each(adapters)('idempotent command execution (commandId) on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('applies a command id once: the retry returns the first result without writing or publishing', async () => {
    const { executor, open, bus } = bankHarness(stores);
    const accountId = await open();
    const first = await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'req-1' });
    const retry = await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'req-1' });

    expect(first.duplicate).toBe(false);
    expect(retry).toMatchObject({ duplicate: true, version: 2 });
    expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect((await executor.load(accountId)).state.balance).toBe(10);
    expect(bus.batches).toHaveLength(2);
  });

  it('recognises the retry after other commands moved the stream on', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    const first = await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'req-1' });
    await executor.execute('Deposit', { accountId, amount: 5 });
    const retry = await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'req-1' });
    expect(retry).toMatchObject({ duplicate: true, version: first.version });
    expect((await executor.load(accountId)).state.balance).toBe(15);
  });

  it('answers a retried create with the first result instead of AggregateAlreadyExistsError', async () => {
    const { executor } = bankHarness(stores);
    const accountId = randomUUID();
    const command = { accountId, ownerId: OWNER, ownerName: 'Ada' };
    const first = await executor.execute('OpenAccount', command, { commandId: 'open-1' });
    const retry = await executor.execute('OpenAccount', command, { commandId: 'open-1' });
    expect(retry).toMatchObject({ duplicate: true, version: 1 });
    expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    // Another command id is a genuinely new attempt to create it.
    await expect(executor.execute('OpenAccount', command, { commandId: 'open-2' })).rejects.toMatchObject({ code: 'AGGREGATE_ALREADY_EXISTS' });
  });

  it('answers a retry that the current state would reject with the first result', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 10 });
    const first = await executor.execute('Withdraw', { accountId, amount: 10 }, { commandId: 'w-1' });
    // The balance is now 0: deciding again would raise InsufficientFunds.
    const retry = await executor.execute('Withdraw', { accountId, amount: 10 }, { commandId: 'w-1' });
    expect(retry).toMatchObject({ duplicate: true, version: first.version });
    await expect(executor.execute('Withdraw', { accountId, amount: 10 }, { commandId: 'w-2' })).rejects.toMatchObject({ code: 'InsufficientFunds' });
  });

  it("answers from the store's idempotency key: one empty append under the command id, no scan of the stream", async () => {
    const counting = countingStore(stores.store);
    const appends: { events: number; options: unknown }[] = [];
    const observed = { ...counting, append: (streamId: string, events: readonly NewEvent[], options?: AppendOptions) => (appends.push({ events: events.length, options }), counting.append(streamId, events, options)) };
    const { executor, open } = bankHarness({ ...stores, store: observed });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 10 });
    await executor.execute('Withdraw', { accountId, amount: 10 }, { commandId: 'w-1' });
    counting.reset();
    appends.splice(0);
    const retry = await executor.execute('Withdraw', { accountId, amount: 10 }, { commandId: 'w-1' });
    expect(retry.duplicate).toBe(true);
    // The load reads the stream once; the earlier batch comes from the store's key, not from a second read.
    expect(counting.reads).toHaveLength(1);
    expect(appends).toEqual([{ events: 0, options: { idempotencyKey: 'w-1' } }]);
  });

  it('treats different command ids as different commands', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'a' });
    await executor.execute('Deposit', { accountId, amount: 10 }, { commandId: 'b' });
    const stored = await readStream(stores.store, `banking/Account/${accountId}`);
    expect(stored.map((event) => event.metadata.causationId).slice(1)).toEqual(['a', 'b']);
    expect((await executor.load(accountId)).state.balance).toBe(20);
  });
});
