import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../compiler/expr/lexer.js';
import { MAX_DEPTH, parse } from '../../../compiler/expr/parser.js';
import { Reporter } from '../../../compiler/expr/report.js';
import type { SyntaxNode } from '../../../compiler/expr/syntax.js';
import { compile } from './support.js';

/** Fully parenthesized rendering of a syntax tree. */
function show(n: SyntaxNode): string {
  switch (n.kind) {
    case 'number':
      return String(n.value);
    case 'string':
      return JSON.stringify(n.value);
    case 'boolean':
      return String(n.value);
    case 'null':
      return 'null';
    case 'identifier':
      return n.name;
    case 'member':
      return `${show(n.object)}.${n.name}`;
    case 'call':
      return `${show(n.callee)}(${n.args.map(show).join(', ')})`;
    case 'unary':
      return `(${n.operator}${show(n.operand)})`;
    case 'binary':
      return `(${show(n.left)} ${n.operator} ${show(n.right)})`;
    case 'conditional':
      return `(${show(n.test)} ? ${show(n.whenTrue)} : ${show(n.whenFalse)})`;
    case 'array':
      return `[${n.elements.map(show).join(', ')}]`;
    case 'object':
      return `{${n.fields.map((f) => `${f.name}: ${show(f.value)}`).join(', ')}}`;
    case 'duration':
      return `${n.amount}${n.unit}`;
    case 'in':
      return `(${show(n.element)} ${n.negated ? 'not in' : 'in'} ${show(n.list)})`;
  }
}

