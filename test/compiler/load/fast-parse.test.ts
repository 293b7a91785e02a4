import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { generateDomain } from '../../../bench/synthetic-domain.mjs';
import { fastParse, fastParseDocument } from '../../../compiler/load/fast-parse.js';
import { parseSource } from '../../../compiler/load/index.js';
import { LineIndex } from '../../../compiler/load/line-index.js';
import { LoadedSourceDocument } from '../../../compiler/load/source-document.js';
import { DESIGN_EXAMPLE, mutatedText } from './support/mutations.js';

/** What `yaml` makes of a text: its value when it parses cleanly (no errors, no warnings). */
function yamlValue(text: string): { clean: boolean; value: unknown } {
  const doc = parseDocument(text, { uniqueKeys: true });
  return { clean: doc.errors.length === 0 && doc.warnings.length === 0, value: doc.toJS() };
}

/** The fast path may give up, but when it answers, it must answer exactly like `yaml`. */
function agreesWithYaml(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return true;
  const reference = yamlValue(text);
  return reference.clean && isDeepStrictEqual(fast, reference.value);
}

/** Every path to a node of a plain value (keys and indexes), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([segment, child]) => [[...prefix, segment], ...pathsOf(child, [...prefix, segment])]);
}

/** Where the fast path knows the line a value starts on, it is the line of `yaml`'s span of it. */
function linesAgreeWithYaml(text: string): boolean {
  const fast = fastParseDocument(text);
  if (fast === undefined) return true;
  // No fast lines: every span comes from the yaml tree.
  const reference = new LoadedSourceDocument('spec.yaml', text, fast.value, new LineIndex(text));
  return pathsOf(fast.value).every((path) => {
    const line = fast.valueLine(path);
    return line === undefined || line === reference.span(path).start.line;
  });
}

describe('fastParse', () => {
  it('knows the line of every block value in real specs, as yaml spans it', () => {
    for (const text of [DESIGN_EXAMPLE, ...generateDomain({ aggregates: 3 }).map((f) => f.text)]) {
      expect(linesAgreeWithYaml(text)).toBe(true);
      const fast = fastParseDocument(text);
      const known = pathsOf(fast?.value).filter((path) => fast?.valueLine(path) !== undefined);
      expect(known.length).toBeGreaterThan(pathsOf(fast?.value).length / 2);
    }
  });

  it('records no lines when asked not to (check), and the document still answers them from yaml', () => {
    const text = generateDomain({ aggregates: 1 })[0]?.text ?? '';
    const fast = fastParseDocument(text, { lines: false });
    const paths = pathsOf(fast?.value);
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.filter((path) => fast?.valueLine(path) !== undefined)).toEqual([]);
    const parsed = parseSource('spec.yaml', text, { lines: false });
    const recorded = parseSource('spec.yaml', text);
    for (const path of paths) expect([path, parsed.doc?.valueLine(path)]).toEqual([path, recorded.doc?.valueLine(path)]);
  });

  it('knows value lines as yaml spans them on mutated specs', () => {
    fc.assert(fc.property(mutatedText(DESIGN_EXAMPLE), (text) => linesAgreeWithYaml(text)), { numRuns: 200 });
  });

  it('takes the fast path for real specs, with the same value as yaml', () => {
    for (const text of [DESIGN_EXAMPLE, ...generateDomain({ aggregates: 3 }).map((f) => f.text)]) {
      const fast = fastParse(text);
      expect(fast).toBeDefined();
      expect(fast).toStrictEqual(yamlValue(text).value);
    }
  });

  it.each([
    ['a block scalar', 'a: |\n  text\n'],
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a tag', 'a: !t 1\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['a quoted key', '"a": 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['an unterminated quote', 'a: "b\n'],
    ['a root sequence', '- a\n'],
    ['an empty file', ''],
    ['a null key', 'null: 1\n'],
    ['a key with a space', 'a b: 1\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
    ['an \\x escape', 'a: "\\x41"\n'],
  ])('gives up on %s', (_name, text) => {
    expect(fastParse(text)).toBeUndefined();
  });

  it('agrees with yaml on mutated specs', () => {
    fc.assert(fc.property(mutatedText(DESIGN_EXAMPLE), (text) => agreesWithYaml(text)), { numRuns: 200 });
  });

  it('agrees with yaml (values, and lines of block values) on what yaml writes', () => {
    const leaf = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('true', 'null', '~', '0x1F', '0o17', '1e3', '.inf', '-.Inf', '.nan', '+1', '-0', '01', '1_000', 'a: b', 'a #b', '- x', '', ' '),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('a', 'b1', '_x', '1', '0', '12', 'true', 'null'));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const options = fc.record({
      flow: fc.boolean(),
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      style: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
    });
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, (root, o) => {
        const text = stringify(root, { indent: o.indent, indentSeq: o.indentSeq, defaultStringType: o.style, collectionStyle: o.flow ? 'flow' : 'any', lineWidth: 0 });
        return agreesWithYaml(text) && linesAgreeWithYaml(text);
      }),
      { numRuns: 200 },
    );
  });
});
