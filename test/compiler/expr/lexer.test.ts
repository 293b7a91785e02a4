import { describe, expect, it } from 'vitest';
import type { Span } from '../../../compiler/diagnostics/diagnostic.js';
import type { Token } from '../../../compiler/expr/lexer.js';
import { tokenize } from '../../../compiler/expr/lexer.js';
import { Reporter } from '../../../compiler/expr/report.js';

const SPAN: Span = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function lex(text: string): { tokens: Token[]; problems: string[] } {
  const ranges: string[] = [];
  const reporter = new Reporter((r) => {
    ranges.push(`${r.start}-${r.end}`);
    return SPAN;
  }, text);
  const tokens = tokenize(text, reporter);
  return { tokens, problems: reporter.diagnostics.map((d, i) => `${d.code}@${ranges[i] ?? '?'}`) };
}

/** A compact rendering: `id:state`, `op:.`, `num:1`, `int:1`, `str:"a"`, `invalid`, `end`. */
const show = (t: Token): string => {
  switch (t.kind) {
    case 'identifier':
      return `id:${t.name}`;
    case 'punctuator':
      return `op:${t.value}`;
    case 'number':
      return `${t.integer ? 'int' : 'num'}:${t.value}`;
    case 'string':
      return `str:${JSON.stringify(t.value)}`;
    default:
      return t.kind;
  }
};

describe('lexer', () => {
  it('reads names, numbers, strings and every operator', () => {
    const { tokens, problems } = lex(`state.balance+1>=2.5&&!x||a!=b==c<d<=e>f%g*h/i-j?k:l,[m](n)'s'"t"`);
    expect(problems).toEqual([]);
    expect(tokens.map(show)).toEqual([
      'id:state', 'op:.', 'id:balance', 'op:+', 'int:1', 'op:>=', 'num:2.5', 'op:&&', 'op:!', 'id:x', 'op:||',
      'id:a', 'op:!=', 'id:b', 'op:==', 'id:c', 'op:<', 'id:d', 'op:<=', 'id:e', 'op:>', 'id:f', 'op:%', 'id:g',
      'op:*', 'id:h', 'op:/', 'id:i', 'op:-', 'id:j', 'op:?', 'id:k', 'op::', 'id:l', 'op:,', 'op:[', 'id:m',
      'op:]', 'op:(', 'id:n', 'op:)', 'str:"s"', 'str:"t"', 'end',
    ]);
  });

  it('records exact token ranges and skips spaces, tabs and line breaks', () => {
    const { tokens } = lex(' a\t==\n  12 ');
    expect(tokens.map((t) => [t.start, t.end])).toEqual([[1, 2], [3, 5], [8, 10], [11, 11]]);
  });

  it('decodes every supported escape', () => {
    const { tokens, problems } = lex(String.raw`'a\\b\'c\"d\ne\rf\tg\u00e9\u2028'`);
    expect(problems).toEqual([]);
    expect(tokens[0]).toMatchObject({ kind: 'string', value: 'a\\b\'c"d\ne\rf\tg\u00e9\u2028' });
  });

  it('keeps the other quote kind inside a string as text', () => {
    expect(lex(`"it's" 'say "hi"'`).tokens.map(show)).toEqual([`str:"it's"`, `str:"say \\"hi\\""`, 'end']);
  });

  it('reports an unknown escape at the escape and still yields the string', () => {
    const { tokens, problems } = lex(String.raw`x == 'a\qb\zc'`);
    expect(problems).toEqual(['ORX5003@7-9']);
    expect(tokens[2]).toMatchObject({ kind: 'string', value: 'aqbzc' });
  });

  it('reports a short \\u escape with the digits it has', () => {
    expect(lex(String.raw`'\u12'`).problems).toEqual(['ORX5003@1-5']);
  });

  it('reports an unterminated string at its opening quote and stops', () => {
    expect(lex(`a == 'open`)).toMatchObject({ problems: ['ORX5002@5-6'] });
    expect(lex(`a == 'open`).tokens.map(show)).toEqual(['id:a', 'op:==', 'invalid', 'end']);
    // A line break ends a string too; the rest is not lexed again (no second error at the next quote).
    expect(lex(`'abc\ndef' + 'x'`).problems).toEqual(['ORX5002@0-1']);
    expect(lex(`"abc\\`).problems).toEqual(['ORX5002@0-1']);
  });

  it('rejects exponents, suffixes and separators as one token', () => {
    expect(lex('1e6 > a')).toMatchObject({ problems: ['ORX5004@0-3'] });
    expect(lex('10px').problems).toEqual(['ORX5004@0-4']);
    expect(lex('1_000').problems).toEqual(['ORX5004@0-5']);
    expect(lex('1e6 > a').tokens.map(show)).toEqual(['invalid', 'end']);
  });

  it('rejects leading zeros but keeps the number', () => {
    const { tokens, problems } = lex('007');
    expect(problems).toEqual(['ORX5004@0-3']);
    expect(tokens[0]).toMatchObject({ kind: 'number', value: 7 });
    expect(lex('0.5 0').problems).toEqual([]);
  });

  it('reads a trailing dot as member access, not as part of the number', () => {
    expect(lex('1.').tokens.map(show)).toEqual(['int:1', 'op:.', 'end']);
  });

  it('rejects integers beyond the safe range and infinite decimals', () => {
    expect(lex('9007199254740991').problems).toEqual([]);
    expect(lex('9007199254740992').problems).toEqual(['ORX5005@0-16']);
    expect(lex(`1${'0'.repeat(400)}.5`).problems).toEqual(['ORX5005@0-403']);
  });

  it('reports an unexpected character with a description and stops', () => {
    const cases: [string, string, string][] = [
      ['a = b', "'='", 'ORX5001@2-3'],
      ['a & b', "'&'", 'ORX5001@2-3'],
      ['a | b', "'|'", 'ORX5001@2-3'],
      ['a @ b @ c', "'@'", 'ORX5001@2-3'],
      ['a \u0007', 'U+0007', 'ORX5001@2-3'],
      ['a 😀', "'😀'", 'ORX5001@2-4'],
      ['a \ud800', 'U+D800', 'ORX5001@2-3'],
    ];
    for (const [text, char, problem] of cases) {
      const reporter = new Reporter(() => SPAN, text);
      const tokens = tokenize(text, reporter);
      expect(reporter.diagnostics.map((d) => d.message)).toEqual([`Unexpected character ${char} in expression.`]);
      expect(lex(text).problems).toEqual([problem]);
      expect(tokens.at(-2)?.kind).toBe('invalid');
    }
  });

  it('gives hints for = & and |', () => {
    const hint = (text: string) => {
      const reporter = new Reporter(() => SPAN, text);
      tokenize(text, reporter);
      return reporter.diagnostics[0]?.hint;
    };
    expect(hint('a = 1')).toContain("'=='");
    expect(hint('a & b')).toContain("'&&'");
    expect(hint('a | b')).toContain("'||'");
  });

  it('always ends with an end token at the end of the text', () => {
    for (const text of ['', '   ', 'a', '"x', '@']) {
      const tokens = lex(text).tokens;
      expect(tokens.at(-1)).toMatchObject({ kind: 'end' });
    }
  });
});
