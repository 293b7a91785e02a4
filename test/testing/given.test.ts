import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../runtime/errors/errors.js';
import { given, DEFAULT_TEST_NOW } from '../../runtime/testing/given.js';
import { accountDefinition, type AccountEvent } from '../support/fixtures/bank-account.js';

const accountId = '5c1e7a52-8f0e-4c1a-9a53-1f0b7d3e4a10';
const ownerId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const opened: AccountEvent = { type: 'AccountOpened', data: { ownerId, ownerName: 'Ada' } };
const deposited = (amount: number, balanceAfter: number): AccountEvent => ({ type: 'MoneyDeposited', data: { amount, balanceAfter } });

/** Runs `assertion` and returns the AssertionError it must throw. */
function assertionFailure(assertion: () => unknown): AssertionError {
  try {
    assertion();
  } catch (error) {
    if (error instanceof AssertionError) return error;
    throw error;
  }
  throw new Error('expected an AssertionError');
}

describe('given/when/then', () => {
  it('passes when the command emits exactly the expected events', () => {
    given(accountDefinition, [opened])
      .when({ type: 'Deposit', data: { accountId, amount: 40 } })
      .then([deposited(40, 40)]);
    given(accountDefinition)
      .when({ type: 'OpenAccount', data: { accountId, ownerId, ownerName: 'Ada' } })
      .then([opened]);
  });

  it('fails with a readable diff when the events differ', () => {
    const failure = assertionFailure(() =>
      given(accountDefinition, [opened, deposited(10, 10)])
        .when({ type: 'Deposit', data: { accountId, amount: 5 } })
        .then([deposited(5, 5)]),
    );
    expect(failure.message).toContain('Account Deposit: the emitted events differ from the expected ones');
    expect(failure.message).toMatch(/balanceAfter: 15/);
    expect(failure.message).toMatch(/balanceAfter: 5/);
    expect(failure.actual).toEqual([deposited(5, 15)]);
    expect(failure.expected).toEqual([deposited(5, 5)]);
  });

  it('fails when the command was rejected but events were expected, naming the error', () => {
    const failure = assertionFailure(() =>
      given(accountDefinition, [opened])
        .when({ type: 'Withdraw', data: { accountId, amount: 5 } })
        .then([]),
    );
    expect(failure.message).toBe('Account Withdraw: expected 0 event(s), but the command failed with InsufficientFunds: The balance does not cover the withdrawal');
    expect(failure.cause).toBeInstanceOf(DomainError);
  });

  it('thenError asserts the code and returns the typed error', () => {
    const error = given(accountDefinition, [opened])
      .when({ type: 'Deposit', data: { accountId, amount: 2_000_000 } })
      .thenError('LimitExceeded');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.message).toBe('Deposits are capped');
  });

  it('applies the same rules as execute: validation, existence, event schemas', () => {
    given(accountDefinition).when({ type: 'Deposit', data: { accountId, amount: 5 } }).thenError('AGGREGATE_NOT_FOUND');
    given(accountDefinition, [opened]).when({ type: 'OpenAccount', data: { accountId, ownerId, ownerName: 'Ada' } }).thenError('AGGREGATE_ALREADY_EXISTS');
    const invalid = given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 0 } }).thenError('VALIDATION_FAILED');
    expect(invalid).toMatchObject({ issues: [{ path: ['amount'] }] });
    const buggy = { ...accountDefinition, decide: () => [{ type: 'AccountClosed' as const, data: { closedAt: 'soon' } }] };
    given(buggy, [opened]).when({ type: 'Close', data: { accountId } }).thenError('EVENT_INVALID');
  });

  it('thenError fails on another code or on success', () => {
    const wrongCode = assertionFailure(() => given(accountDefinition, [opened]).when({ type: 'Withdraw', data: { accountId, amount: 1 } }).thenError('LimitExceeded'));
    expect(wrongCode.message).toContain("expected an error with code 'LimitExceeded', but got InsufficientFunds");
    const succeeded = assertionFailure(() => given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 1 } }).thenError('LimitExceeded'));
    expect(succeeded.message).toContain('but the command succeeded with 1 event(s): MoneyDeposited');
  });

  it('rethrows nothing silently: a handler bug (not an OrchestrixError) fails every assertion with it as cause', () => {
    const crashing = {
      ...accountDefinition,
      decide: () => {
        throw new TypeError('state.balance is undefined');
      },
    };
    const outcome = given(crashing, [opened]).when({ type: 'Close', data: { accountId } });
    expect(outcome.error).toBeInstanceOf(TypeError);
    expect(assertionFailure(() => outcome.thenError('PreconditionFailed')).cause).toBeInstanceOf(TypeError);
    expect(assertionFailure(() => outcome.then([])).message).toContain('TypeError: state.balance is undefined');
  });

  it('thenState checks the state after the emitted events, and chains after then', () => {
    given(accountDefinition, [opened, deposited(10, 10)])
      .when({ type: 'Withdraw', data: { accountId, amount: 4 } })
      .then([{ type: 'MoneyWithdrawn', data: { amount: 4, balanceAfter: 6 } }])
      .thenState({ ownerId, ownerName: 'Ada', balance: 6, status: 'open', tags: [] });
    const failure = assertionFailure(() =>
      given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 4 } }).thenState({ ...accountDefinition.initialState, balance: 5 }),
    );
    expect(failure.message).toContain('the state after the command differs');
  });

  it('exposes the given state and passes a stable now to decide', () => {
    expect(given(accountDefinition, [opened, deposited(3, 3)]).state.balance).toBe(3);
    given(accountDefinition, [opened]).when({ type: 'Close', data: { accountId } }).then([{ type: 'AccountClosed', data: { closedAt: DEFAULT_TEST_NOW } }]);
    given(accountDefinition, [opened], { now: new Date('2030-01-02T03:04:05.000Z') })
      .when({ type: 'Close', data: { accountId } })
      .then([{ type: 'AccountClosed', data: { closedAt: '2030-01-02T03:04:05.000Z' } }]);
  });

  it('explains instead of misbehaving when an outcome is awaited', async () => {
    const outcome = given(accountDefinition, [opened]).when({ type: 'Deposit', data: { accountId, amount: 1 } });
    // TypeScript already refuses `await outcome` (TS1320); plain JavaScript gets an explanation.
    const untyped: unknown = outcome;
    await expect((async () => await untyped)()).rejects.toThrow(/not a promise/);
  });
});
