import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TypedExpr } from '../../../compiler/expr/ast.js';
import type { ExpectedType } from '../../../compiler/expr/index.js';
import { compileExpression, emitTypeScript, emitViolation, Facts, factsAfter } from '../../../compiler/expr/index.js';
import { formatNumber, quoteString } from '../../../compiler/expr/emit-ts.js';
import {
  APPLY_SCOPE,
  BOOLEAN_EXPECTED,
  COMMAND_SCOPE,
  NAMES,
  TS_PRELUDE,
  arrayRef,
  emitted,
  enumRef,
  fieldExpected,
  p,
  tsType,
  typeCheckSource,
  valueRef,
} from './support.js';

describe('emitter: expected TypeScript', () => {
  const table: [string, string][] = [
    ['amount > 0', '(command.amount > 0)'],
    ['state.balance + amount <= 1000000', '((state.balance + command.amount) <= 1000000)'],
    ['amount + 2 * 3 > 1', '((command.amount + (2 * 3)) > 1)'],
    ['(amount + 2) * 3 > 1', '(((command.amount + 2) * 3) > 1)'],
    ['amount - (1 - 2) > 0', '((command.amount - (1 - 2)) > 0)'],
    ['- -amount > 0', '(-(-command.amount) > 0)'],
    ['-(amount + 1) < 0', '(-(command.amount + 1) < 0)'],
    ['!force', '!command.force'],
    ['not (force or state.active)', '!(command.force || state.active)'],
    ['force and state.active', '(command.force && state.active)'],
    ['state.status == open', '(state.status === "open")'],
    ['open != state.status', '("open" !== state.status)'],
    ["note == 'x'", '(command.note === "x")'],
    ['amount == 0', '(command.amount === 0)'],
    ['force == true', '(command.force === true)'],
    ['state.limit == null', '(state.limit === undefined)'],
    ['state.limit != null && state.limit > 0', '((state.limit !== undefined) && (state.limit > 0))'],
    ['state.ownerId == id', '(state.ownerId === id)'],
    ["state.address.city == 'Paris'", '(state.address?.city === "Paris")'],
    ['at < now', '(Date.parse(command.at) < Date.parse(now))'],
    ["at >= '2024-01-01T00:00:00Z'", '(Date.parse(command.at) >= Date.parse("2024-01-01T00:00:00Z"))'],
    ["dueDate < '2024-01-01'", '(command.dueDate < "2024-01-01")'],
    ['at == now', '(command.at === now)'],
    ['len(note) > 0', '(command.note.length > 0)'],
    ['len(state.tags) == 0', '(state.tags.length === 0)'],
    ["len(note + 'x') > 0", '((command.note + "x").length > 0)'],
    ["len('abc') > amount", '("abc".length > command.amount)'],
    ['len([1, 2]) > amount', '([1, 2].length > command.amount)'],
    ['max(amount, 1) > min(factor, 2.5)', '(Math.max(command.amount, 1) > Math.min(command.factor, 2.5))'],
    ['contains(state.tags, tag)', 'state.tags.includes(command.tag)'],
    ['contains([open, closed], state.status)', '["open", "closed"].includes(state.status)'],
    ['contains(append(state.tags, tag), note)', '[...state.tags, command.tag].includes(command.note)'],
    ['len(remove(state.tags, tag)) > 0', '(state.tags.filter((item) => item !== command.tag).length > 0)'],
    ["lower(note) == upper('x')", '(command.note.toLowerCase() === "x".toUpperCase())'],
    ['force ? amount > 0 : false', '(command.force ? (command.amount > 0) : false)'],
  ];
  it.each(table)('%s  =>  %s', (text, expected) => {
    expect(emitted(text)).toBe(expected);
  });

  const values: [string, ExpectedType, string][] = [
    ['state.balance + amount', fieldExpected(p('integer')), '(state.balance + command.amount)'],
    ['null', fieldExpected(p('string'), true), 'undefined'],
    ['force ? amount : null', fieldExpected(p('integer'), true), '(command.force ? command.amount : undefined)'],
    ['open', fieldExpected(enumRef('AccountStatus')), '"open"'],
    ['[]', fieldExpected(arrayRef(p('string'))), '[]'],
    ['append(state.tags, tag)', fieldExpected(arrayRef(p('string'))), '[...state.tags, command.tag]'],
    ['append(force ? state.tags : [], tag)', fieldExpected(arrayRef(p('string'))), '[...(command.force ? state.tags : []), command.tag]'],
    ['remove(state.currencies, EUR)', fieldExpected(arrayRef(enumRef('Currency'))), 'state.currencies.filter((item) => item !== "EUR")'],
    ['amount / 3', fieldExpected(p('number')), '(command.amount / 3)'],
    ['0.1', fieldExpected(p('number')), '0.1'],
    ['1.50', fieldExpected(p('number')), '1.5'],
    ['-5', fieldExpected(p('integer')), '-5'],
    ["'2024-02-29'", fieldExpected(p('date')), '"2024-02-29"'],
  ];
  it.each(values)('%s (a field value)  =>  %s', (text, expected, out) => {
    expect(emitted(text, expected)).toBe(out);
  });

  it('quotes strings as JSON with U+2028/U+2029 escaped', () => {
    expect(quoteString('a"b\\c\u2028\u2029\n`${x}*/')).toBe('"a\\"b\\\\c\\u2028\\u2029\\n`${x}*/"');
    expect(emitted(String.raw`note == 'line\u2028sep'`)).toBe('(command.note === "line\\u2028sep")');
  });

  it('prints numbers canonically', () => {
    expect([0, 7, 0.5, 1e21, 1e-7, 123.456, -3, -0].map(formatNumber)).toEqual([
      '0', '7', '0.5', '1e+21', '1e-7', '123.456', '(-3)', '(-0)',
    ]);
    expect(() => formatNumber(Number.NaN)).toThrow(/internal error/);
  });

  it('uses the caller’s names for the roots', () => {
    const names = { state: 's', command: 'cmd.data', event: 'e.data', id: 'ctx.id', now: 'ctx.now' };
    const r = compileExpression({ text: 'id == state.ownerId && now > at && amount > 0', scope: COMMAND_SCOPE, expected: BOOLEAN_EXPECTED, span: () => span0 });
    expect(r.expr).toBeDefined();
    if (r.expr === undefined) return;
    expect(emitTypeScript(r.expr, names)).toBe(
      '(((ctx.id === s.ownerId) && (Date.parse(ctx.now) > Date.parse(cmd.data.at))) && (cmd.data.amount > 0))',
    );
    const apply = compileExpression({ text: 'event.balanceAfter', scope: APPLY_SCOPE, expected: fieldExpected(p('integer')), span: () => span0 });
    if (apply.expr === undefined) throw new Error('apply failed');
    expect(emitTypeScript(apply.expr, names)).toBe('e.data.balanceAfter');
  });

  it('renames the filter parameter when a root is called item', () => {
    const r = compileExpression({ text: 'remove(state.tags, tag)', scope: COMMAND_SCOPE, expected: fieldExpected(arrayRef(p('string'))), span: () => span0 });
    if (r.expr === undefined) throw new Error('remove failed');
    expect(emitTypeScript(r.expr, { ...NAMES, command: 'item' })).toBe('state.tags.filter((item_) => item_ !== item.tag)');
  });

  it('never emits source text: names are re-validated, strings quoted', () => {
    const odd: TypedExpr = {
      kind: 'ref',
      root: 'state',
      path: ['a-b', 'c'],
      optionalAccess: [1],
      type: { kind: 'primitive', name: 'string' },
      range: { start: 0, end: 0 },
    };
    expect(emitTypeScript(odd, NAMES)).toBe('state["a-b"]?.c');
    const hostile = ["*/ x", "${process.exit()}", "`", "\\", "'\"", "\u2028", "</script>", "\"); process.exit(); (\""];
    for (const value of hostile) {
      const text = `note == ${JSON.stringify(value).replace(/\u2028/g, '\\u2028')}`;
      const out = emitted(text);
      // Parse the output: a single binary expression whose right side is exactly the value.
      const source = ts.createSourceFile('x.ts', `const x = ${out};`, ts.ScriptTarget.ES2023, true);
      expect(source.statements).toHaveLength(1);
      const init = (source.statements[0] as ts.VariableStatement).declarationList.declarations[0]?.initializer;
      const strings: string[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isStringLiteral(n)) strings.push(n.text);
        n.forEachChild(visit);
      };
      if (init !== undefined) visit(init);
      expect(strings).toEqual([value]);
    }
  });
});

