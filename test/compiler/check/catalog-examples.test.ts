import { describe, expect, it } from 'vitest';
import { behaviourDiagnostics } from '../../../compiler/diagnostics/catalog/behaviour.js';
import { gdprDiagnostics } from '../../../compiler/diagnostics/catalog/gdpr.js';
import { namesDiagnostics } from '../../../compiler/diagnostics/catalog/names.js';
import { typesDiagnostics } from '../../../compiler/diagnostics/catalog/types.js';
import { runPipeline } from './support.js';

const examples = Object.entries({
  ...namesDiagnostics,
  ...typesDiagnostics,
  ...behaviourDiagnostics,
  ...gdprDiagnostics,
}).map(([code, e]) => [code, e.example !== undefined && 'spec' in e.example ? e.example : undefined] as const);

describe('catalog examples of the check phase', () => {
  it.each(examples)('%s: the example spec reports exactly this code', (code, example) => {
    expect(example).toBeDefined();
    const reported = runPipeline({ 'example.yaml': example?.spec ?? '' }).all;
    expect(reported.map((d) => d.code)).toEqual([code]);
    expect(example?.fix.length).toBeGreaterThan(10);
  });
});
