import { describe, expect, it } from 'vitest';
import type { CatalogEntry, DiagnosticExample } from '../../../compiler/diagnostics/catalog/entry.js';
import { loadDiagnostics } from '../../../compiler/diagnostics/catalog/load.js';
import { syntaxDiagnostics } from '../../../compiler/diagnostics/catalog/syntax.js';
import { parseSource } from '../../../compiler/load/index.js';
import { validateSpec } from '../../../compiler/syntax/index.js';

/** The codes a spec file reports through load and syntax. */
function codesOf(text: string): string[] {
  const parsed = parseSource('spec.yaml', text);
  const codes = parsed.diagnostics.map((d) => d.code);
  return parsed.doc === undefined ? codes : [...codes, ...validateSpec(parsed.doc).diagnostics.map((d) => d.code)];
}

/** Entries with their parameter types erased: only titles and examples are read here. */
interface AnyEntry {
  readonly title: CatalogEntry<never>['title'];
  readonly example: { readonly fix: string } | undefined;
}
const entries: [string, AnyEntry][] = Object.entries({ ...loadDiagnostics, ...syntaxDiagnostics });
const isSpecExample = (example: unknown): example is DiagnosticExample =>
  example !== null && typeof example === 'object' && 'spec' in example;
const specExamples = entries.flatMap(([code, e]) => (isSpecExample(e.example) ? [[code, e.example] as const] : []));

describe('catalog: load (ORX1xxx) and syntax (ORX2xxx)', () => {
  it('codes are in their sections; every entry has a title and an example', () => {
    for (const [code, e] of entries) {
      expect(code).toMatch(/^ORX[12]\d{3}$/);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.example?.fix.length).toBeGreaterThan(10);
    }
  });

  it.each(specExamples)('%s: the example reports exactly this code', (code, example) => {
    const codes = codesOf(example.spec);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set([code]));
  });
});