const span0 = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Expressions (with what they are assigned to) whose emitted TypeScript must compile cleanly. */
const COMPILED: [string, ExpectedType][] = [
  ...[
    'amount > 0',
    'state.balance + amount <= 1000000',
    'state.status == open && amount > 0',
    'state.limit == null || state.balance + amount <= state.limit',
    'state.limit != null ? state.limit > amount : true',
    'state.status2 == open',
    'state.ownerId == id',
    "state.ownerName == 'x'",
    "state.address.city == 'Paris'",
    "state.address.city != null && len(state.address.city) > 0",
    'state.address != null && len(state.address.city) > 0',
    "state.address.postcode != null && lower(state.address.postcode) == 'x'",
    'state.address == null',
    'reference != null && len(reference) > 0',
    'at < now && dueDate >= state.openedOn',
    "at >= '2024-01-01T00:00:00Z' && dueDate < '2025-01-01'",
    'state.closedAt != null && state.closedAt < now',
    "state.email == 'a@example.com' && note == state.email",
    'contains(state.tags, tag) and not contains(state.currencies, EUR)',
    'contains([open, pending], state.status)',
    'contains([open, pending], newStatus)',
    'contains(append(state.currencies, GBP), currency)',
    'contains(state.scores, amount) || contains(state.rates, amount)',
    'len(remove(state.scores, amount)) < len(state.scores)',
    "len(note + state.email + 'x' + state.status) > 3",
    'max(amount, 1) > min(factor, 2.5) && amount % 2 == 0',
    'amount / 3 > 0.5 && -amount < 0 && - -amount > 0',
    'force ? state.active : !state.active',
    "lower(upper(note)) != 'x' && lower(state.status) == 'open'",
    'len([]) == 0 || len([1, 2.5]) > 1',
    "site == 'https://example.com' || state.ownerId == '123e4567-e89b-12d3-a456-426614174000'",
    'state.status in [open, pending] && state.status2 not in [closed]',
    "tag in state.tags || note not in ['a', 'b'] || currency in state.currencies",
    'dueDate - state.openedOn > 3 && at - now > 2h && hours(now - at) >= 2',
    "date(now) >= dueDate && now + 30m > at && amount * 1d < 30d && dueDate + 3d > '2024-01-01'",
  ].map((text): [string, ExpectedType] => [text, BOOLEAN_EXPECTED]),
  ['now + 30m', fieldExpected(p('datetime'))],
  ['dueDate - 7d', fieldExpected(p('date'))],
  ['dueDate - state.openedOn', fieldExpected(p('integer'))],
  ["{ street: note, city: 'Paris', postcode: reference }", fieldExpected(valueRef('Address'))],
  ["force ? { street: note, city: 'x' } : null", fieldExpected(valueRef('Address'), true)],
  ["[{ street: note, city: 'a' }, address]", fieldExpected(arrayRef(valueRef('Address')))],
  ["append(state.addresses, { street: tag, city: 'x' })", fieldExpected(arrayRef(valueRef('Address')))],
  ['state.balance + amount', fieldExpected(p('integer'))],
  ['amount', fieldExpected(p('number'))],
  ['amount / 3', fieldExpected(p('number'))],
  ['null', fieldExpected(p('integer'), true)],
  ['state.limit', fieldExpected(p('integer'), true)],
  ['force ? amount : null', fieldExpected(p('integer'), true)],
  ['state.address.city', fieldExpected(p('string'), true)],
  ['open', fieldExpected(enumRef('AccountStatus'))],
  ['force ? open : state.status', fieldExpected(enumRef('AccountStatus'))],
  ['state.status', fieldExpected(p('string'))],
  ['state.email', fieldExpected(p('string'))],
  ['[]', fieldExpected(arrayRef(valueRef('Address')))],
  ['[open, closed]', fieldExpected(arrayRef(enumRef('AccountStatus')))],
  ['append(state.tags, tag)', fieldExpected(arrayRef(p('string')))],
  ['append(state.currencies, EUR)', fieldExpected(arrayRef(enumRef('Currency')))],
  ['append(state.addresses, address)', fieldExpected(arrayRef(valueRef('Address')))],
  ['append([], currency)', fieldExpected(arrayRef(enumRef('Currency')))],
  ['append(force ? state.tags : [], tag)', fieldExpected(arrayRef(p('string')))],
  ['remove(state.currencies, EUR)', fieldExpected(arrayRef(enumRef('Currency')))],
  ['state.scores', fieldExpected(arrayRef(p('number')))],
  ["'2024-02-29'", fieldExpected(p('date'))],
  ['now', fieldExpected(p('datetime'))],
  ['address', fieldExpected(valueRef('Address'))],
  ['state.address', fieldExpected(valueRef('Address'), true)],
  ["force ? note : 'none'", fieldExpected(p('string'))],
  ['max(amount, state.balance)', fieldExpected(p('integer'))],
];

