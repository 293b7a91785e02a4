// Every number in the language is bounded: a huge, negative, fractional or unsafe number wherever a
// number stands in a real spec gives a diagnostic in bounded time and space, never a crash.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { asRanges } from '../../../compiler/check/versions.js';
import { describeDiagnostic, runPipeline } from './support.js';

const EXTREMES = [-1, 0.5, 1_000_001, 1_099_511_627_776, 1e308] as const;
/** Numbers tried per spec, spread over the document (every kind of number position appears in some spec). */
const MAX_PATHS = 16;

/** Every numeric scalar of the document (versions, snapshot intervals, constraints), as a path of keys and indexes. */
function numberPaths(node: Node | null, path: (string | number)[] = []): (string | number)[][] {
  if (isScalar(node)) return typeof node.value === 'number' ? [path] : [];
  if (isMap(node)) return node.items.flatMap((pair) => (isPair(pair) && isScalar(pair.key) ? numberPaths(pair.value as Node | null, [...path, String(pair.key.value)]) : []));
  if (isSeq(node)) return node.items.flatMap((item, index) => numberPaths(item as Node | null, [...path, index]));
  return [];
}

const specs = readdirSync(new URL('../../../domains/', import.meta.url)).filter((name) => name.endsWith('.yaml'));

describe('extreme numbers wherever a number stands', () => {
  for (const name of specs) {
    it(`${name}: every number replaced by each extreme gives bounded, located diagnostics`, () => {
      const text = readFileSync(new URL(`../../../domains/${name}`, import.meta.url), 'utf8');
      const all = numberPaths(parseDocument(text).contents as Node | null);
      expect(all.length).toBeGreaterThan(2);
      const step = Math.max(1, Math.ceil(all.length / MAX_PATHS));
      // Versions and snapshot intervals always, constraints spread over the rest.
      const paths = all.filter((path, index) => index % step === 0 || path.at(-1) === 'version' || path.at(-1) === 'every');
      const started = Date.now();
      for (const path of paths) {
        for (const value of EXTREMES) {
          const doc = parseDocument(text);
          doc.setIn(path, value);
          const { all } = runPipeline({ [name]: doc.toString() });
          for (const d of all) {
            expect(d.span.start.line, describeDiagnostic(d)).toBeGreaterThanOrEqual(1);
            expect(d.message.length, describeDiagnostic(d)).toBeLessThan(1000);
          }
        }
      }
      // Bounded work: a few milliseconds per spec, never the seconds an unbounded version took.
      expect(Date.now() - started).toBeLessThan(paths.length * EXTREMES.length * 500);
    });
  }

  it('a version above the bound is ORX2005 naming the bound; one within it missing many previous versions lists them as ranges', () => {
    const spec = (version: number, previous: string) => `domain: shop
aggregates:
  Thing:
    id: thingId
    state: { n: { type: integer, default: 0 } }
    commands:
      Make: { creates: true, emits: [Made] }
    events:
      Made:
        version: ${version}
        fields: { n: integer }
        previous:
${previous}`;
    const entry = (v: number) => `          ${v}: { fields: { n: integer } }`;
    const over = runPipeline({ 'shop.yaml': spec(1_099_511_627_776, entry(1)) }).all;
    expect(over.map((d) => d.code)).toContain('ORX2005');
    expect(over.find((d) => d.code === 'ORX2005')?.message).toMatch(/up to 1000/);
    const within = runPipeline({ 'shop.yaml': spec(1000, [1, 2, 500].map(entry).join('\n')) }).all;
    const missing = within.find((d) => d.code === 'ORX6008');
    expect(missing?.message).toContain('lacks version 3-499, 501-999');
  });

  it('asRanges writes runs as ranges and pairs as two numbers', () => {
    expect(asRanges([])).toBe('');
    expect(asRanges([4])).toBe('4');
    expect(asRanges([1, 2])).toBe('1, 2');
    expect(asRanges([1, 2, 3, 7, 9, 10, 11])).toBe('1-3, 7, 9-11');
  });
});
