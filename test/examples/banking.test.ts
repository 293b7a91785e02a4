// The banking example (domains/banking.yaml) through its GENERATED code: every command of Account
// with given/when/then, evolve, the v1 -> v2 upcast of MoneyDeposited (v2 adds the deposit channel;
// v1 deposits become `legacy` ones), command validation, the hand-written Close handler, and the
// domain runtime end to end on in-memory and SQLite-file stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AggregateAlreadyExistsError,
  AggregateNotFoundError,
  createEventReader,
  createInMemoryEventStore,
  DEFAULT_TEST_NOW,
  DomainError,
  given,
  UpcastError,
  ValidationError,
  type EventEnvelope,
  type EventStore,
} from 'orchestrix/runtime';
import {
  ACCOUNT_STATE_SCHEMA_HASH,
  accountDefinition,
  createBanking,
  evolveAccount,
  initialAccountState,
  upcastMoneyDepositedV1,
  type AccountEvent,
  type AccountState,
  type Address,
  type Banking,
  type Deposit,
  type DepositChannel,
  type OpenAccount,
  type TagAccount,
} from '../../examples/generated/banking/index.js';
import { decideClose } from '../../examples/handlers/banking/account/close.js';
import { backends, clock, NOW, readStream, rejectionOf, summarize, thrownBy, type Backend } from './support.js';

const accountId = '5c1e7a52-8f0e-4c1a-9a53-1f0b7d3e4a10';
const ownerId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const streamId = `banking/Account/${accountId}`;
const address: Address = { street: '12 Analytical Row', city: 'London', postcode: 'N1 9GU' };
const ownerName = 'Ada Lovelace';

const opened: AccountEvent = { type: 'AccountOpened', data: { ownerId, ownerName, address, currency: 'GBP' } };
const deposited = (amount: number, balanceAfter: number, channel: DepositChannel = 'online'): AccountEvent => ({
  type: 'MoneyDeposited',
  data: { amount, balanceAfter, channel },
});
const withdrawn = (amount: number, balanceAfter: number): AccountEvent => ({ type: 'MoneyWithdrawn', data: { amount, balanceAfter } });
const tagged = (tag: string): AccountEvent => ({ type: 'AccountTagged', data: { tag } });
const closed = (closedAt: string): AccountEvent => ({ type: 'AccountClosed', data: { closedAt } });

/** The state right after `opened`. */
const openState: AccountState = { ...initialAccountState, ownerId, ownerName, address, currency: 'GBP', status: 'open' };
const openCommand: OpenAccount = { accountId, ownerId, ownerName, address, currency: 'GBP' };
const tenTags = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'];

