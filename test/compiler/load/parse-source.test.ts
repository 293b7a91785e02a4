import { describe, expect, it } from 'vitest';
import { generateDomain } from '../../../bench/synthetic-domain.mjs';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { MAX_ALIAS_EXPANSION, MAX_FILE_BYTES, MAX_NESTING_DEPTH, parseSource } from '../../../compiler/load/index.js';

/** `CODE line:column` of each diagnostic: what these tests pin down. */
const at = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);

const parse = (text: string | Uint8Array) => parseSource('spec.yaml', text);

describe('parseSource: valid input', () => {
  it('returns the plain value of a mapping, with no diagnostics', () => {
    const { doc, diagnostics } = parse('domain: banking\ntypes:\n  Currency: { enum: [EUR, USD] }\n');
    expect(diagnostics).toEqual([]);
    expect(doc?.file).toBe('spec.yaml');
    expect(doc?.value).toEqual({ domain: 'banking', types: { Currency: { enum: ['EUR', 'USD'] } } });
  });

  it('resolves scalars with the YAML 1.2 core schema', () => {
    const { doc } = parse('a: 1\nb: -2.5\nc: true\nd: ~\ne: "1"\nf: 0x10\ng: .inf\nh: yes\n');
    expect(doc?.value).toEqual({ a: 1, b: -2.5, c: true, d: null, e: '1', f: 16, g: Infinity, h: 'yes' });
  });

  it('strips a byte-order mark from bytes and from text', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('domain: x\n')]);
    expect(parse(bytes).doc?.value).toEqual({ domain: 'x' });
    expect(parse('\uFEFFdomain: x\n').doc?.text).toBe('domain: x\n');
  });

  it('reads CRLF line endings', () => {
    expect(parse('domain: x\r\ntypes:\r\n  A: { enum: [a] }\r\n').doc?.value).toEqual({ domain: 'x', types: { A: { enum: ['a'] } } });
  });

  it('keeps `__proto__` as an ordinary own key', () => {
    const value = parse('fields:\n  __proto__: string\n').doc?.value as { fields: object };
    expect(Object.keys(value.fields)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value.fields)).toBe(Object.prototype);
  });

  it('expands aliases within the budget (shared, not copied)', () => {
    const { doc, diagnostics } = parse('a: &money { type: integer, min: 0 }\nb: *money\n');
    expect(diagnostics).toEqual([]);
    const value = doc?.value as { a: unknown; b: unknown };
    expect(value.b).toEqual({ type: 'integer', min: 0 });
    expect(value.b).toBe(value.a);
  });
});

