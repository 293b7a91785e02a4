import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { AggregateDefinition, Command, DomainEvent } from '../../runtime/aggregate/definition.js';
import type { LoadedAggregate } from '../../runtime/aggregate/repository.js';
import type { EnvelopeOf } from '../../runtime/aggregate/types.js';
import { UnknownCommandError } from '../../runtime/command/errors.js';
import { createDomainRuntime } from '../../runtime/domain/domain.js';
import { ConfigurationError } from '../../runtime/errors/errors.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { createInMemorySnapshotStore } from '../../runtime/store/memory/snapshots.js';
import { accountDefinition, createBanking, type AccountEvent, type AccountState } from '../support/fixtures/bank-account.js';
import { adapters, type Stores } from '../aggregate/adapters.js';
import { recordingPublisher } from '../aggregate/store-wrappers.js';

/** A second aggregate of the banking domain, to check routing by command name and per-aggregate types. */
type CustomerState = { readonly name: string | undefined };
type CustomerCommand = Command<'RegisterCustomer', { customerId: string; name: string }>;
type CustomerEvent = DomainEvent<'CustomerRegistered', { name: string }>;
const customerDefinition: AggregateDefinition<CustomerState, CustomerCommand, CustomerEvent> = {
  domain: 'banking',
  name: 'Customer',
  category: 'banking/Customer',
  idField: 'customerId',
  initialState: { name: undefined },
  evolve: (_state, event) => ({ name: event.data.name }),
  decide: (_state, command) => [{ type: 'CustomerRegistered', data: { name: command.data.name } }],
  commands: { RegisterCustomer: { type: 'RegisterCustomer', schema: z.object({ customerId: z.string().min(1), name: z.string() }), creates: true, pii: [] } },
  events: { CustomerRegistered: { type: 'CustomerRegistered', schemaVersion: 1, schema: z.object({ name: z.string() }), upcasters: {}, pii: { 1: [] } } },
  snapshot: undefined,
  stateSchemaHash: 'customer-v1',
  subject: undefined,
  statePii: [],
};

const OWNER = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe.each(adapters)('domain runtime on $name stores', (adapter) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await adapter.open();
  });
  afterEach(() => stores.close());

  it('runs the generated-style factory end to end: execute by command name, load by aggregate name', async () => {
    const bus = recordingPublisher();
    const banking = createBanking({ ...stores, bus });
    const accountId = randomUUID();
    await banking.execute('OpenAccount', { accountId, ownerId: OWNER, ownerName: 'Ada' });
    const deposit = await banking.execute('Deposit', { accountId, amount: 25 });

    expect(deposit.events[0]?.data).toEqual({ amount: 25, balanceAfter: 25 });
    expect(await banking.load('Account', accountId)).toMatchObject({ version: 2, exists: true, state: { balance: 25, status: 'open' } });
    expect(bus.batches.flat().map((event) => event.type)).toEqual(['AccountOpened', 'MoneyDeposited']);
    expect(banking.name).toBe('banking');
    expect(banking.aggregates.Account).toBe(accountDefinition);
  });

  it('routes each command to its own aggregate', async () => {
    const banking = createDomainRuntime('banking', { Account: accountDefinition, Customer: customerDefinition }, stores);
    const result = await banking.execute('RegisterCustomer', { customerId: 'c-1', name: 'Grace' });
    expect(result.streamId).toBe('banking/Customer/c-1');
    expect(await banking.load('Customer', 'c-1')).toMatchObject({ state: { name: 'Grace' }, version: 1 });
    // Another aggregate's id type: 'c-1' is no Account id (a UUID).
    await expect(banking.load('Account', 'c-1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await banking.load('Account', '7f0c4a52-3f7e-4c47-9a55-2c1c8a4b9e10')).exists).toBe(false);
  });

  it('rejects an unknown command or aggregate name from an untyped caller', async () => {
    const untyped = createDomainRuntime('banking', { Account: accountDefinition } as Record<string, AggregateDefinition<unknown, Command, DomainEvent>>, stores);
    await expect(untyped.execute('Transfer', {})).rejects.toBeInstanceOf(UnknownCommandError);
    await expect(untyped.execute('constructor', {})).rejects.toMatchObject({ code: 'COMMAND_UNKNOWN', commandType: 'constructor' });
    await expect(untyped.load('Ledger', 'x')).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('domain runtime configuration', () => {
  const stores = { store: createInMemoryEventStore(), snapshots: createInMemorySnapshotStore() };
  afterAll(() => Promise.all([stores.store.close(), stores.snapshots.close()]));

  it('refuses a command name declared by two aggregates', () => {
    const clash: AggregateDefinition<CustomerState, CustomerCommand, CustomerEvent> = {
      ...customerDefinition,
      commands: { RegisterCustomer: { ...customerDefinition.commands.RegisterCustomer } },
    };
    expect(() => createDomainRuntime('banking', { Customer: customerDefinition, Other: { ...clash, name: 'Other' } }, stores)).toThrow(
      /declares command 'RegisterCustomer' in more than one aggregate/,
    );
  });

  it('refuses an aggregate listed under another name or from another domain', () => {
    expect(() => createDomainRuntime('banking', { Accounts: accountDefinition }, stores)).toThrow(ConfigurationError);
    expect(() => createDomainRuntime('shop', { Account: accountDefinition }, stores)).toThrow(/belongs to domain 'banking', not 'shop'/);
  });

  it('types execute per command name and load per aggregate name', () => {
    const banking = createDomainRuntime('banking', { Account: accountDefinition, Customer: customerDefinition }, stores);
    type Banking = typeof banking;
    expectTypeOf<Parameters<Banking['execute']>[0]>().toEqualTypeOf<'OpenAccount' | 'Deposit' | 'Withdraw' | 'Close' | 'RegisterCustomer'>();
    expectTypeOf(banking.execute<'Deposit'>).parameter(1).toEqualTypeOf<{ accountId: string; amount: number }>();
    expectTypeOf(banking.execute<'Deposit'>).returns.resolves.toHaveProperty('events').toEqualTypeOf<readonly EnvelopeOf<AccountEvent>[]>();
    expectTypeOf(banking.execute<'RegisterCustomer'>).returns.resolves.toHaveProperty('events').toEqualTypeOf<readonly EnvelopeOf<CustomerEvent>[]>();
    expectTypeOf(banking.load<'Account'>).returns.resolves.toEqualTypeOf<LoadedAggregate<AccountState>>();
    expectTypeOf(banking.load<'Customer'>).returns.resolves.toEqualTypeOf<LoadedAggregate<CustomerState>>();

    // Compile-time only: each line is a type error the generated wrapper's callers get.
    const misuse = (): void => {
      // @ts-expect-error amount is a number
      void banking.execute('Deposit', { accountId: 'a', amount: '5' });
      // @ts-expect-error the id field is required
      void banking.execute('Deposit', { amount: 5 });
      // @ts-expect-error no such command
      void banking.execute('Transfer', { accountId: 'a' });
      // @ts-expect-error no such aggregate
      void banking.load('Ledger', 'a');
    };
    expect(typeof misuse).toBe('function');
  });
});
