import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { Code, UnsafeOutputError, doc, ident, json, str, ts as code } from '../../../compiler/emit/code.js';

/** Parses a TypeScript file and returns its top-level statement kinds plus syntax errors. */
function statements(text: string): { kinds: string[]; errors: number } {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const errors = (file as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
  return { kinds: file.statements.map((s) => (ts.isVariableStatement(s) ? 'variable' : ts.SyntaxKind[s.kind] ?? 'other')), errors };
}

const hostile = ['"', "'", '`', '*/', '${x}', '\\', '\u2028', '\u2029', '\n', '</script>', "'); process.exit(1); ('"];

describe('safe code fragments', () => {
  it('quotes every hostile string as inert data', () => {
    for (const value of hostile) {
      const text = `export const a = ${str(value).text};\n`;
      expect(statements(text)).toEqual({ kinds: ['variable'], errors: 0 });
      expect(eval(str(value).text)).toBe(value);
    }
  });

  it('keeps descriptions inside their comment', () => {
    for (const value of hostile) {
      const text = `${doc(`a ${value} b`).text}export const a = 1;\n`;
      expect(statements(text)).toEqual({ kinds: ['variable'], errors: 0 });
    }
  });

  it('renders JSON literals and rejects non-finite numbers', () => {
    expect(json({ a: [1, 'x\u2028'], b: null }).text).toBe('{"a":[1,"x\\u2028"],"b":null}');
    expect(() => json(Number.POSITIVE_INFINITY)).toThrow(UnsafeOutputError);
  });

  it('accepts only safe identifiers', () => {
    expect(ident('balanceAfter').text).toBe('balanceAfter');
    for (const bad of ['constructor', '__proto__', 'class', 'a-b', '1a', '', 'a b', 'x;y']) {
      expect(() => ident(bad)).toThrow(UnsafeOutputError);
    }
  });

  it('interpolates only Code and finite numbers in the ts tag', () => {
    expect(code`const ${ident('x')} = ${2};`.text).toBe('const x = 2;');
    const raw: unknown = 'y; evil()';
    expect(() => code`const a = ${raw as Code};`).toThrow(UnsafeOutputError);
  });
});