describe('banking Account: given/when/then through the generated decide and evolve', () => {
  it('starts from the declared defaults', () => {
    expect(initialAccountState).toStrictEqual({ currency: 'EUR', balance: 0, status: 'pending', tags: [] });
    expect(given(accountDefinition).state).toBe(initialAccountState);
  });

  describe('OpenAccount (creates)', () => {
    it('emits AccountOpened with the same-named command fields and opens the account', () => {
      given(accountDefinition)
        .when({ type: 'OpenAccount', data: openCommand })
        .then([opened])
        .thenState({ ...initialAccountState, ownerId, ownerName, address, currency: 'GBP', status: 'open' });
    });

    it('applies the currency default (EUR) before decide', () => {
      // The command type is the schema's output, where the defaulted field is required; the input may omit it.
      const withoutCurrency = { accountId, ownerId, ownerName, address } as OpenAccount;
      given(accountDefinition)
        .when({ type: 'OpenAccount', data: withoutCurrency })
        .then([{ type: 'AccountOpened', data: { ownerId, ownerName, address, currency: 'EUR' } }]);
    });

    it('refuses an account that already exists', () => {
      const error = given(accountDefinition, [opened]).when({ type: 'OpenAccount', data: openCommand }).thenError('AGGREGATE_ALREADY_EXISTS');
      expect(error).toBeInstanceOf(AggregateAlreadyExistsError);
      expect(error).toMatchObject({ aggregate: 'Account', id: accountId });
    });
  });

  describe('Deposit', () => {
    it("emits MoneyDeposited with balanceAfter = state.balance + amount and the default channel 'online', and takes the balance from balanceAfter", () => {
      // The command type is the schema's output, where the defaulted channel is required; the input may omit it.
      const withoutChannel = { accountId, amount: 70 } as Deposit;
      given(accountDefinition, [opened, deposited(30, 30)])
        .when({ type: 'Deposit', data: withoutChannel })
        .then([{ type: 'MoneyDeposited', data: { amount: 70, balanceAfter: 100, channel: 'online' } }])
        .thenState({ ...openState, balance: 100 });
    });

    it('records the channel the command gives', () => {
      given(accountDefinition, [opened, deposited(30, 30)])
        .when({ type: 'Deposit', data: { accountId, amount: 70, channel: 'counter' } })
        .then([deposited(70, 100, 'counter')])
        .thenState({ ...openState, balance: 100 });
      given(accountDefinition, [opened])
        .when({ type: 'Deposit', data: { accountId, amount: 5, channel: 'online' } })
        .then([{ type: 'MoneyDeposited', data: { amount: 5, balanceAfter: 5, channel: 'online' } }]);
    });

    it('accepts exactly the cap of 1,000,000', () => {
      given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 1_000_000, channel: 'online' } }).then([deposited(1_000_000, 1_000_000)]);
    });

    it('fails with LimitExceeded above the cap', () => {
      const error = given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 1_000_001, channel: 'online' } }).thenError('LimitExceeded');
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('Deposits are capped at 1,000,000');
      expect(error).toMatchObject({ command: 'Deposit' });
    });

    it('fails with PreconditionFailed (shorthand check state.status == open) on a closed account, before the cap check', () => {
      const error = given(accountDefinition, [opened, closed(NOW)]).when({ type: 'Deposit', data: { accountId, amount: 5_000_000, channel: 'online' } }).thenError('PreconditionFailed');
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('Status must be open');
    });

    it('fails with AGGREGATE_NOT_FOUND on an account never opened', () => {
      const error = given(accountDefinition).when({ type: 'Deposit', data: { accountId, amount: 1, channel: 'online' } }).thenError('AGGREGATE_NOT_FOUND');
      expect(error).toBeInstanceOf(AggregateNotFoundError);
      expect(error).toMatchObject({ aggregate: 'Account', id: accountId });
    });
  });

  describe('Withdraw', () => {
    it('emits MoneyWithdrawn with balanceAfter = state.balance - amount and lowers the balance', () => {
      given(accountDefinition, [opened, deposited(100, 100)])
        .when({ type: 'Withdraw', data: { accountId, amount: 35 } })
        .then([withdrawn(35, 65)])
        .thenState({ ...openState, balance: 65 });
    });

    it('may withdraw the whole balance', () => {
      given(accountDefinition, [opened, deposited(100, 100)])
        .when({ type: 'Withdraw', data: { accountId, amount: 100 } })
        .then([withdrawn(100, 0)])
        .thenState({ ...openState, balance: 0 });
    });

    it('fails with InsufficientFunds when the balance does not cover it', () => {
      const error = given(accountDefinition, [opened, deposited(100, 100)]).when({ type: 'Withdraw', data: { accountId, amount: 101 } }).thenError('InsufficientFunds');
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('The balance does not cover the withdrawal');
    });

    it('fails with PreconditionFailed on a closed account', () => {
      given(accountDefinition, [opened, closed(NOW)]).when({ type: 'Withdraw', data: { accountId, amount: 1 } }).thenError('PreconditionFailed');
    });

    it('fails with AGGREGATE_NOT_FOUND on an account never opened', () => {
      given(accountDefinition).when({ type: 'Withdraw', data: { accountId, amount: 1 } }).thenError('AGGREGATE_NOT_FOUND');
    });
  });

  describe('TagAccount', () => {
    it('emits AccountTagged and appends the tag to the state, keeping the order', () => {
      given(accountDefinition, [opened, tagged('vip')])
        .when({ type: 'TagAccount', data: { accountId, tag: 'savings-2024' } })
        .then([tagged('savings-2024')])
        .thenState({ ...openState, tags: ['vip', 'savings-2024'] });
    });

    it('fails with AlreadyTagged for a tag the account has', () => {
      const error = given(accountDefinition, [opened, tagged('vip'), tagged('gold')]).when({ type: 'TagAccount', data: { accountId, tag: 'vip' } }).thenError('AlreadyTagged');
      expect(error.message).toBe('The account already has this tag');
    });

    it('accepts the tenth tag and fails with TooManyTags on the eleventh', () => {
      const nine = tenTags.slice(0, 9).map(tagged);
      given(accountDefinition, [opened, ...nine])
        .when({ type: 'TagAccount', data: { accountId, tag: 'a9' } })
        .thenState({ ...openState, tags: tenTags });
      const error = given(accountDefinition, [opened, ...tenTags.map(tagged)]).when({ type: 'TagAccount', data: { accountId, tag: 'b0' } }).thenError('TooManyTags');
      expect(error.message).toBe('An account has at most 10 tags');
    });

    it('checks AlreadyTagged before TooManyTags (the order of requires)', () => {
      given(accountDefinition, [opened, ...tenTags.map(tagged)]).when({ type: 'TagAccount', data: { accountId, tag: 'a3' } }).thenError('AlreadyTagged');
    });

    it('fails with AGGREGATE_NOT_FOUND on an account never opened', () => {
      given(accountDefinition).when({ type: 'TagAccount', data: { accountId, tag: 'vip' } }).thenError('AGGREGATE_NOT_FOUND');
    });
  });

  describe('Close (custom handler)', () => {
    it('emits AccountClosed at the handler clock and records closedAt in the state', () => {
      given(accountDefinition, [opened, deposited(10, 10), withdrawn(10, 0)])
        .when({ type: 'Close', data: { accountId } })
        .then([closed(DEFAULT_TEST_NOW)])
        .thenState({ ...openState, status: 'closed', closedAt: DEFAULT_TEST_NOW });
      given(accountDefinition, [opened], { now: NOW }).when({ type: 'Close', data: { accountId } }).then([closed(NOW)]);
    });

    it('fails with BalanceNotZero while money is left', () => {
      const error = given(accountDefinition, [opened, deposited(1, 1)]).when({ type: 'Close', data: { accountId } }).thenError('BalanceNotZero');
      expect(error).toBeInstanceOf(DomainError);
      expect(error.message).toBe('Withdraw the balance before closing the account');
    });

    it('fails with NotOpen on a closed account, whatever the balance', () => {
      const error = given(accountDefinition, [opened, closed(NOW)]).when({ type: 'Close', data: { accountId } }).thenError('NotOpen');
      expect(error.message).toBe('Only an open account can be closed');
      // Status is checked first: a closed account with money still reports NotOpen.
      given(accountDefinition, [opened, deposited(5, 5), closed(NOW)]).when({ type: 'Close', data: { accountId } }).thenError('NotOpen');
    });

    it('fails with AGGREGATE_NOT_FOUND on an account never opened', () => {
      given(accountDefinition).when({ type: 'Close', data: { accountId } }).thenError('AGGREGATE_NOT_FOUND');
    });

    it('is the hand-written decideClose, called with the state, the command and the context', () => {
      expect(decideClose(openState, { accountId }, { id: accountId, now: NOW })).toStrictEqual([closed(NOW)]);
      expect(thrownBy(() => decideClose(initialAccountState, { accountId }, { id: accountId, now: NOW }))).toMatchObject({ code: 'NotOpen', command: 'Close' });
    });
  });

  describe('evolve', () => {
    it('folds a whole history: implicit copies, explicit apply, append', () => {
      const history = [opened, deposited(500, 500), withdrawn(120, 380), tagged('vip'), deposited(20, 400), tagged('savings'), withdrawn(400, 0), closed(NOW)];
      expect(history.reduce(evolveAccount, initialAccountState)).toStrictEqual({
        ownerId,
        ownerName,
        address,
        currency: 'GBP',
        balance: 0,
        status: 'closed',
        tags: ['vip', 'savings'],
        closedAt: NOW,
      });
    });

    it('takes the balance of a deposit from balanceAfter (apply: balance: event.balanceAfter), not from the amounts', () => {
      // MoneyDeposited's apply sets the balance to the recorded balanceAfter, whatever the amount.
      expect(evolveAccount({ ...openState, balance: 10 }, deposited(5, 999)).balance).toBe(999);
      expect(evolveAccount({ ...openState, balance: 10 }, deposited(5, 3, 'legacy')).balance).toBe(3);
      // MoneyWithdrawn still subtracts its amount (apply: state.balance - event.amount) and ignores its balanceAfter.
      expect(evolveAccount({ ...openState, balance: 10 }, withdrawn(4, 999)).balance).toBe(6);
      // Folded: the amounts sum to 60, but the balance is the last deposit's balanceAfter (then minus the withdrawal).
      expect(given(accountDefinition, [opened, deposited(10, 500), deposited(20, 250), deposited(30, 1234)]).state).toStrictEqual({ ...openState, balance: 1234 });
      expect(given(accountDefinition, [opened, deposited(10, 500), deposited(30, 1234), withdrawn(4, 0)]).state).toStrictEqual({ ...openState, balance: 1230 });
      // The next deposit's balanceAfter builds on that balance.
      given(accountDefinition, [opened, deposited(10, 500), deposited(30, 1234)])
        .when({ type: 'Deposit', data: { accountId, amount: 6, channel: 'counter' } })
        .then([deposited(6, 1240, 'counter')])
        .thenState({ ...openState, balance: 1240 });
    });

    it('leaves an erased personal value out of the state instead of setting it to undefined', () => {
      // After forget, AccountOpened reads back without ownerName (pii without an erased value).
      const erased: AccountEvent = { type: 'AccountOpened', data: { ownerId, address, currency: 'GBP' } };
      const state = evolveAccount({ ...initialAccountState, ownerName: 'stale' }, erased);
      expect(Object.keys(state)).not.toContain('ownerName');
      expect(state).toStrictEqual({ ...initialAccountState, ownerId, address, currency: 'GBP', status: 'open' });
    });

    it('builds every state with its fields in one order, whichever event made it', () => {
      // Required fields, then the optional ones present, each in declaration order: states with the
      // same fields present share a hidden class in V8.
      const order = ['currency', 'balance', 'status', 'tags', 'ownerId', 'ownerName', 'address', 'closedAt'];
      let state = initialAccountState;
      for (const event of [opened, deposited(10, 10), withdrawn(5, 5), tagged('vip'), closed(NOW)]) {
        state = evolveAccount(state, event);
        const keys = Object.keys(state);
        expect(keys).toEqual(order.filter((k) => keys.includes(k)));
        expect(Object.values(state)).not.toContain(undefined);
      }
      expect(Object.keys(state)).toEqual(order);
    });

    it('does not modify the state it is given', () => {
      const before = { ...openState, tags: ['vip'] };
      const after = evolveAccount(before, tagged('gold'));
      expect(before.tags).toEqual(['vip']);
      expect(after.tags).toEqual(['vip', 'gold']);
    });
  });
});

