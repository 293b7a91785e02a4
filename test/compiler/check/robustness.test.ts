import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, runPipeline } from './support.js';

const banking = fixture('banking.yaml');
const lines = banking.split('\n');
const words = [...new Set(banking.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].sort();

/** One edit of the valid banking spec: drop, repeat or swap lines, or (most often) rename a word. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), line: fc.nat(lines.length - 1) }),
  fc.record({ kind: fc.constant('repeat' as const), line: fc.nat(lines.length - 1) }),
  fc.record({ kind: fc.constant('swap' as const), line: fc.nat(lines.length - 2) }),
  ...Array.from({ length: 4 }, () =>
    fc.record({
      kind: fc.constant('rename' as const),
      line: fc.nat(lines.length - 1),
      nth: fc.nat(8),
      to: fc.constantFrom(...words, 'x-y', 'class', 'Date', '9', 'ownerId'),
    }),
  ),
);

function mutate(
  text: string[],
  e: { kind: 'drop' | 'repeat' | 'swap'; line: number } | { kind: 'rename'; line: number; nth: number; to: string },
): string[] {
  const out = [...text];
  const at = Math.min(e.line, out.length - 1);
  if (e.kind === 'drop') out.splice(at, 1);
  else if (e.kind === 'repeat') out.splice(at, 0, out[at] ?? '');
  else if (e.kind === 'swap') [out[at], out[at + 1]] = [out[at + 1] ?? '', out[at] ?? ''];
  else if (e.kind === 'rename') {
    // Replace the nth word of the line (counting round), so the edit always changes something.
    const line = out[at] ?? '';
    const found = [...line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
    const target = found[e.nth % Math.max(1, found.length)];
    if (target?.index !== undefined) {
      out[at] = line.slice(0, target.index) + e.to + line.slice(target.index + target[0].length);
    }
  }
  return out;
}

describe('checking edited specs', () => {
  it('never throws, and every diagnostic has a file, line and column', () => {
    let reachedCheck = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const text = edits.reduce(mutate, lines).join('\n');
        const { all, diagnostics, domains } = runPipeline({ 'banking.yaml': text });
        for (const d of all) {
          expect(d.span.file).toBe('banking.yaml');
          expect(d.span.start.line).toBeGreaterThanOrEqual(1);
          expect(d.span.start.column).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        if (all.some((d) => d.code >= 'ORX3000' && d.code < 'ORX5000') || all.some((d) => d.code >= 'ORX6000')) {
          reachedCheck++;
        }
        // The checker builds a model only for a domain it found no error in.
        expect(domains.length === 0 || diagnostics.every((d) => d.severity === 'warning')).toBe(true);
      }),
      { numRuns: 150, seed: 20261122 },
    );
    // The edits exercise the semantic checks, not just the YAML and schema layers.
    expect(reachedCheck).toBeGreaterThan(25);
  });
});
