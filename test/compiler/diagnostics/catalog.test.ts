import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogCodes, type CatalogEntry } from '../../../compiler/diagnostics/catalog/index.js';
import { renderDiagnosticsReference, runCatalogExamples, type ExampleRun } from '../../support/diagnostics-reference.js';
import { REPO_ROOT } from '../../support/project.js';

const entries = catalogCodes().map((code) => [code, catalog[code] as unknown as CatalogEntry<unknown>] as const);

describe('the diagnostics catalog', () => {
  let runs: readonly ExampleRun[] = [];
  beforeAll(async () => {
    runs = await runCatalogExamples();
  }, 120_000);

  it('uses stable, well-formed codes with a title, message and hint', () => {
    for (const [code, e] of entries) {
      expect(code).toMatch(/^ORX[1-9]\d{3}$/);
      expect(e.title.length, code).toBeGreaterThan(3);
    }
  });

  it('documents every code with an example: a spec that triggers it, or the situation', () => {
    const missing = entries.filter(([, e]) => e.example === undefined).map(([code]) => code);
    expect(missing).toEqual([]);
  });

  it('reports each spec example with exactly its own code, at a real position', () => {
    expect(runs.length).toBeGreaterThan(50);
    for (const run of runs) {
      const codes = run.diagnostics.map((d) => d.code);
      expect(codes, `${run.code}: ${run.rendered}`).toContain(run.code);
      const own = run.diagnostics.find((d) => d.code === run.code);
      expect(own?.span.start.line, run.code).toBeGreaterThanOrEqual(1);
      expect(own?.span.start.column, run.code).toBeGreaterThanOrEqual(1);
    }
  });

  it('has a test naming every code whose example is a situation', () => {
    const sources = testSources(join(REPO_ROOT, 'test')).join('\n');
    const untested = entries
      .filter(([, e]) => e.example !== undefined && !('spec' in e.example))
      .map(([code]) => code)
      .filter((code) => !sources.includes(code));
    expect(untested).toEqual([]);
  });

  it('matches docs/diagnostics.md (regenerate with `npm run docs:update`)', async () => {
    const committed = readFileSync(join(REPO_ROOT, 'docs/diagnostics.md'), 'utf8');
    expect(committed).toBe(await renderDiagnosticsReference());
  }, 120_000);
});

function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testSources(path));
    else if (name.endsWith('.test.ts') && name !== 'catalog.test.ts') out.push(readFileSync(path, 'utf8'));
  }
  return out;
}
