import { describe, expect, it } from 'vitest';
import type {
  AggregateModel,
  AssignmentModel,
  CommandModel,
  DomainModel,
  EventModel,
  PiiPathModel,
} from '../../../compiler/model/model.js';
import { checkClean, fixture } from './support.js';

const banking = (): DomainModel => checkClean({ 'banking.yaml': fixture('banking.yaml') });

const only = <T>(items: readonly T[], pick: (t: T) => boolean): T => {
  const found = items.filter(pick);
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected exactly one match, got ${found.length}`);
  return found[0];
};
const aggregate = (m: DomainModel, name: string): AggregateModel => only(m.aggregates, (a) => a.name === name);
const command = (a: AggregateModel, name: string): CommandModel => only(a.commands, (c) => c.name === name);
const event = (a: AggregateModel, name: string): EventModel => only(a.events, (e) => e.name === name);

/** An assignment in a compact form: `field <- origin:tree` with the tree's kind and reference. */
const summary = (a: AssignmentModel): string => {
  const t = a.value.tree;
  const what = t.kind === 'ref' ? [t.root, ...t.path].join('.') : t.kind;
  return `${a.field} <- ${a.origin}:${what}`;
};
const paths = (p: readonly PiiPathModel[]): unknown[] =>
  p.map((x) => ({ path: x.path.join('/'), subject: x.subject, erased: x.erased, optional: x.optional }));

describe('model of the banking example', () => {
  const model = banking();
  const account = aggregate(model, 'Account');

  it('has the domain, its sources and its types in declaration order', () => {
    expect(model.name).toBe('banking');
    expect(model.description).toBe('Retail accounts.');
    expect(model.sources).toEqual(['banking.yaml']);
    expect(model.types.map((t) => t.name)).toEqual(['Currency', 'AccountStatus', 'Address', 'Contact']);
    const status = only(model.types, (t) => t.name === 'AccountStatus');
    expect(status.kind === 'enum' && status.members).toEqual(['pending', 'open', 'closed']);
    const address = only(model.types, (t) => t.name === 'Address');
    expect(address.kind).toBe('value');
    if (address.kind !== 'value') return;
    expect(address.description).toBe('A postal address.');
    expect(address.containsPii).toBe(true);
    expect(address.fields.map((f) => f.name)).toEqual(['street', 'city', 'postcode']);
    expect(address.fields[2]?.pii).toEqual({ subject: { kind: 'inherited' }, erased: undefined });
  });

  it('resolves the aggregate: id, subject, snapshot and state in declaration order', () => {
    expect(account.domain).toBe('banking');
    expect(account.id).toEqual({ name: 'accountId', type: { kind: 'primitive', name: 'uuid' } });
    expect(account.subject).toEqual({ kind: 'state', name: 'ownerId' });
    expect(account.snapshot).toEqual({ every: 50 });
    expect(account.state.map((f) => f.name)).toEqual([
      'ownerId',
      'ownerName',
      'balance',
      'currency',
      'status',
      'tags',
      'address',
      'contacts',
    ]);
    const [ownerId, ownerName, balance, , status, tags, address] = account.state;
    expect(ownerId).toMatchObject({ optional: true, readOptional: true, default: undefined, pii: undefined });
    expect(ownerName).toMatchObject({
      optional: true,
      readOptional: true,
      pii: { subject: { kind: 'state', name: 'ownerId' }, erased: undefined },
    });
    expect(balance).toMatchObject({
      type: { kind: 'primitive', name: 'integer' },
      optional: false,
      default: { value: 0 },
    });
    expect(status?.type).toEqual({ kind: 'enum', name: 'AccountStatus' });
    expect(status?.default).toEqual({ value: 'pending' });
    expect(tags?.type).toEqual({ kind: 'array', element: { kind: 'primitive', name: 'string' } });
    expect(address?.type).toEqual({ kind: 'value', name: 'Address' });
    expect(account.stateSchemaHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the pii paths of the state, through value types and arrays', () => {
    const owner = { kind: 'state', name: 'ownerId' };
    expect(paths(account.statePiiPaths)).toEqual([
      { path: 'ownerName', subject: owner, erased: undefined, optional: true },
      { path: 'address/postcode', subject: owner, erased: undefined, optional: true },
      { path: 'contacts/[]/email', subject: owner, erased: 'erased@example.invalid', optional: false },
    ]);
    expect(account.statePiiPaths[2]?.type).toEqual({ kind: 'primitive', name: 'email' });
  });

  it('keeps commands and events in declaration order', () => {
    expect(account.commands.map((c) => c.name)).toEqual(['OpenAccount', 'Deposit', 'Withdraw', 'Transfer', 'Close']);
    expect(account.events.map((e) => e.name)).toEqual([
      'AccountOpened',
      'MoneyDeposited',
      'MoneyWithdrawn',
      'MoneyTransferred',
      'AccountClosed',
    ]);
  });

  it('fills emitted events from mappings, same-named command fields, in event field order', () => {
    const open = command(account, 'OpenAccount');
    expect(open.creates).toBe(true);
    expect(open.handler).toBe('generated');
    expect(open.fields.map((f) => f.name)).toEqual(['ownerId', 'ownerName']);
    expect(open.fields[1]?.constraints).toEqual({ minLength: 1 });
    expect(open.emits.map((e) => [e.event, e.assignments.map(summary)])).toEqual([
      ['AccountOpened', ['ownerId <- implicit:command.ownerId', 'ownerName <- implicit:command.ownerName']],
    ]);
    const transfer = command(account, 'Transfer');
    expect(transfer.emits[0]?.assignments.map(summary)).toEqual([
      'amount <- implicit:command.amount',
      'balanceAfter <- explicit:binary',
      'recipientId <- implicit:command.recipientId',
      'recipientName <- implicit:command.recipientName',
    ]);
    const deposit = command(account, 'Deposit');
    expect(deposit.emits[0]?.assignments.map((a) => `${a.field}:${a.origin}`)).toEqual([
      'amount:explicit',
      'balanceAfter:explicit',
    ]);
  });

  it('types the implicit copies as references to the source field', () => {
    const open = command(account, 'OpenAccount');
    const ownerId = open.emits[0]?.assignments[0];
    expect(ownerId?.value.tree).toEqual({
      kind: 'ref',
      root: 'command',
      path: ['ownerId'],
      type: { kind: 'primitive', name: 'uuid' },
      range: { start: 0, end: 0 },
    });
    expect(ownerId?.value.span.file).toBe('banking.yaml');
  });

  it('builds requirements with their error codes and messages', () => {
    const deposit = command(account, 'Deposit');
    expect(deposit.requires.map((r) => [r.error, r.message, r.check.tree.type])).toEqual([
      ['PreconditionFailed', 'Status must be open', { kind: 'primitive', name: 'boolean' }],
      ['LimitExceeded', 'Deposits are capped', { kind: 'primitive', name: 'boolean' }],
    ]);
    const withdraw = command(account, 'Withdraw');
    expect(withdraw.requires.map((r) => [r.error, r.message])).toEqual([
      ['InsufficientFunds', 'Amount must be at most balance'],
    ]);
  });

  it('keeps custom handlers without assignments', () => {
    const close = command(account, 'Close');
    expect(close.handler).toBe('custom');
    expect(close.emits.map((e) => [e.event, e.assignments.length])).toEqual([['AccountClosed', 0]]);
  });

  it('resolves pii subjects per record: carried fields, own subjects', () => {
    expect(paths(command(account, 'OpenAccount').piiPaths)).toEqual([
      { path: 'ownerName', subject: { kind: 'field', name: 'ownerId' }, erased: undefined, optional: false },
    ]);
    expect(paths(command(account, 'Transfer').piiPaths)).toEqual([
      { path: 'recipientName', subject: { kind: 'field', name: 'recipientId' }, erased: undefined, optional: false },
    ]);
    expect(paths(event(account, 'MoneyTransferred').piiPaths)).toEqual([
      { path: 'recipientName', subject: { kind: 'field', name: 'recipientId' }, erased: undefined, optional: false },
    ]);
    expect(event(account, 'AccountOpened').fields[1]?.pii?.subject).toEqual({ kind: 'field', name: 'ownerId' });
  });

  it('applies events: explicit entries and same-named copies, in state field order', () => {
    expect(event(account, 'AccountOpened').apply.map(summary)).toEqual([
      'ownerId <- implicit:event.ownerId',
      'ownerName <- implicit:event.ownerName',
      'status <- explicit:enumMember',
    ]);
    // pii without `erased` reads as optional, so the copy reads it as such.
    expect(event(account, 'AccountOpened').apply[1]?.value.tree.type).toEqual({
      kind: 'optional',
      inner: { kind: 'primitive', name: 'string' },
    });
    expect(event(account, 'AccountOpened').fields[1]?.readOptional).toBe(true);
    expect(event(account, 'MoneyDeposited').apply.map(summary)).toEqual(['balance <- explicit:event.balanceAfter']);
  });

  it('keeps previous versions with their upcasts (explicit and copied)', () => {
    const deposited = event(account, 'MoneyDeposited');
    expect(deposited.version).toBe(2);
    expect(deposited.previous.map((p) => [p.version, p.fields.map((f) => f.name), p.upcast.map(summary)])).toEqual([
      [1, ['amount'], ['amount <- implicit:event.amount', 'balanceAfter <- explicit:literal']],
    ]);
    expect(event(account, 'AccountClosed').previous).toEqual([]);
    expect(event(account, 'AccountClosed').version).toBe(1);
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(account.state)).toBe(true);
    expect(Object.isFrozen(account.state[0]?.type)).toBe(true);
    expect(Object.isFrozen(command(account, 'Deposit').requires[0]?.check.tree)).toBe(true);
    expect(() => (account.commands as CommandModel[]).push(command(account, 'Close'))).toThrow(TypeError);
  });

  it('points back at the spec with spans resolved on first read', () => {
    const ownerName = account.state[1];
    expect(ownerName?.span.file).toBe('banking.yaml');
    expect([ownerName?.span.start.line, ownerName?.span.start.column]).toEqual([27, 7]);
    const deposit = command(account, 'Deposit');
    expect([deposit.requires[1]?.span.start.line, deposit.requires[1]?.span.start.column]).toEqual([46, 13]);
    expect(JSON.parse(JSON.stringify(deposit.span))).toMatchObject({
      file: 'banking.yaml',
      start: { line: 41, column: 7 },
    });
    expect(Object.isFrozen(deposit.span)).toBe(true);
  });

  it('is built the same way every time', () => {
    expect(JSON.stringify(banking())).toBe(JSON.stringify(model));
  });
});