describe("banking MoneyDeposited upcasting (v1 { amount, balanceAfter } -> v2 { amount, balanceAfter, channel: 'legacy' })", () => {
  it('the generated upcaster lifts v1 data: amount and balanceAfter copied by name, channel legacy', () => {
    const v1 = { amount: 42, balanceAfter: 142 };
    expect(upcastMoneyDepositedV1(v1)).toStrictEqual({ amount: 42, balanceAfter: 142, channel: 'legacy' });
    expect(v1).toStrictEqual({ amount: 42, balanceAfter: 142 });
    expect(accountDefinition.events.MoneyDeposited).toMatchObject({ schemaVersion: 2, upcasters: { 1: upcastMoneyDepositedV1 } });
    // v1 data is checked against the v1 schema, which requires balanceAfter.
    expect(thrownBy(() => upcastMoneyDepositedV1({ amount: 42 }))).toBeInstanceOf(Error);
  });

  it('the event reader lifts a stored v1 envelope and leaves a v2 one as stored', () => {
    const read = createEventReader(accountDefinition);
    const envelope = (schemaVersion: number, data: unknown): EventEnvelope => ({
      id: 'e1',
      type: 'MoneyDeposited',
      source: 'legacy',
      subject: streamId,
      time: NOW,
      data,
      streamId,
      version: 2,
      position: 2,
      schemaVersion,
      metadata: {},
    });
    const stored = { amount: 42, balanceAfter: 50 };
    expect(read(envelope(1, stored))).toStrictEqual({ type: 'MoneyDeposited', data: { amount: 42, balanceAfter: 50, channel: 'legacy' } });
    expect(stored).toStrictEqual({ amount: 42, balanceAfter: 50 });
    const current = envelope(2, { amount: 42, balanceAfter: 50, channel: 'counter' });
    expect(read(current)).toMatchObject({ type: 'MoneyDeposited', data: { amount: 42, balanceAfter: 50, channel: 'counter' } });
    expect(read(current).data).toBe(current.data);
  });

  describe.each(backends)('on $name stores', (kind) => {
    let backend: Backend;
    beforeEach(async () => {
      backend = await kind.start();
    });
    afterEach(() => backend.dispose());

    it('loads an account whose stream holds a v1 MoneyDeposited, continues it at v2, and never rewrites the stored v1 event', async () => {
      const banking = createBanking({ store: backend.store, snapshots: backend.snapshots, clock });
      await banking.execute('OpenAccount', { ...openCommand, currency: 'EUR' });
      // Deposits written before channels existed, in the v1 shape { amount, balanceAfter }; the
      // account was migrated with an opening balance of 1,000, so balanceAfter is not the sum of the amounts.
      await backend.store.append(
        streamId,
        [
          { type: 'MoneyDeposited', data: { amount: 100, balanceAfter: 1100 }, schemaVersion: 1 },
          { type: 'MoneyDeposited', data: { amount: 25, balanceAfter: 1125 }, schemaVersion: 1 },
        ],
        { expectedVersion: 1 },
      );

      const loaded = await banking.load('Account', accountId);
      expect(loaded).toMatchObject({ version: 3, exists: true, snapshotVersion: 0 });
      expect(loaded.state).toStrictEqual({ ...openState, currency: 'EUR', balance: 1125 });
      // Read through the aggregate's event reader, the stored v1 events are v2 events from the legacy channel.
      const read = createEventReader(accountDefinition);
      expect((await readStream(backend.store, streamId)).slice(1).map(read)).toStrictEqual([
        { type: 'MoneyDeposited', data: { amount: 100, balanceAfter: 1100, channel: 'legacy' } },
        { type: 'MoneyDeposited', data: { amount: 25, balanceAfter: 1125, channel: 'legacy' } },
      ]);

      const result = await banking.execute('Deposit', { accountId, amount: 50, channel: 'online' });
      expect(result.events.map(({ type, data, version, schemaVersion }) => ({ type, data, version, schemaVersion }))).toStrictEqual([
        { type: 'MoneyDeposited', data: { amount: 50, balanceAfter: 1175, channel: 'online' }, version: 4, schemaVersion: 2 },
      ]);

      const stores = await backend.reopen();
      const stored = await readStream(stores.store, streamId);
      expect(summarize(stored)[0]).toStrictEqual({ type: 'AccountOpened', version: 1, schemaVersion: 1 });
      expect(stored.slice(1).map(({ type, version, schemaVersion, data }) => ({ type, version, schemaVersion, data }))).toStrictEqual([
        { type: 'MoneyDeposited', version: 2, schemaVersion: 1, data: { amount: 100, balanceAfter: 1100 } },
        { type: 'MoneyDeposited', version: 3, schemaVersion: 1, data: { amount: 25, balanceAfter: 1125 } },
        { type: 'MoneyDeposited', version: 4, schemaVersion: 2, data: { amount: 50, balanceAfter: 1175, channel: 'online' } },
      ]);
      const reloaded = await createBanking({ store: stores.store, clock }).load('Account', accountId);
      expect(reloaded.state.balance).toBe(1175);
    });

    it('refuses a stored version newer than the domain knows, and malformed v1 data, with UPCAST_FAILED', async () => {
      const banking = createBanking({ store: backend.store, clock });
      await banking.execute('OpenAccount', openCommand);
      await backend.store.append(streamId, [{ type: 'MoneyDeposited', data: { amount: 1, balanceAfter: 1, currency: 'EUR' }, schemaVersion: 3 }]);
      const newer = await rejectionOf(banking.load('Account', accountId));
      expect(newer).toBeInstanceOf(UpcastError);
      expect(newer).toMatchObject({ code: 'UPCAST_FAILED', eventType: 'MoneyDeposited', fromVersion: 3, toVersion: 2 });

      const otherId = 'a2d6a0b1-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
      await banking.execute('OpenAccount', { ...openCommand, accountId: otherId });
      // Malformed in the v1 shape: balanceAfter is there, the amount is not an integer.
      await backend.store.append(`banking/Account/${otherId}`, [{ type: 'MoneyDeposited', data: { amount: 'ten', balanceAfter: 10 }, schemaVersion: 1 }]);
      const malformed = await rejectionOf(banking.load('Account', otherId));
      expect(malformed).toMatchObject({ code: 'UPCAST_FAILED', fromVersion: 1, toVersion: 2 });
      expect((malformed as Error).cause).toBeInstanceOf(Error);
    });
  });
});

