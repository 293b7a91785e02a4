import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateDefinition, Command, DomainEvent } from '../../runtime/aggregate/definition.js';
import { createCommandExecutor } from '../../runtime/command/executor.js';
import { InvalidEventError, UnknownCommandError } from '../../runtime/command/errors.js';
import { AggregateAlreadyExistsError, AggregateNotFoundError, DomainError, ValidationError } from '../../runtime/errors/errors.js';
import { createMessageBus } from '../../runtime/bus/message-bus.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { accountDefinition, type AccountCommand, type AccountEvent, type AccountState } from '../support/fixtures/bank-account.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { bankHarness, NOW, OWNER, readStream, rejectionOf } from './harness.js';

/** Simulates a buggy custom handler (hand-written or plain JS) by replacing `decide` for one command. */
function withCustomDecide(
  decide: (command: AccountCommand) => readonly AccountEvent[] | undefined,
): AggregateDefinition<AccountState, AccountCommand, AccountEvent> {
  return { ...accountDefinition, decide: (state, command, context) => decide(command) ?? accountDefinition.decide(state, command, context) };
}

/** What an untyped caller (JavaScript, an HTTP adapter) sees: any command name, any data. */
const untypedExecutor = (stores: Stores) => createCommandExecutor<unknown, Command, DomainEvent>(accountDefinition, { store: stores.store });