function parseText(text: string): { tree: SyntaxNode | undefined; problems: string[] } {
  const ranges: string[] = [];
  const reporter = new Reporter((r) => {
    ranges.push(`${r.start}-${r.end}`);
    return { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  }, text);
  const tree = parse(tokenize(text, reporter), reporter);
  return { tree, problems: reporter.diagnostics.map((d, i) => `${d.code}@${ranges[i] ?? '?'}`) };
}

const shape = (text: string): string => {
  const { tree, problems } = parseText(text);
  if (tree === undefined) throw new Error(`${text}: ${problems.join(', ')}`);
  return show(tree);
};

describe('parser: precedence and associativity', () => {
  const table: [string, string][] = [
    ['a ? b : c || d', '(a ? b : (c || d))'],
    ['a || b ? c : d', '((a || b) ? c : d)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? c : d : e', '(a ? (b ? c : d) : e)'],
    ['a || b && c', '(a || (b && c))'],
    ['a or b and c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a || b || c', '((a || b) || c)'],
    ['a && b == c', '(a && (b == c))'],
    ['a == b < c', '(a == (b < c))'],
    ['a < b == c', '((a < b) == c)'],
    ['a < b + c', '(a < (b + c))'],
    ['a + b * c', '(a + (b * c))'],
    ['a * b + c', '((a * b) + c)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b / c', '((a / b) / c)'],
    ['a % b * c', '((a % b) * c)'],
    ['-a * b', '((-a) * b)'],
    ['!a && b', '((!a) && b)'],
    ['not a and b', '((!a) && b)'],
    ['!!a', '(!(!a))'],
    ['- -a', '(-(-a))'],
    ['a - -b', '(a - (-b))'],
    ['-a.b', '(-a.b)'],
    ['!f(x).y', '(!f(x).y)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['a.b.c', 'a.b.c'],
    ['state.not', 'state.not'],
    ['f()', 'f()'],
    ['f(a, b + c, [d])', 'f(a, (b + c), [d])'],
    ['[]', '[]'],
    ['[a, [b, c]]', '[a, [b, c]]'],
    ["'x' + \"y\"", '("x" + "y")'],
    ['true != null', '(true != null)'],
  ];
  it.each(table)('%s  =>  %s', (text, expected) => {
    expect(shape(text)).toBe(expected);
  });

  it('keeps the ranges of nodes and operators', () => {
    const { tree } = parseText('state.balance  >=  amount');
    expect(tree).toMatchObject({ kind: 'binary', range: { start: 0, end: 25 }, operatorRange: { start: 15, end: 17 } });
    const member = parseText('a.bc').tree;
    expect(member).toMatchObject({ kind: 'member', nameRange: { start: 2, end: 4 }, range: { start: 0, end: 4 } });
    const call = parseText('len( x )').tree;
    expect(call).toMatchObject({ kind: 'call', range: { start: 0, end: 8 } });
  });
});

describe('parser: errors', () => {
  const table: [string, string][] = [
    ['', 'ORX5006@0-0'],
    ['   ', 'ORX5006@0-3'],
    ['a +', 'ORX5007@2-3'],
    ['a + * b', 'ORX5007@4-5'],
    ['a b', 'ORX5007@2-3'],
    ['(a + b', 'ORX5008@0-1'],
    ['[a, b', 'ORX5008@0-1'],
    ['f(a, b', 'ORX5008@1-2'],
    ['(a b)', 'ORX5007@3-4'],
    ['f(a b)', 'ORX5007@4-5'],
    ['a)', 'ORX5007@1-2'],
    ['a ? b', 'ORX5007@4-5'],
    ['a ? b c', 'ORX5007@6-7'],
    ['a.', 'ORX5007@1-2'],
    ['a.1', 'ORX5007@2-3'],
    ['a < b < c', 'ORX5009@6-7'],
    ['a == b != c', 'ORX5009@7-9'],
    ['a >= b <= c', 'ORX5009@7-9'],
    ['and', 'ORX5007@0-3'],
    ['a and or b', 'ORX5007@6-8'],
    ['f(a,)', 'ORX5007@4-5'],
    ['+a', 'ORX5007@0-1'],
  ];
  it.each(table)('%s  reports  %s', (text, problem) => {
    const { tree, problems } = parseText(text);
    expect(tree).toBeUndefined();
    expect(problems).toEqual([problem]);
  });

  it('names the missing piece in the message', () => {
    expect(compile('amount +').diagnostics[0]?.message).toBe(
      "Expected an expression after '+', found the end of the expression.",
    );
    expect(compile('amount 5').diagnostics[0]?.message).toBe(
      "Expected an operator or the end of the expression, found '5'.",
    );
    expect(compile('(amount > 0').diagnostics[0]?.message).toBe("'(' is never closed.");
  });

  it('stays silent after a lexer error (no echo of the same mistake)', () => {
    expect(parseText('a = b').problems).toEqual(['ORX5001@2-3']);
    expect(parseText("(a == 'b").problems).toEqual(['ORX5002@6-7']);
  });

  it('reports only the first syntax error', () => {
    expect(parseText('a + + (b').problems).toEqual(['ORX5007@4-5']);
  });
});

describe('parser: depth limit', () => {
  const deepest = (open: string, close: string, depth: number) => `${open.repeat(depth)}a${close.repeat(depth)}`;

  it(`accepts ${MAX_DEPTH} levels of parentheses and rejects one more`, () => {
    expect(parseText(deepest('(', ')', MAX_DEPTH - 1)).problems).toEqual([]);
    const { problems } = parseText(deepest('(', ')', MAX_DEPTH + 1));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ORX5010@/);
  });

  it('bounds unary chains, brackets, calls and operator chains', () => {
    const inputs = [
      '!'.repeat(100_000) + 'a',
      '-'.repeat(100_000) + 'a',
      '['.repeat(100_000),
      'f('.repeat(100_000),
      Array.from({ length: 100_000 }, () => 'a').join(' + '),
      Array.from({ length: 100_000 }, () => 'a ?').join(' ') + ' b : c',
      '('.repeat(1_000_000),
    ];
    for (const text of inputs) {
      const { tree, problems } = parseText(text);
      expect(tree).toBeUndefined();
      expect(problems).toEqual([expect.stringMatching(/^ORX5010@/)]);
    }
  });

  it('accepts long flat lists (they are not nesting)', () => {
    const text = `[${Array.from({ length: 50_000 }, (_, i) => String(i)).join(', ')}]`;
    const { tree, problems } = parseText(text);
    expect(problems).toEqual([]);
    expect(tree).toMatchObject({ kind: 'array' });
  });
});
