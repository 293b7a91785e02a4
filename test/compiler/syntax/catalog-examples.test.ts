import { describe, expect, it } from 'vitest';
import { loadDiagnostics } from '../../../compiler/diagnostics/catalog/load.js';
import { syntaxDiagnostics } from '../../../compiler/diagnostics/catalog/syntax.js';
import type { CatalogEntry } from '../../../compiler/diagnostics/catalog/entry.js';
import { parseSource } from '../../../compiler/load/index.js';
import { validateConfig, validateSpec } from '../../../compiler/syntax/index.js';

/** The codes a file reports through load and syntax; config files (ORX11xx) are validated as config. */
function codesOf(code: string, text: string): string[] {
  const parsed = parseSource(code.startsWith('ORX11') ? 'orchestrix.config.yaml' : 'spec.yaml', text);
  const codes = parsed.diagnostics.map((d) => d.code);
  if (parsed.doc === undefined) return codes;
  const validated = code.startsWith('ORX11') ? validateConfig(parsed.doc) : validateSpec(parsed.doc);
  return [...codes, ...validated.diagnostics.map((d) => d.code)];
}

const entries = Object.entries({ ...loadDiagnostics, ...syntaxDiagnostics }) as [string, CatalogEntry<never>][];
const withExamples = entries.filter(([, e]) => e.example !== undefined);

describe('catalog: load (ORX1xxx) and syntax (ORX2xxx)', () => {
  it('codes are in their sections and every entry has a title', () => {
    for (const [code, e] of entries) {
      expect(code).toMatch(/^ORX[12]\d{3}$/);
      expect(e.title.length).toBeGreaterThan(0);
    }
    expect(withExamples.length).toBeGreaterThanOrEqual(entries.length - 7);
  });

  it.each(withExamples)('%s: the example reports its code, and the fix is stated', (code, e) => {
    expect(codesOf(code, e.example?.spec ?? '')).toContain(code);
    expect(e.example?.fix.length).toBeGreaterThan(10);
  });
});
