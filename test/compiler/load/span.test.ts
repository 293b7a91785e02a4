import { describe, expect, it } from 'vitest';
import type { Span } from '../../../compiler/diagnostics/diagnostic.js';
import { type DocPath, parseSource, type SourceDocument } from '../../../compiler/load/index.js';

const SPEC = `domain: banking
aggregates:
  Account:
    id: accountId
    snapshot: { every: 50 }
    state:
      balance: { type: integer, default: 0 }
      tags: string[]
    commands:
      Deposit:
        fields:
          amount: { type: integer, min: 1 }
        requires:
          - state.status == open
          - { check: "amount <= 1000000", error: LimitExceeded }
        emits:
          - MoneyDeposited: { amount: amount }
    events:
      MoneyDeposited:
        fields: { amount: integer }
      AccountClosed:
`;

function load(text: string): SourceDocument {
  const { doc, diagnostics } = parseSource('spec.yaml', text);
  if (doc === undefined) throw new Error(`no document: ${JSON.stringify(diagnostics)}`);
  return doc;
}

/** The text a span covers, after checking that its line and column agree with its offset. */
function covered(doc: SourceDocument, span: Span): string {
  for (const p of [span.start, span.end]) {
    const lineStart = doc.text.split('\n').slice(0, p.line - 1).join('\n').length + (p.line > 1 ? 1 : 0);
    expect(lineStart + p.column - 1).toBe(p.offset);
  }
  expect(span.file).toBe('spec.yaml');
  return doc.text.slice(span.start.offset, span.end.offset);
}

// The same spec through both parsers: the fast path (positions from a lazy yaml parse) and `yaml`
// itself (an anchor makes the fast path give up).
const variants: readonly [string, string][] = [
  ['fast path', SPEC],
  ['yaml path', SPEC.replace('domain: banking', 'domain: &d banking')],
];

describe.each(variants)('span (%s)', (_name, text) => {
  const doc = load(text);
  const show = (path: DocPath, part?: 'key' | 'value') => covered(doc, doc.span(path, part));

  it('points at keys and values', () => {
    expect(show(['aggregates', 'Account', 'id'], 'key')).toBe('id');
    expect(show(['aggregates', 'Account', 'id'])).toBe('accountId');
    expect(show(['aggregates', 'Account', 'snapshot', 'every'])).toBe('50');
    expect(show(['aggregates', 'Account', 'snapshot'])).toBe('{ every: 50 }');
    expect(show(['aggregates', 'Account', 'commands', 'Deposit', 'fields', 'amount', 'min'], 'key')).toBe('min');
  });

  it('indexes sequences', () => {
    const requires = ['aggregates', 'Account', 'commands', 'Deposit', 'requires'];
    expect(show([...requires, 0])).toBe('state.status == open');
    expect(show([...requires, 1, 'check'])).toBe('"amount <= 1000000"');
    expect(show([...requires, 1, 'error'], 'key')).toBe('error');
    // A sequence item has no key: its value stands in.
    expect(show([...requires, 0], 'key')).toBe('state.status == open');
  });

  it('a block collection ends at its last character, not at the next line', () => {
    const span = doc.span(['aggregates', 'Account', 'state']);
    expect(covered(doc, span)).toBe('balance: { type: integer, default: 0 }\n      tags: string[]');
  });

  it('an empty value points at its key', () => {
    expect(show(['aggregates', 'Account', 'events', 'AccountClosed'])).toBe('AccountClosed');
  });

  it('a missing path resolves to the nearest existing ancestor', () => {
    // A missing key of a mapping: the key that names the mapping.
    expect(show(['aggregates', 'Account', 'subject'])).toBe('Account');
    expect(show(['aggregates', 'Account', 'commands', 'Deposit', 'creates'], 'key')).toBe('Deposit');
    // Below a scalar: the scalar.
    expect(show(['aggregates', 'Account', 'state', 'tags', 'type'])).toBe('string[]');
    // Beyond the end of a sequence: the key of the sequence.
    expect(show(['aggregates', 'Account', 'commands', 'Deposit', 'requires', 7])).toBe('requires');
  });

  it('the root, and a missing top-level key: the first line of the file', () => {
    expect(show(['nothing'])).toBe('domain: ' + (text.includes('&d') ? '&d banking' : 'banking'));
    expect(doc.span([]).start.line).toBe(1);
  });
});

describe('span through aliases', () => {
  it('a path through an alias resolves inside the anchored node', () => {
    const doc = load('shared: &amount { type: integer, min: 1 }\nfields:\n  amount: *amount\n');
    const span = doc.span(['fields', 'amount', 'min']);
    expect(covered(doc, span)).toBe('1');
    expect(span.start.line).toBe(1);
  });
});
