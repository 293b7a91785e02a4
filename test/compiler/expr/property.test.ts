import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../compiler/diagnostics/diagnostic.js';
import type { TextRange, TypedExpr } from '../../../compiler/expr/ast.js';
import type { ExpectedType, ExprScope } from '../../../compiler/expr/index.js';
import { compileExpression, emitTypeScript } from '../../../compiler/expr/index.js';
import { APPLY_SCOPE, BOOLEAN_EXPECTED, COMMAND_SCOPE, NAMES, arrayRef, enumRef, fieldExpected, p } from './support.js';

const SPAN: Span = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Whether a typed tree (from a clean compile) still holds an `unknown` anywhere but an open array. */
function hasUnknown(e: TypedExpr): boolean {
  if (e.type.kind === 'unknown') return true;
  switch (e.kind) {
    case 'unary':
      return hasUnknown(e.operand);
    case 'binary':
      return hasUnknown(e.left) || hasUnknown(e.right);
    case 'conditional':
      return hasUnknown(e.test) || hasUnknown(e.whenTrue) || hasUnknown(e.whenFalse);
    case 'call':
      return e.args.some(hasUnknown);
    case 'array':
      return e.elements.some(hasUnknown);
    default:
      return false;
  }
}

/**
 * Compiles `text` and checks the invariants that must hold for every input: no exception, every
 * reported range inside the text and non-empty unless the text is, one span per diagnostic, and a
 * tree exactly when there is no error — a tree without leftover `unknown`s that emits.
 */
function checkInvariants(text: string, expected: ExpectedType, scope: ExprScope): void {
  const ranges: TextRange[] = [];
  const result = compileExpression({
    text,
    scope,
    expected,
    span: (range) => {
      ranges.push(range);
      return SPAN;
    },
  });
  expect(ranges).toHaveLength(result.diagnostics.length);
  for (const r of ranges) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeLessThanOrEqual(text.length);
    expect(r.start).toBeLessThanOrEqual(r.end);
    if (text.trim() !== '') expect(r.end).toBeGreaterThan(r.start);
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    expect(result.expr).toBeUndefined();
    return;
  }
  expect(result.expr).toBeDefined();
  if (result.expr === undefined) return;
  expect(hasUnknown(result.expr)).toBe(false);
  expect(emitTypeScript(result.expr, NAMES).length).toBeGreaterThan(0);
}

const TOKENS = [
  'state', 'command', 'event', 'id', 'now', '.', 'balance', 'status', 'limit', 'address', 'city', 'tags', 'amount',
  'note', 'reference', 'currency', 'force', 'open', 'closed', 'EUR', 'len', 'min', 'max', 'contains', 'append',
  'remove', 'lower', 'upper', 'nope', '(', ')', '[', ']', ',', '?', ':', '+', '-', '*', '/', '%', '!', '==', '!=',
  '<', '<=', '>', '>=', '&&', '||', 'and', 'or', 'not', 'true', 'false', 'null', '0', '1', '2.5', '007', '1e5',
  "'x'", '"y"', "'2024-01-01'", "'unterminated", '\\', '=', '&', '@', ' ', '\n',
];

const EXPECTATIONS: ExpectedType[] = [
  BOOLEAN_EXPECTED,
  fieldExpected(p('integer')),
  fieldExpected(p('string'), true),
  fieldExpected(enumRef('AccountStatus')),
  fieldExpected(arrayRef(p('string'))),
];

const expected = fc.constantFrom(...EXPECTATIONS);
const scope = fc.constantFrom(COMMAND_SCOPE, APPLY_SCOPE);

describe('compileExpression never throws and reports ranges inside the text', () => {
  it('on random strings, including binary junk', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), expected, scope, (text, e, s) => checkInvariants(text, e, s)),
      { numRuns: 1000 },
    );
  });

  it('on random token sequences', () => {
    const sequence = fc
      .tuple(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), fc.constantFrom(' ', ''))
      .map(([tokens, sep]) => tokens.join(sep));
    fc.assert(fc.property(sequence, expected, scope, (text, e, s) => checkInvariants(text, e, s)), { numRuns: 2000 });
  });

  it('on mutations of valid expressions', () => {
    const seeds = [
      'state.limit == null || state.balance + amount <= state.limit',
      "contains([open, closed], state.status) and len(note + 'x') > 0",
      'force ? max(amount, 1) : min(state.balance, 2)',
      "state.address.city != null && lower(state.address.city) == 'paris'",
    ];
    const mutated = fc
      .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 5 }), fc.constantFrom(...TOKENS, ''))
      .map(([seed, at, cut, insert]) => {
        const i = at % (seed.length + 1);
        return seed.slice(0, i) + insert + seed.slice(Math.min(seed.length, i + cut));
      });
    fc.assert(fc.property(mutated, expected, scope, (text, e, s) => checkInvariants(text, e, s)), { numRuns: 2000 });
  });

  it('on huge and deeply nested inputs', () => {
    const inputs = [
      'x'.repeat(1_000_000),
      "'".padEnd(1_000_000, 'a'),
      '('.repeat(200_000) + ')'.repeat(200_000),
      '!'.repeat(200_000),
      Array.from({ length: 20_000 }, () => 'amount').join(' + '),
      `[${'1, '.repeat(100_000)}1]`,
      '\\q'.repeat(100_000),
      '\u0000\uffff\ud800'.repeat(10_000),
    ];
    for (const text of inputs) checkInvariants(text, BOOLEAN_EXPECTED, COMMAND_SCOPE);
  });
});
