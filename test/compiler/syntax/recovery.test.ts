import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../compiler/load/index.js';
import { checkDocuments } from '../../../compiler/pipeline/check-project.js';
import type { SourceDocument } from '../../../compiler/load/source.js';

/** Runs files through syntax and check as `orchestrix check` does, and lists `CODE line` per diagnostic. */
function check(files: Readonly<Record<string, string>>): { readonly found: readonly string[]; readonly domains: number } {
  const docs: SourceDocument[] = [];
  for (const [file, text] of Object.entries(files)) {
    const parsed = parseSource(file, text);
    if (parsed.doc !== undefined) docs.push(parsed.doc);
  }
  const result = checkDocuments(docs, []);
  return { found: result.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}`), domains: result.domains.length };
}

describe('a structural error hides nothing else', () => {
  it('reports `snapshot: 50` beside an unknown type, a refused field name and a wrong apply key in the same domain', () => {
    const { found, domains } = check({
      'hotel.yaml': `domain: hotel
types:
  Kind: { enum: [a, b] }
aggregates:
  Room:
    snapshot: 50
    state:
      kind: { type: Knd, default: a }
    commands:
      Open: { creates: true, emits: [Opened] }
    events:
      Opened: {}
  Guest:
    state:
      toString: { type: string, default: x }
    commands:
      Register: { creates: true, emits: [Registered] }
    events:
      Registered: { apply: { statu: a } }
`,
    });
    expect(found).toEqual(['ORX2002 hotel.yaml:6', 'ORX4001 hotel.yaml:8', 'ORX3004 hotel.yaml:15', 'ORX3014 hotel.yaml:19']);
    expect(domains).toBe(0);
  });

  it('leaves out a declaration that is wrong inside without reporting references to it again, and checks the other files of the domain', () => {
    const { found, domains } = check({
      'a.yaml': `domain: hotel
aggregates:
  Room:
    state:
      floor: 5
    commands:
      Open: { creates: true, minimum: 3, emits: [Opened] }
    events:
      Opened: { apply: { floor: 1 } }
`,
      'b.yaml': `domain: hotel
aggregates:
  Guest:
    commands:
      Register: { creates: true, emits: [Registerd] }
    events:
      Registered: {}
`,
    });
    // floor: 5 is not a field type (ORX2002); the apply naming 'floor' is not reported again; the
    // unknown key and the misspelt event of the other file are.
    expect(found).toContain('ORX2001 a.yaml:7');
    expect(found.some((f) => f.startsWith('ORX2002 a.yaml:5') || f.startsWith('ORX2005 a.yaml:5'))).toBe(true);
    expect(found.some((f) => f.endsWith('b.yaml:5'))).toBe(true);
    expect(found.filter((f) => f.endsWith('a.yaml:9'))).toEqual([]);
    expect(domains).toBe(0);
  });

  it('still generates nothing from a domain with a structural error, and reports a document that cannot be repaired once', () => {
    const { found, domains } = check({ 'x.yaml': 'domain: 5\naggregates: {}\n' });
    expect(found.length).toBeGreaterThan(0);
    expect(domains).toBe(0);
  });

  it('never throws on an example domain with any one value replaced by a wrong kind, reports it, and gives no model (property)', () => {
    const examples = ['banking', 'ecommerce', 'lakehouse', 'notifications'].map((d) => parse(readFileSync(new URL(`../../../domains/${d}.yaml`, import.meta.url), 'utf8')) as unknown);
    /** Every path to a value in a document. */
    const pathsOf = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
      if (value === null || typeof value !== 'object') return [path];
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      return [path, ...entries.flatMap(([k, v]) => pathsOf(v, [...path, k]))];
    };
    for (const example of examples) expect(check({ 'spec.yaml': stringify(example) }).domains).toBe(1);
    const WRONG = [50, 'x y', [], ['[a]'], {}, { a: 1 }, true, null];
    fc.assert(
      fc.property(fc.nat(3), fc.nat(), fc.nat(WRONG.length - 1), (which, at, wrong) => {
        const doc = structuredClone(examples[which]) as Record<string, unknown>;
        const paths = pathsOf(doc).filter((p) => p.length > 1);
        const path = paths[at % paths.length] ?? [];
        let parent: unknown = doc;
        for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
        (parent as Record<string | number, unknown>)[path.at(-1) ?? ''] = WRONG[wrong];
        const text = stringify(doc);
        const after = check({ 'spec.yaml': text });
        // Either the replacement happens to be valid, or it is reported and nothing is generated.
        expect(after.domains === 1 || after.found.length > 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
