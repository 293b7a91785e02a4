// The constructs a real domain needs: value objects built in place, membership with `in`, dates,
// datetimes and durations, narrowing from earlier checks, and requirement messages in words.
// Emitted code is also run, so the documented semantics (UTC days, instants) are what happens.
import { describe, expect, it } from 'vitest';
import type { TypedExpr } from '../../../compiler/expr/ast.js';
import {
  compileExpression,
  describeRequirement,
  emitTypeScript,
  emitViolation,
  Facts,
  factsAfter,
  type ExpectedType,
} from '../../../compiler/expr/index.js';
import { arrayRef, BOOLEAN_EXPECTED, COMMAND_SCOPE, compile, fieldExpected, infer, NAMES, p, valueRef } from './support.js';

const SPAN = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function tree(text: string, expected: ExpectedType = BOOLEAN_EXPECTED, facts = Facts.NONE): TypedExpr {
  const r = compileExpression({ text, scope: { ...COMMAND_SCOPE, facts }, expected, span: () => SPAN });
  if (r.expr === undefined) throw new Error(`${text}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r.expr;
}

/** Runs emitted code on concrete values (the roots as the emitter names them). */
function run(text: string, values: { state?: object; command?: object; now?: string }, expected?: ExpectedType): unknown {
  const code = emitTypeScript(tree(text, expected), NAMES);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the emitter's own output, on test data
  return new Function('state', 'command', 'id', 'now', `return ${code};`)(values.state ?? {}, values.command ?? {}, 'id', values.now);
}

const codes = (text: string, expected: ExpectedType = BOOLEAN_EXPECTED): string[] => compile(text, expected).codes.slice();

describe('value objects built in expressions', () => {
  const address = fieldExpected(valueRef('Address'));

  it('checks every field against the value type, as text or (see checker.test.ts) as YAML', () => {
    expect(codes("{ street: note, city: 'Paris' }", address)).toEqual([]);
    expect(codes("{ street: note, city: 'Paris', postcode: reference }", address)).toEqual([]);
    expect(codes('{ street: note }', address)).toEqual(['ORX5037']);
    expect(compile('{ street: note }', address).diagnostics[0]?.message).toBe("Address needs 'city'.");
    expect(compile("{ street: note, city: 'x', cty: 'y' }", address).diagnostics[0]?.message).toBe(
      "Address has no field 'cty'. Did you mean 'city'?",
    );
    expect(codes("{ street: note, city: 'x', city: 'y' }", address)).toEqual(['ORX5038']);
    expect(codes("{ street: amount, city: 'x' }", address)).toEqual(['ORX5024']);
    expect(codes("{ street: note, city: 'x' }", fieldExpected(p('string')))).toEqual(['ORX5036']);
    expect(infer('{ city: note }').codes).toEqual(['ORX5036']);
  });

  it('builds lists of them and passes them to functions', () => {
    expect(codes("[{ street: note, city: 'a' }, { street: tag, city: 'b' }]", fieldExpected(arrayRef(valueRef('Address'))))).toEqual([]);
    expect(codes("append(state.addresses, { street: note, city: 'x' })", fieldExpected(arrayRef(valueRef('Address'))))).toEqual([]);
    expect(codes("force ? { street: note, city: 'x' } : address", address)).toEqual([]);
  });

  it('leaves an absent optional field out of the object, never sets it to undefined', () => {
    const built = run("{ street: note, city: 'Paris', postcode: reference }", { command: { note: 'Rue 1' } }, address);
    expect(built).toStrictEqual({ street: 'Rue 1', city: 'Paris' });
    expect(Object.keys(built as object)).not.toContain('postcode');
    expect(run("{ street: note, city: 'Paris', postcode: reference }", { command: { note: 'R', reference: '75001' } }, address)).toStrictEqual({
      street: 'R',
      city: 'Paris',
      postcode: '75001',
    });
  });
});

describe('membership: in and not in', () => {
  it('tests a value against a list literal (bare enum members) or an array value', () => {
    expect(codes('state.status in [open, pending]')).toEqual([]);
    expect(codes('state.status not in [closed]')).toEqual([]);
    expect(codes('tag in state.tags')).toEqual([]);
    expect(codes("note in ['a', 'b']")).toEqual([]);
    expect(codes('state.status2 in [open]')).toEqual([]);
    expect(codes('state.status in []')).toEqual(['ORX5039']);
    expect(codes('state.status in [opne]')).toEqual(['ORX5027']);
    expect(codes('amount in [1, note]')).toEqual(['ORX5022']);
    expect(codes('note in amount')).toEqual(['ORX5020']);
    expect(compile('note in amount').diagnostics[0]?.hint).toContain('state.status in [open, pending]');
    expect(codes('state.status in [open] in [true]')).toEqual(['ORX5009']);
  });

  it('is false for an absent value, and emitted as comparisons', () => {
    expect(emitTypeScript(tree('state.status in [open, pending]'), NAMES)).toBe('(state.status === "open" || state.status === "pending")');
    expect(run('state.status2 in [open]', { state: {} })).toBe(false);
    expect(run('state.status2 not in [open]', { state: {} })).toBe(true);
    expect(run('tag in state.tags', { state: { tags: ['a'] }, command: { tag: 'a' } })).toBe(true);
    expect(run('tag not in state.tags', { state: { tags: ['a'] }, command: { tag: 'b' } })).toBe(true);
  });
});

describe('dates, datetimes and durations', () => {
  it('types the arithmetic: days between dates, durations between datetimes, times moved by durations', () => {
    expect(infer('dueDate - state.openedOn').type).toBe('integer');
    expect(infer('now - at').type).toBe('duration');
    expect(infer('at + 2h').type).toBe('datetime');
    expect(infer('30m + at').type).toBe('datetime');
    expect(infer('dueDate - 7d').type).toBe('date');
    expect(infer('2h + 30m').type).toBe('duration');
    expect(infer('amount * 1d').type).toBe('duration');
    expect(infer('hours(now - at)').type).toBe('integer');
    expect(infer('date(now)').type).toBe('date');
    expect(infer("'Due ' + dueDate").type).toBe('string');
  });

  it('refuses mixed or meaningless time arithmetic, with a hint', () => {
    for (const text of ['now - dueDate', 'dueDate + dueDate', 'now + 3', 'hours(amount)', 'date(dueDate)', '1h + amount']) {
      expect(infer(text).codes.length, text).toBe(1);
    }
    expect(compile('now - dueDate > 1h').diagnostics[0]?.hint).toMatch(/durations/);
    expect(codes('now - at > 2')).toEqual(['ORX5022']);
    expect(codes('at - now > 2h')).toEqual([]);
    expect(codes('c ? 1h : null', fieldExpected(p('integer'), true))).not.toEqual([]);
  });

  it('computes in UTC: calendar days, instants across offsets, whole units', () => {
    expect(run('dueDate - state.openedOn', { state: { openedOn: '2024-03-01' }, command: { dueDate: '2024-04-01' } }, fieldExpected(p('integer')))).toBe(31);
    // A DST change in Europe on 2024-03-31 changes nothing: days are UTC days.
    expect(run('dueDate - state.openedOn', { state: { openedOn: '2024-03-30' }, command: { dueDate: '2024-04-01' } }, fieldExpected(p('integer')))).toBe(2);
    expect(run('hours(now - at)', { command: { at: '2024-05-01T10:00:00+02:00' }, now: '2024-05-01T10:59:59Z' }, fieldExpected(p('integer')))).toBe(2);
    expect(run('minutes(at - now)', { command: { at: '2024-05-01T10:00:00Z' }, now: '2024-05-01T10:01:30Z' }, fieldExpected(p('integer')))).toBe(-1);
    expect(run('at + 90m', { command: { at: '2024-05-01T23:00:00+02:00' } }, fieldExpected(p('datetime')))).toBe('2024-05-01T22:30:00.000Z');
    expect(run('dueDate + 1d', { command: { dueDate: '2024-02-28' } }, fieldExpected(p('date')))).toBe('2024-02-29');
    expect(run('dueDate - 1d', { command: { dueDate: '2024-03-01' } }, fieldExpected(p('date')))).toBe('2024-02-29');
    expect(run('date(now)', { now: '2024-05-01T23:30:00-02:00' }, fieldExpected(p('date')))).toBe('2024-05-02');
    expect(run('now - at > 2h', { command: { at: '2024-05-01T10:00:00Z' }, now: '2024-05-01T12:00:01Z' })).toBe(true);
  });

  it('bounds duration literals so their milliseconds stay exact', () => {
    expect(codes('at + 36500d > now')).toEqual([]);
    expect(codes('at + 876000h > now')).toEqual([]);
    expect(codes('at + 36501d > now')).toEqual(['ORX5005']);
    expect(codes('at + 99999999999999999999s > now')).toEqual(['ORX5005']);
    expect(codes('at + 1099511627776d > now')).toEqual(['ORX5005']);
    expect(codes('at + 05m > now')).toEqual(['ORX5004']);
    expect(codes('at + 5ms > now')).toEqual(['ORX5004']);
  });
});

describe('narrowing from earlier checks', () => {
  const after = (...checks: string[]): Facts => checks.reduce((facts, text) => factsAfter(tree(text, BOOLEAN_EXPECTED, facts), facts, COMMAND_SCOPE.types), Facts.NONE);

  it('makes a tested optional field present in later expressions', () => {
    const r = (facts: Facts) => compileExpression({ text: 'state.limit', scope: { ...COMMAND_SCOPE, facts }, expected: fieldExpected(p('integer')), span: () => SPAN });
    expect(r(Facts.NONE).diagnostics.map((d) => d.code)).toEqual(['ORX5021']);
    expect(r(after('state.limit != null')).diagnostics).toEqual([]);
    expect(r(after('state.limit == 3')).diagnostics).toEqual([]);
    expect(r(after('state.limit == null || amount > 0')).diagnostics.map((d) => d.code)).toEqual(['ORX5021']);
    expect(compile('state.limit + 1 > 0').diagnostics[0]?.hint).toContain('a requirement `state.limit != null`');
  });

  it('reports comparisons an earlier check already decided', () => {
    const r = compileExpression({ text: 'state.status == closed', scope: { ...COMMAND_SCOPE, facts: after('state.status == open') }, expected: BOOLEAN_EXPECTED, span: () => SPAN });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['ORX5035', "'state.status' can only be open here, so comparing it with 'closed' is never true."],
    ]);
    expect(codes('state.status in [open, pending] && state.status != closed')).toEqual(['ORX5035']);
    expect(codes('state.status == open || state.status == open')).toEqual(['ORX5035']);
    expect(codes('state.status != open || state.status == open')).toEqual([]);
  });
});

describe('guards and their messages', () => {
  const violation = (text: string) => emitViolation(tree(text), NAMES);

  it('folds the negation into the comparison where that is exact', () => {
    expect(violation('state.status == open')).toBe('state.status !== "open"');
    expect(violation('amount <= 1000000')).toBe('command.amount > 1000000');
    expect(violation('not contains(state.tags, tag)')).toBe('state.tags.includes(command.tag)');
    expect(violation('state.limit != null && amount <= state.limit')).toBe('(state.limit === undefined) || (command.amount > state.limit)');
    expect(violation('state.status in [open, pending]')).toBe('state.status !== "open" && state.status !== "pending"');
    expect(violation('state.active')).toBe('!state.active');
    // `!(x < y)` and `x >= y` differ when x or y may be NaN (0 / 0): kept as written.
    expect(violation('amount / factor < 1')).toBe('!((command.amount / command.factor) < 1)');
    expect(violation('len(note) > 0 ? amount > 0 : true')).toBe('!((command.note.length > 0) ? (command.amount > 0) : true)');
  });

  it('says in words what a requirement without a message requires', () => {
    const words = (text: string) => describeRequirement(tree(text));
    expect(words('state.status == open')).toBe('Status must be open');
    expect(words('state.status != closed')).toBe('Status must not be closed');
    expect(words('amount <= state.balance')).toBe('Amount must be at most balance');
    expect(words('state.ownerName != null')).toBe('Owner name must be set');
    expect(words('not contains(state.tags, tag)')).toBe('Tags must not contain tag');
    expect(words('state.status in [open, pending]')).toBe('Status must be open or pending');
    expect(words('len(state.tags) < 10 and not state.active')).toBe('The length of tags must be less than 10, and active must be false');
    expect(words('not (amount > 5 and force)')).toBe('Amount must be at most 5, or force must be false');
    expect(words('dueDate - state.openedOn >= 3')).toBe('Due date - opened on must be at least 3');
  });
});

describe('the same expression text in many places', () => {
  const spanAt = (line: number) => (range: { start: number; end: number }) => ({
    file: 'spec.yaml',
    start: { line, column: range.start + 1, offset: range.start },
    end: { line, column: range.end + 1, offset: range.end },
  });

  it('types it in each place against that place, and reports each error at its own place', () => {
    const text = 'amount <= 1000000 - len(state.scores)';
    const first = compileExpression({ text, scope: COMMAND_SCOPE, expected: BOOLEAN_EXPECTED, span: spanAt(1) });
    const second = compileExpression({ text, scope: COMMAND_SCOPE, expected: fieldExpected(p('integer')), span: spanAt(2) });
    expect(first.diagnostics).toEqual([]);
    expect(first.expr?.type).toEqual(tree(text).type);
    expect(second.expr).toBeUndefined();
    expect(second.diagnostics.map((d) => d.span.start.line)).toEqual([2]);
    const broken = 'amount <= ';
    const a = compileExpression({ text: broken, scope: COMMAND_SCOPE, expected: BOOLEAN_EXPECTED, span: spanAt(3) });
    const b = compileExpression({ text: broken, scope: COMMAND_SCOPE, expected: BOOLEAN_EXPECTED, span: spanAt(4) });
    expect(a.diagnostics.length).toBeGreaterThan(0);
    expect(b.diagnostics.map((d) => [d.code, d.span.start.line])).toEqual(a.diagnostics.map((d) => [d.code, 4]));
  });
});
