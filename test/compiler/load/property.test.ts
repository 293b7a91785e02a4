import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Position, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { type DocPath, parseSource, type SourceDocument } from '../../../compiler/load/index.js';
import { validateSpec } from '../../../compiler/syntax/index.js';
import { DESIGN_EXAMPLE, mutatedText } from './support/mutations.js';

const FILE = 'spec.yaml';

/** A position that exists in `text`: line and column agree with the offset, within the file. */
function expectInside(text: string, p: Position): void {
  const lines = text.split('\n');
  expect(p.line).toBeGreaterThanOrEqual(1);
  expect(p.column).toBeGreaterThanOrEqual(1);
  expect(p.line).toBeLessThanOrEqual(lines.length);
  expect(p.column).toBeLessThanOrEqual((lines[p.line - 1] ?? '').length + 1);
  const lineStart = lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0);
  expect(lineStart + p.column - 1).toBe(p.offset);
}

function expectSpan(text: string, span: Span): void {
  expect(span.file).toBe(FILE);
  expectInside(text, span.start);
  expectInside(text, span.end);
  expect(span.end.offset).toBeGreaterThanOrEqual(span.start.offset);
}

/** Every path of a value (a bounded number), for exercising span lookups. */
function pathsOf(value: unknown, prefix: DocPath = [], out: DocPath[] = []): DocPath[] {
  if (out.length > 40) return out;
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** parseSource + validateSpec on anything: only diagnostics, each at a real place in the file. */
function check(content: string | Uint8Array): void {
  const parsed = parseSource(FILE, content);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const doc: SourceDocument | undefined = parsed.doc;
  // Positions of encoding errors are computed in the decoded prefix; the rest need the text.
  const text = doc?.text ?? (typeof content === 'string' ? content.replace(/^\uFEFF/, '') : undefined);
  if (doc !== undefined) {
    diagnostics.push(...validateSpec(doc).diagnostics);
    for (const path of pathsOf(doc.value)) {
      expectSpan(doc.text, doc.span(path, 'key'));
      expectSpan(doc.text, doc.span([...path, 'missing']));
      expectSpan(doc.text, doc.spanInString(path, 1, 3));
    }
  }
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^ORX\d{4}$/);
    expect(d.message.length).toBeGreaterThan(0);
    if (text !== undefined && d.code !== 'ORX1003') {
      expectSpan(text, d.span);
      for (const r of d.related) expectSpan(text, r.span);
    }
  }
}

const yamlish = fc
  .array(fc.constantFrom(...'ab: -#"\'\n\t{}[],&*!|>%@?~\\.01é'.split(''), '  ', 'key: ', '\n  ', '\n- '), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('parseSource + validateSpec never throw', () => {
  it('on mutated specs', () => {
    fc.assert(fc.property(mutatedText(DESIGN_EXAMPLE), check), { numRuns: 80 });
  });

  it('on random YAML-like text', () => {
    fc.assert(fc.property(yamlish, check), { numRuns: 200 });
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), check), { numRuns: 100 });
  });
});