describe('banking command validation through execute', () => {
  let store: EventStore;
  let banking: Banking;
  beforeEach(async () => {
    store = createInMemoryEventStore();
    banking = createBanking({ store, clock });
    await banking.execute('OpenAccount', openCommand);
  });
  afterEach(() => store.close());

  /** Executes, expects a ValidationError and returns its issues without the messages. */
  async function issuesOf(run: () => Promise<unknown>): Promise<{ path: readonly (string | number)[]; code: string }[]> {
    const versionBefore = await store.streamVersion(streamId);
    const error = await rejectionOf(run());
    expect(error).toBeInstanceOf(ValidationError);
    // Nothing was written.
    expect(await store.streamVersion(streamId)).toBe(versionBefore);
    return (error as ValidationError).issues.map(({ path, code }) => ({ path, code }));
  }

  it('rejects a negative, zero or fractional amount, naming the path', async () => {
    expect(await issuesOf(() => banking.execute('Deposit', { accountId, amount: -5, channel: 'online' }))).toEqual([{ path: ['amount'], code: 'too_small' }]);
    expect(await issuesOf(() => banking.execute('Withdraw', { accountId, amount: 0 }))).toEqual([{ path: ['amount'], code: 'too_small' }]);
    expect(await issuesOf(() => banking.execute('Deposit', { accountId, amount: 1.5, channel: 'online' }))).toEqual([{ path: ['amount'], code: 'invalid_type' }]);
  });

  it('rejects an id that is not a uuid', async () => {
    expect(await issuesOf(() => banking.execute('Deposit', { accountId: 'acc-1', amount: 5, channel: 'online' }))).toEqual([{ path: ['accountId'], code: 'invalid_format' }]);
    expect(await issuesOf(() => banking.execute('Close', { accountId: '' }))).toEqual([{ path: ['accountId'], code: 'invalid_format' }]);
  });

  it("rejects a tag that breaks the pattern ^[a-z][a-z0-9-]*$ or the 32-character limit", async () => {
    for (const tag of ['Vip', '1vip', 'vip tag', 'vip_1', '']) {
      expect(await issuesOf(() => banking.execute('TagAccount', { accountId, tag }))).toEqual([{ path: ['tag'], code: 'invalid_format' }]);
    }
    expect(await issuesOf(() => banking.execute('TagAccount', { accountId, tag: `a${'b'.repeat(32)}` }))).toEqual([{ path: ['tag'], code: 'too_big' }]);
    const accepted = await banking.execute('TagAccount', { accountId, tag: `a${'b'.repeat(31)}` });
    expect(accepted.events[0]?.data).toStrictEqual({ tag: `a${'b'.repeat(31)}` });
  });

  it('rejects unknown keys (command schemas are strict)', async () => {
    const withExtra = { accountId, tag: 'vip', colour: 'gold' };
    const error = await rejectionOf(banking.execute('TagAccount', withExtra));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: [], code: 'unrecognized_keys', message: expect.stringContaining('colour') }]);
    const smuggled: TagAccount = withExtra;
    expect(await issuesOf(() => banking.execute('TagAccount', smuggled))).toEqual([{ path: [], code: 'unrecognized_keys' }]);
  });

  it('lists every issue of OpenAccount with its path, nested ones included', async () => {
    const bad = { accountId: 'a2d6a0b1-3c4d-4e5f-8a9b-0c1d2e3f4a5b', ownerId: 'nobody', ownerName: '', address: { street: 'x', postcode: 'y' }, currency: 'JPY' };
    const error = await rejectionOf(banking.execute('OpenAccount', bad as unknown as OpenAccount));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^Invalid 'OpenAccount' command: ownerId .* \(and 3 more\)$/);
    expect((error as ValidationError).issues.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: ['ownerId'], code: 'invalid_format' },
      { path: ['ownerName'], code: 'too_small' },
      { path: ['address', 'city'], code: 'invalid_type' },
      { path: ['currency'], code: 'invalid_value' },
    ]);
    expect(await issuesOf(() => banking.execute('OpenAccount', { ...openCommand, ownerName: 'x'.repeat(201) }))).toEqual([{ path: ['ownerName'], code: 'too_big' }]);
  });

  it('rejects unknown keys inside the address (value-object schemas are strict), writing nothing', async () => {
    const otherId = 'a2d6a0b1-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const withExtra = { ...openCommand, accountId: otherId, address: { ...address, country: 'UK' } };
    const error = await rejectionOf(banking.execute('OpenAccount', withExtra));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: ['address'], code: 'unrecognized_keys', message: expect.stringContaining('country') }]);
    expect((error as ValidationError).message).toMatch(/^Invalid 'OpenAccount' command: address /);
    expect(await store.streamVersion(`banking/Account/${otherId}`)).toBe(0);
    // The TypeScript type does not stop it either: an object with more keys is assignable.
    const smuggled: OpenAccount = withExtra;
    expect(await rejectionOf(banking.execute('OpenAccount', smuggled))).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['address'], code: 'unrecognized_keys' }] });
    expect(await store.streamVersion(`banking/Account/${otherId}`)).toBe(0);
    // Without the extra key the same command opens the account.
    expect((await banking.execute('OpenAccount', { ...withExtra, address })).version).toBe(1);
  });

  it("applies the channel default: 'online' when a Deposit omits it; rejects a channel outside the enum", async () => {
    const withoutChannel = { accountId, amount: 5 } as Deposit;
    const result = await banking.execute('Deposit', withoutChannel);
    expect(result.events[0]?.data).toStrictEqual({ amount: 5, balanceAfter: 5, channel: 'online' });
    const counter = await banking.execute('Deposit', { accountId, amount: 7, channel: 'counter' });
    expect(counter.events[0]?.data).toStrictEqual({ amount: 7, balanceAfter: 12, channel: 'counter' });
    const atm = { accountId, amount: 5, channel: 'atm' } as unknown as Deposit;
    expect(await issuesOf(() => banking.execute('Deposit', atm))).toEqual([{ path: ['channel'], code: 'invalid_value' }]);
  });

  it('applies the currency default: EUR when the command omits it', async () => {
    const otherId = 'a2d6a0b1-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const withoutCurrency = { accountId: otherId, ownerId, ownerName, address } as OpenAccount;
    const result = await banking.execute('OpenAccount', withoutCurrency);
    expect(result.events[0]?.data).toStrictEqual({ ownerId, ownerName, address, currency: 'EUR' });
    expect((await banking.load('Account', otherId)).state.currency).toBe('EUR');
  });

  it('rejects OpenAccount on an existing account and commands on a missing one, writing nothing', async () => {
    await expect(banking.execute('OpenAccount', openCommand)).rejects.toBeInstanceOf(AggregateAlreadyExistsError);
    const missing = '9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    await expect(banking.execute('Deposit', { accountId: missing, amount: 1, channel: 'online' })).rejects.toMatchObject({ code: 'AGGREGATE_NOT_FOUND', id: missing });
    expect(await store.streamVersion(`banking/Account/${missing}`)).toBe(0);
  });
});