describe('parseSource: YAML errors point at the cause', () => {
  it('an unterminated double quote points at the opening quote', () => {
    const { doc, diagnostics } = parse('domain: x\ndescription: "abc\nfoo: bar\n');
    expect(doc).toBeUndefined();
    expect(at(diagnostics)).toEqual(['ORX1202 2:14']);
    expect(diagnostics[0]?.message).toContain('double-quoted');
  });

  it('an unterminated single quote points at the opening quote', () => {
    expect(at(parse("domain: x\ntypes:\n  A:\n    description: 'it is\n").diagnostics)).toEqual(['ORX1202 4:18']);
  });

  it.each([
    ['in a flow list', 'a: ["abc, d]\nb: 1\n', 'ORX1202 1:5'],
    ['as a key (no cascade about the root)', '"abc: 1\nb: 2\n', 'ORX1202 1:1'],
    ['at the end of the file', "a: 'abc", 'ORX1202 1:4'],
    ['in a list item', 'a:\n  - "x\n  - y\n', 'ORX1202 2:5'],
    ['after a closed one', 'a: "ok"\nb: "bad\n\nc: 3\n', 'ORX1202 2:4'],
  ])('an unterminated quote %s points at its opening quote', (_name, text, expected) => {
    expect(at(parse(text).diagnostics)).toEqual([expected]);
  });

  it('a duplicate key points at the second key, with the first as related location', () => {
    const { diagnostics } = parse('domain: x\ntypes:\n  A: { enum: [a] }\n  A: { enum: [b] }\n');
    expect(at(diagnostics)).toEqual(['ORX1203 4:3']);
    expect(diagnostics[0]?.related.map((r) => `${r.span.start.line}:${r.span.start.column}`)).toEqual(['3:3']);
    expect(diagnostics[0]?.message).toBe("duplicate key 'A'");
  });

  it('duplicates are found by their JavaScript key (1 and "1")', () => {
    expect(at(parse('previous:\n  1: {}\n  "1": {}\n').diagnostics)).toEqual(['ORX1203 3:3']);
  });

  it('tab indentation', () => {
    expect(at(parse('domain: x\ntypes:\n\tA: {}\n').diagnostics)).toEqual(['ORX1204 3:1']);
  });

  it('several documents in one file are an error at the second document', () => {
    const { doc, diagnostics } = parse('domain: x\n---\ndomain: y\n');
    expect(doc).toBeUndefined();
    expect(at(diagnostics)).toEqual(['ORX1205 2:1']);
  });

  it('a top level that is not a mapping', () => {
    expect(at(parse('- domain: x\n').diagnostics)).toEqual(['ORX1206 1:1']);
    expect(parse('just text\n').diagnostics[0]?.message).toContain('but it is a string');
  });

  it('bad indentation is a syntax error with a hint', () => {
    const { diagnostics } = parse('domain: x\naggregates:\n  A:\n    id: aId\n   subject: owner\n');
    expect(diagnostics[0]?.code).toBe('ORX1201');
    expect(diagnostics[0]?.span.start.line).toBe(5);
    expect(diagnostics[0]?.hint).toMatch(/same column/);
  });

  it('a nested mapping on one line', () => {
    const { diagnostics } = parse('domain: x\nrequires: a: b\n');
    expect(at(diagnostics)).toEqual(['ORX1201 2:11']);
  });

  it('an unknown alias, and an alias inside its own anchor', () => {
    expect(at(parse('domain: x\ntypes:\n  A:\n    fields: *nope\n').diagnostics)).toEqual(['ORX1207 4:13']);
    expect(at(parse('domain: x\ntypes: &all\n  Self:\n    fields: *all\n').diagnostics)).toEqual(['ORX1208 4:13']);
  });

  it('complex and empty keys', () => {
    expect(at(parse('domain: x\n? [a, b]\n: 1\n').diagnostics)).toEqual(['ORX1211 2:3']);
    expect(at(parse('domain: x\n~: 1\n').diagnostics)).toEqual(['ORX1211 2:1']);
  });

  it('an unknown tag is a warning; the document stays usable', () => {
    const { doc, diagnostics } = parse('domain: x\ndescription: !note Retail\n');
    expect(at(diagnostics)).toEqual(['ORX1212 2:14']);
    expect(diagnostics[0]?.severity).toBe('warning');
    expect(doc?.value).toEqual({ domain: 'x', description: 'Retail' });
  });

  it('reports at most 20 YAML errors, then how many more there are', () => {
    const text = `- item\n${Array.from({ length: 60 }, (_, i) => `key${i}: value`).join('\n')}\n`;
    const { diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(21);
    expect(diagnostics[20]?.message).toMatch(/^invalid YAML: \d+ more YAML errors from here on are not shown/);
  });

  it('a large file broken at its top: the parser is stopped after a few hundred errors', () => {
    const [file] = generateDomain({ aggregates: 50 });
    const { doc, diagnostics } = parse(`- item\n${file?.text ?? ''}`);
    expect(doc).toBeUndefined();
    expect(diagnostics).toHaveLength(21);
    expect(diagnostics[20]?.message).toBe('invalid YAML: many more YAML errors from here on are not shown; fix the ones above first');
  });

  it('reports at most one YAML syntax error per line', () => {
    const lines = parse('domain: x\nbad: [a, b\nworse: {c\n').diagnostics.map((d) => d.span.start.line);
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('parseSource: empty, binary and hostile files', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n\n  \n'],
    ['comments only', '# nothing yet\n  # still nothing\n'],
    ['an empty document', '---\n'],
  ])('%s: a warning, no document', (_name, text) => {
    const { doc, diagnostics } = parse(text);
    expect(doc).toBeUndefined();
    expect(at(diagnostics)).toEqual(['ORX1004 1:1']);
    expect(diagnostics[0]?.severity).toBe('warning');
  });

  it('non-UTF-8 bytes: the byte offset, and the line and column where it is', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('domain: x\ndescription: é'), 0xff, 0x0a]);
    const { doc, diagnostics } = parse(bytes);
    expect(doc).toBeUndefined();
    expect(at(diagnostics)).toEqual(['ORX1003 2:15']);
    expect(diagnostics[0]?.message).toBe('the file is not valid UTF-8: byte 0xFF at byte offset 25');
  });

  it('a truncated multi-byte sequence and an overlong encoding are both invalid', () => {
    expect(parse(new Uint8Array([0x61, 0x3a, 0x20, 0xc3])).diagnostics[0]?.message).toContain('byte 0xC3 at byte offset 3');
    expect(parse(new Uint8Array([0x61, 0x3a, 0x20, 0xc0, 0xaf])).diagnostics[0]?.message).toContain('byte offset 3');
  });

  it('a 10 MB file is refused before parsing', () => {
    const big = `domain: x\ndescription: ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const { doc, diagnostics } = parse(big);
    expect(doc).toBeUndefined();
    expect(at(diagnostics)).toEqual(['ORX1002 1:1']);
    expect(diagnostics[0]?.message).toContain(`${(MAX_FILE_BYTES / 1024 / 1024).toFixed(1)} MiB`);
  });

  it('a billion-laughs alias bomb is stopped by the alias budget', () => {
    const names = 'abcdefghij';
    let text = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < names.length; i++) {
      text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
    }
    const { doc, diagnostics } = parse(text);
    expect(doc).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['ORX1209']);
    expect(diagnostics[0]?.message).toContain(String(MAX_ALIAS_EXPANSION));
  });

  it('megabytes of unclosed brackets are refused without running the parser', () => {
    const { diagnostics } = parse(`a: ${'['.repeat(4 * 1024 * 1024)}`);
    expect(at(diagnostics)).toEqual([`ORX1210 1:${4 + MAX_NESTING_DEPTH}`]);
  });

  it('deep block nesting is reported, not a stack overflow', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(parse(text).diagnostics.map((d) => d.code)).toContain('ORX1210');
  });
});
