import { describe, expect, it } from 'vitest';
import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { compareDiagnostics } from '../../../compiler/diagnostics/diagnostic.js';
import { renderDiagnostics, shouldUseColor, summarize } from '../../../compiler/diagnostics/render/index.js';

const text = ['domain: banking', 'aggregates:', '  Account:', '    state:', '      currency: Curency', '      balance: integer'].join('\n');

const span = (line: number, column: number, endColumn: number, file = 'domains/banking.yaml'): Span => ({
  file,
  start: { line, column, offset: 0 },
  end: { line, column: endColumn, offset: 0 },
});

const unknownType: Diagnostic = {
  code: 'ORX3001',
  severity: 'error',
  message: "Unknown type 'Curency'. Did you mean 'Currency'?",
  hint: 'Declare the type under `types:` or fix the spelling.',
  span: span(5, 17, 24),
  related: [],
};

describe('pretty format', () => {
  it('prints location, code, message, a code frame with carets under the span, and the hint', () => {
    const out = renderDiagnostics([unknownType], 'pretty', { sources: () => text, color: false });
    expect(out).toBe(
      [
        "domains/banking.yaml:5:17: error ORX3001: Unknown type 'Curency'. Did you mean 'Currency'?",
        '  4 |     state:',
        '> 5 |       currency: Curency',
        '    |                 ^^^^^^^',
        '  6 |       balance: integer',
        '  hint: Declare the type under `types:` or fix the spelling.',
        '',
      ].join('\n'),
    );
  });

  it('lines carets up under tab-indented source and shows related locations', () => {
    const tabbed = 'a:\n\tb: c\n';
    const d: Diagnostic = {
      ...unknownType,
      span: span(2, 5, 6, 'x.yaml'),
      related: [{ message: 'first declared here', span: span(1, 1, 2, 'y.yaml') }],
    };
    const out = renderDiagnostics([d], 'pretty', { sources: () => tabbed, color: false });
    const lines = out.split('\n');
    const source = lines.find((l) => l.startsWith('> 2 |'));
    const carets = lines[lines.indexOf(source ?? '') + 1] ?? '';
    expect(source).toBe('> 2 |   b: c');
    expect(carets.indexOf('^')).toBe(source?.indexOf('c'));
    expect(out).toContain('note: first declared here (y.yaml:1:1)');
  });

  it('uses ANSI colour only when asked', () => {
    const colored = renderDiagnostics([unknownType], 'pretty', { sources: () => text, color: true });
    const plain = renderDiagnostics([unknownType], 'pretty', { sources: () => text, color: false });
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(plain).not.toContain('\u001b[');
  });

  it('windows very long lines around the span', () => {
    const long = `x: ${'a'.repeat(500)}BAD${'b'.repeat(500)}`;
    const d: Diagnostic = { ...unknownType, span: span(1, 504, 507) };
    const out = renderDiagnostics([d], 'pretty', { sources: () => long, color: false });
    const lines = out.split('\n');
    const frame = lines.find((l) => l.startsWith('> 1 |')) ?? '';
    expect(frame.length).toBeLessThan(200);
    const caretLine = lines[lines.indexOf(frame) + 1] ?? '';
    expect(frame.slice(caretLine.indexOf('^'), caretLine.indexOf('^') + 3)).toBe('BAD');
  });
});

describe('colour detection', () => {
  it('follows NO_COLOR, FORCE_COLOR and TTY', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
  });
});

describe('json format', () => {
  it('is one parseable document holding the diagnostics as data', () => {
    const out = renderDiagnostics([unknownType], 'json', { sources: () => text, color: true });
    expect(JSON.parse(out)).toEqual({ diagnostics: [unknownType] });
  });
});

describe('github format', () => {
  it('emits workflow commands with escaped properties and data', () => {
    const d: Diagnostic = { ...unknownType, message: '50% off: a,b\nnext', span: span(5, 17, 24, 'dir,x/a:b.yaml') };
    const out = renderDiagnostics([d], 'github', { sources: () => text, color: false });
    expect(out).toBe(
      '::error file=dir%2Cx/a%3Ab.yaml,line=5,col=17,endLine=5,endColumn=24,title=ORX3001::50%25 off: a,b%0Anext%0ADeclare the type under `types:` or fix the spelling.\n',
    );
  });
});

describe('ordering and summary', () => {
  it('sorts by file, then offset, then code', () => {
    const at = (file: string, offset: number, code: string): Diagnostic => ({
      ...unknownType,
      code,
      span: { file, start: { line: 1, column: 1, offset }, end: { line: 1, column: 1, offset } },
    });
    const sorted = [at('b.yaml', 0, 'ORX1'), at('a.yaml', 9, 'ORX1'), at('a.yaml', 2, 'ORX2'), at('a.yaml', 2, 'ORX1')].sort(compareDiagnostics);
    expect(sorted.map((d) => `${d.span.file}@${d.span.start.offset}:${d.code}`)).toEqual([
      'a.yaml@2:ORX1',
      'a.yaml@2:ORX2',
      'a.yaml@9:ORX1',
      'b.yaml@0:ORX1',
    ]);
  });

  it('summarizes counts', () => {
    expect(summarize([])).toBe('no problems');
    expect(summarize([unknownType, { ...unknownType, severity: 'warning' }])).toBe('1 error, 1 warning');
    const info: Diagnostic = { ...unknownType, severity: 'info' };
    expect(summarize([info, info])).toBe('no problems, 2 infos');
    expect(summarize([unknownType, info])).toBe('1 error, 1 info');
  });

  it('prints info as `info` and as a GitHub notice', () => {
    const info: Diagnostic = { ...unknownType, severity: 'info' };
    expect(renderDiagnostics([info], 'pretty', { sources: () => text, color: false })).toContain(': info ORX3001:');
    expect(renderDiagnostics([info], 'github', { sources: () => text, color: false })).toMatch(/^::notice file=/);
  });
});
