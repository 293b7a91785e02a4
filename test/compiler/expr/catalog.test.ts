import { describe, expect, it } from 'vitest';
import { runPipeline } from '../check/support.js';
import { exprDiagnostics } from '../../../compiler/diagnostics/catalog/expr.js';

/** Each example goes through the real pipeline (load, syntax, check), as a user's spec would. */
const compileExample = (spec: string) => runPipeline({ 'example.yaml': spec }).all;

describe('catalog ORX5xxx', () => {
  const codes = Object.keys(exprDiagnostics) as (keyof typeof exprDiagnostics)[];

  it('numbers its codes ORX5001 onwards without gaps', () => {
    expect(codes).toEqual(codes.map((_, i) => `ORX${5001 + i}`));
  });

  it.each(codes)('%s: its example reports it, and nothing else', (code) => {
    const entry = exprDiagnostics[code];
    expect(entry.title.length).toBeGreaterThan(0);
    const example = entry.example;
    if (example === undefined || !('spec' in example)) throw new Error(`${code} has no spec example`);
    expect(example.fix.length).toBeGreaterThan(0);
    const found = compileExample(example.spec).map((d) => d.code);
    expect(found).toEqual([code]);
  });
});