describe.each(adapters)('command execution on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('executes commands and loads the state they produced', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    const deposit = await executor.execute('Deposit', { accountId, amount: 100 });
    const withdraw = await executor.execute('Withdraw', { accountId, amount: 30 });

    expect(deposit).toMatchObject({ id: accountId, streamId: `banking/Account/${accountId}`, version: 2, duplicate: false });
    expect(deposit.events).toMatchObject([{ type: 'MoneyDeposited', data: { amount: 100, balanceAfter: 100 }, version: 2 }]);
    expect(withdraw.version).toBe(3);
    expect(withdraw.events[0]?.position).toBeGreaterThan(deposit.events[0]?.position ?? Infinity);
    expect(await executor.load(accountId)).toMatchObject({
      version: 3,
      exists: true,
      state: { status: 'open', balance: 70, ownerId: OWNER, ownerName: 'Ada', tags: [] },
    });
  });

  it('stamps the envelope: source, subject, schema version, time from the clock, correlation and causation ids', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    const { events } = await executor.execute('Deposit', { accountId, amount: 5 }, { commandId: 'cmd-1', correlationId: 'req-9', headers: { tenant: 'acme' } });
    expect(events[0]).toMatchObject({
      type: 'MoneyDeposited',
      source: 'orchestrix:banking',
      subject: `banking/Account/${accountId}`,
      schemaVersion: 2,
      time: NOW,
      metadata: { correlationId: 'req-9', causationId: 'cmd-1', headers: { tenant: 'acme' } },
    });

    const [opened] = await readStream(stores.store, `banking/Account/${accountId}`);
    expect(opened?.schemaVersion).toBe(1);
    // Without ids given, the command gets a fresh one and correlates with itself.
    expect(opened?.metadata.causationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened?.metadata.correlationId).toBe(opened?.metadata.causationId);
  });

  it('stores the data as parsed by the event schema', async () => {
    const { executor, open } = bankHarness(stores, {}, withCustomDecide((command) =>
      // An extra key a custom handler might leak is stripped by the event schema.
      command.type === 'Deposit' ? [{ type: 'MoneyDeposited', data: { amount: 1, balanceAfter: 1, note: 'x' } as { amount: number; balanceAfter: number } }] : undefined,
    ));
    const accountId = await open();
    const { events } = await executor.execute('Deposit', { accountId, amount: 1 });
    expect(events[0]?.data).toEqual({ amount: 1, balanceAfter: 1 });
  });

  it('rejects invalid command data with a ValidationError listing every issue with its path, before touching the store', async () => {
    const { executor, bus } = bankHarness(stores);
    const error = await rejectionOf(executor.execute('Deposit', { accountId: 'not-a-uuid', amount: 0 }));
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((issue) => issue.path)).toEqual([['accountId'], ['amount']]);
    expect(issues.every((issue) => issue.message.length > 0 && issue.code.length > 0)).toBe(true);
    expect(bus.batches).toEqual([]);
  });

  it('rejects data that is not an object at all', async () => {
    await expect(untypedExecutor(stores).execute('Deposit', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: [] }] });
  });

  it('raises UnknownCommandError for a command the aggregate does not declare', async () => {
    const untyped = untypedExecutor(stores);
    for (const type of ['Transfer', 'toString', '__proto__']) {
      await expect(untyped.execute(type, {})).rejects.toBeInstanceOf(UnknownCommandError);
    }
  });

  it('raises AggregateNotFoundError for a non-creating command on a missing stream', async () => {
    const { executor } = bankHarness(stores);
    const accountId = randomUUID();
    const error = await rejectionOf(executor.execute('Deposit', { accountId, amount: 5 }));
    expect(error).toBeInstanceOf(AggregateNotFoundError);
    expect(error).toMatchObject({ code: 'AGGREGATE_NOT_FOUND', aggregate: 'Account', id: accountId });
    expect(await stores.store.streamVersion(`banking/Account/${accountId}`)).toBe(0);
  });

  it('raises AggregateAlreadyExistsError for a creating command on an existing stream', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    const error = await rejectionOf(executor.execute('OpenAccount', { accountId, ownerId: OWNER, ownerName: 'Bob' }));
    expect(error).toBeInstanceOf(AggregateAlreadyExistsError);
    expect(error).toMatchObject({ code: 'AGGREGATE_ALREADY_EXISTS', aggregate: 'Account', id: accountId });
    expect(await stores.store.streamVersion(`banking/Account/${accountId}`)).toBe(1);
  });

  it('propagates domain errors from requires checks with their codes, writing nothing', async () => {
    const { executor, open, bus } = bankHarness(stores);
    const accountId = await open();
    const limit = await rejectionOf(executor.execute('Deposit', { accountId, amount: 1_000_001 }));
    expect(limit).toBeInstanceOf(DomainError);
    expect(limit).toMatchObject({ code: 'LimitExceeded', message: 'Deposits are capped', command: 'Deposit' });
    await expect(executor.execute('Withdraw', { accountId, amount: 1 })).rejects.toMatchObject({ code: 'InsufficientFunds' });
    await executor.execute('Close', { accountId });
    await expect(executor.execute('Deposit', { accountId, amount: 1 })).rejects.toMatchObject({ code: 'PreconditionFailed' });
    expect(await stores.store.streamVersion(`banking/Account/${accountId}`)).toBe(2);
    expect(bus.batches.map((batch) => batch.map((event) => event.type))).toEqual([['AccountOpened'], ['AccountClosed']]);
  });

  it('passes the clock and the id to decide (custom handler)', async () => {
    const { executor, open } = bankHarness(stores);
    const accountId = await open();
    const { events } = await executor.execute('Close', { accountId });
    expect(events[0]?.data).toEqual({ closedAt: NOW });
  });

  it('raises InvalidEventError when a handler emits data that fails the event schema, writing nothing', async () => {
    const buggy = withCustomDecide((command) => (command.type === 'Close' ? [{ type: 'AccountClosed', data: { closedAt: 'yesterday' } }] : undefined));
    const { executor, open } = bankHarness(stores, {}, buggy);
    const accountId = await open();
    const error = await rejectionOf(executor.execute('Close', { accountId }));
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ code: 'EVENT_INVALID', eventType: 'AccountClosed', command: 'Close', issues: [{ path: ['closedAt'] }] });
    expect(await stores.store.streamVersion(`banking/Account/${accountId}`)).toBe(1);
  });

  it('raises InvalidEventError when a handler emits an event type the aggregate does not declare', async () => {
    // What an untyped (JavaScript) custom handler could return.
    const frozen = JSON.parse('[{ "type": "AccountFrozen", "data": {} }]') as AccountEvent[];
    const { executor, open } = bankHarness(stores, {}, withCustomDecide((command) => (command.type === 'Close' ? frozen : undefined)));
    const accountId = await open();
    await expect(executor.execute('Close', { accountId })).rejects.toMatchObject({ code: 'EVENT_INVALID', eventType: 'AccountFrozen', issues: [{ path: ['type'] }] });
  });

  it('appends nothing and publishes nothing for a decision without events', async () => {
    const { executor, open, bus } = bankHarness(stores, {}, withCustomDecide((command) => (command.type === 'Close' ? [] : undefined)));
    const accountId = await open();
    const result = await executor.execute('Close', { accountId });
    expect(result).toMatchObject({ version: 1, events: [], duplicate: false });
    expect(bus.batches).toHaveLength(1);
  });

  it('publishes the stored envelopes only after the append committed', async () => {
    const seenInStore: number[] = [];
    const { executor, open, bus } = bankHarness(stores, {
      bus: {
        publish: async (events: readonly EventEnvelope[]) => {
          for (const event of events) seenInStore.push(await stores.store.streamVersion(event.streamId));
        },
      },
    });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 1 });
    expect(seenInStore).toEqual([1, 2]);
    expect(bus.batches).toEqual([]);
  });

  it('delivers through the real message bus', async () => {
    const messageBus = createMessageBus();
    const received: string[] = [];
    messageBus.subscribe({ name: 'audit', on: ['MoneyDeposited'], handle: (event) => void received.push(`${event.type}@${event.version}`) });
    const { executor, open } = bankHarness(stores, { bus: messageBus });
    const accountId = await open();
    await executor.execute('Deposit', { accountId, amount: 9 });
    await messageBus.drain();
    expect(received).toEqual(['MoneyDeposited@2']);
  });

  it('keeps a committed command successful when publishing fails, and reports it', async () => {
    const { executor, open, reported } = bankHarness(stores, {
      bus: {
        publish: () => Promise.reject(new Error('broker down')),
      },
    });
    const accountId = await open();
    const result = await executor.execute('Deposit', { accountId, amount: 4 });
    expect(result.version).toBe(2);
    expect(reported.map(({ context }) => context)).toEqual([
      { phase: 'publish', aggregate: 'Account', streamId: `banking/Account/${accountId}`, command: 'OpenAccount' },
      { phase: 'publish', aggregate: 'Account', streamId: `banking/Account/${accountId}`, command: 'Deposit' },
    ]);
    expect(reported[0]?.error).toMatchObject({ message: 'broker down' });
  });

  it('survives an error reporter that throws', async () => {
    const { executor, open } = bankHarness(stores, {
      bus: { publish: () => Promise.reject(new Error('broker down')) },
      onError: () => {
        throw new Error('logger down');
      },
    });
    const accountId = await open();
    expect((await executor.execute('Deposit', { accountId, amount: 4 })).version).toBe(2);
  });
});