describe.each(backends)('banking end to end on $name stores', (kind) => {
  let backend: Backend;
  beforeEach(async () => {
    backend = await kind.start();
  });
  afterEach(() => backend.dispose());

  it('runs a realistic account life: open, deposits, withdrawals, tags, failed and successful close', async () => {
    const banking = createBanking({ store: backend.store, snapshots: backend.snapshots, clock });
    const open = await banking.execute('OpenAccount', openCommand);
    expect(open).toMatchObject({ id: accountId, streamId, version: 1, duplicate: false });
    expect((await banking.execute('Deposit', { accountId, amount: 500 } as Deposit)).events[0]?.data).toStrictEqual({ amount: 500, balanceAfter: 500, channel: 'online' });
    expect((await banking.execute('Withdraw', { accountId, amount: 120 })).events[0]?.data).toStrictEqual({ amount: 120, balanceAfter: 380 });
    await banking.execute('TagAccount', { accountId, tag: 'vip' });
    await banking.execute('TagAccount', { accountId, tag: 'savings' });
    const lastDeposit = await banking.execute('Deposit', { accountId, amount: 20, channel: 'counter' });
    expect(lastDeposit.version).toBe(6);
    expect(lastDeposit.events[0]).toMatchObject({ type: 'MoneyDeposited', version: 6, schemaVersion: 2, time: NOW, source: 'orchestrix:banking', subject: streamId, streamId });
    expect(lastDeposit.events[0]?.data).toStrictEqual({ amount: 20, balanceAfter: 400, channel: 'counter' });

    // Rules that fail write nothing.
    await expect(banking.execute('Withdraw', { accountId, amount: 401 })).rejects.toMatchObject({ code: 'InsufficientFunds' });
    await expect(banking.execute('TagAccount', { accountId, tag: 'vip' })).rejects.toMatchObject({ code: 'AlreadyTagged' });
    const notZero = await rejectionOf(banking.execute('Close', { accountId }));
    expect(notZero).toBeInstanceOf(DomainError);
    expect(notZero).toMatchObject({ code: 'BalanceNotZero', command: 'Close' });

    const beforeClose = await banking.load('Account', accountId);
    expect(beforeClose).toMatchObject({ id: accountId, streamId, version: 6, exists: true });
    expect(beforeClose.state).toStrictEqual({ ...openState, balance: 400, tags: ['vip', 'savings'] });

    await banking.execute('Withdraw', { accountId, amount: 400 });
    const close = await banking.execute('Close', { accountId });
    expect(close.events.map(({ type, data }) => ({ type, data }))).toStrictEqual([closed(NOW)]);

    await expect(banking.execute('Close', { accountId })).rejects.toMatchObject({ code: 'NotOpen' });
    await expect(banking.execute('Deposit', { accountId, amount: 1, channel: 'online' })).rejects.toMatchObject({ code: 'PreconditionFailed' });

    // A new runtime (and, for SQLite, a new connection to the file) sees the same account.
    const stores = await backend.reopen();
    const reloaded = await createBanking({ ...stores, clock }).load('Account', accountId);
    expect(reloaded).toMatchObject({ version: 8, exists: true });
    expect(reloaded.state).toStrictEqual({ ...openState, balance: 0, tags: ['vip', 'savings'], status: 'closed', closedAt: NOW });

    const stored = await readStream(stores.store, streamId);
    expect(summarize(stored)).toStrictEqual([
      { type: 'AccountOpened', version: 1, schemaVersion: 1 },
      { type: 'MoneyDeposited', version: 2, schemaVersion: 2 },
      { type: 'MoneyWithdrawn', version: 3, schemaVersion: 1 },
      { type: 'AccountTagged', version: 4, schemaVersion: 1 },
      { type: 'AccountTagged', version: 5, schemaVersion: 1 },
      { type: 'MoneyDeposited', version: 6, schemaVersion: 2 },
      { type: 'MoneyWithdrawn', version: 7, schemaVersion: 1 },
      { type: 'AccountClosed', version: 8, schemaVersion: 1 },
    ]);
    // Money events carry no personal data: their stored data is exactly what decide emitted.
    expect(stored.slice(1, 3).map((event) => event.data)).toStrictEqual([
      { amount: 500, balanceAfter: 500, channel: 'online' },
      { amount: 120, balanceAfter: 380 },
    ]);
    expect(stored[5]?.data).toStrictEqual({ amount: 20, balanceAfter: 400, channel: 'counter' });
    expect(stored[7]?.data).toStrictEqual({ closedAt: NOW });
    expect(new Set(stored.map((event) => event.time))).toEqual(new Set([NOW]));
    expect(new Set(stored.map((event) => event.source))).toEqual(new Set(['orchestrix:banking']));
  });

  it('snapshots every 50 events; a reload starts from the snapshot and equals the full fold', async () => {
    const banking = createBanking({ store: backend.store, snapshots: backend.snapshots, clock });
    await banking.execute('OpenAccount', openCommand);
    for (let amount = 1; amount <= 48; amount++) await banking.execute('Deposit', { accountId, amount, channel: 'online' });
    expect(await backend.snapshots.load(streamId)).toBeUndefined();

    await banking.execute('Deposit', { accountId, amount: 49, channel: 'online' }); // version 50
    const expectedState: AccountState = { ...openState, balance: (49 * 50) / 2 };
    const snapshot = await backend.snapshots.load(streamId);
    expect(snapshot).toMatchObject({ streamId, version: 50, stateSchemaHash: ACCOUNT_STATE_SCHEMA_HASH, takenAt: NOW });
    // Only the fields without personal data: pii may be stored encrypted.
    expect(snapshot?.state).toMatchObject({ ownerId, currency: 'GBP', balance: 1225, status: 'open', tags: [] });

    await banking.execute('Withdraw', { accountId, amount: 25 }); // version 51
    await banking.execute('TagAccount', { accountId, tag: 'after-snapshot' }); // version 52

    const stores = await backend.reopen();
    const fromSnapshot = await createBanking({ ...stores, clock }).load('Account', accountId);
    const fullFold = await createBanking({ store: stores.store, clock }).load('Account', accountId);
    expect(fromSnapshot).toMatchObject({ version: 52, snapshotVersion: 50 });
    expect(fullFold).toMatchObject({ version: 52, snapshotVersion: 0 });
    expect(fromSnapshot.state).toStrictEqual(fullFold.state);
    expect(fromSnapshot.state).toStrictEqual({ ...expectedState, balance: expectedState.balance - 25, tags: ['after-snapshot'] });
    // The snapshot stays at 50 until the stream reaches 100.
    expect((await stores.snapshots.load(streamId))?.version).toBe(50);
  });
});