const returnType = (expected: ExpectedType): string =>
  expected.kind === 'boolean' ? 'boolean' : `${tsType(expected.type)}${expected.optional ? ' | undefined' : ''}`;

/** Type-checks `source` in memory under the generated code's flags; returns the error messages. */
function typeCheck(source: string): string[] {
  const { file, diagnostics } = typeCheckSource(source);
  return diagnostics.map((d) => {
    const where = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1;
    return `line ${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('emitter: output compiles under strict TypeScript', () => {
  it('type-checks every emitted expression, and requires chained as statements', () => {
    const params = 'state: State, command: Command, id: string, now: string';
    const functions = COMPILED.map(
      ([text, expected], i) =>
        `// ${text.replace(/\n/g, ' ')}\nexport function f${i}(${params}): ${returnType(expected)} {\n  return ${emitted(text, expected)};\n}`,
    );
    // TypeScript narrows across statements: later checks, compiled knowing the earlier ones held
    // (see narrowing.test.ts for the full property), must still compile after them.
    let facts = Facts.NONE;
    const checks = ['state.status != closed', 'amount == 1', 'currency == EUR', "note == 'x'", 'state.status == open'].map((text) => {
      const r = compileExpression({ text, scope: { ...COMMAND_SCOPE, facts }, expected: BOOLEAN_EXPECTED, span: () => span0 });
      if (r.expr === undefined) throw new Error(`${text}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      facts = factsAfter(r.expr, facts, COMMAND_SCOPE.types);
      return `  if (${emitViolation(r.expr, NAMES)}) throw new Error('denied');`;
    });
    const decide = `export function decide(${params}): number {\n${checks.join('\n')}\n  return ${emitted(
      'state.status == open ? 1 : 2',
      fieldExpected(p('integer')),
      { ...COMMAND_SCOPE, facts },
    )};\n}`;
    const applyFn = `export function apply(state: State, event: Event, id: string): number {\n  return ${emitTypeScript(
      compileApply('state.balance + event.amount'),
      NAMES,
    )};\n}`;
    const source = [TS_PRELUDE, ...functions, decide, applyFn].join('\n\n');
    expect(source).not.toMatch(/\bany\b/);
    // One deliberate error at the end proves the check is not vacuous (one program: lib parsing is slow).
    const control = 'export const control: number = ("a" as string);';
    const lastLine = `${source}\n${control}`.split('\n').length;
    expect(typeCheck(`${source}\n${control}`)).toEqual([
      `line ${lastLine}: Type 'string' is not assignable to type 'number'.`,
    ]);
  });
});

function compileApply(text: string): TypedExpr {
  const r = compileExpression({ text, scope: APPLY_SCOPE, expected: fieldExpected(p('integer')), span: () => span0 });
  if (r.expr === undefined) throw new Error(`${text}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.expr;
}
