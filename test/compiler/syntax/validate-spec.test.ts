import { describe, expect, it } from 'vitest';
import { generateDomain } from '../../../bench/synthetic-domain.mjs';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { parseSource } from '../../../compiler/load/index.js';
import { validateSpec } from '../../../compiler/syntax/index.js';
import { DESIGN_EXAMPLE } from '../load/support/mutations.js';

function validate(text: string) {
  const { doc, diagnostics } = parseSource('spec.yaml', text);
  if (doc === undefined) throw new Error(`no document: ${JSON.stringify(diagnostics)}`);
  return validateSpec(doc);
}

/** `CODE line:column message` for each diagnostic, and the text its span covers. */
function report(text: string): string[] {
  return validate(text).diagnostics.map((d: Diagnostic) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
}

function only(text: string): Diagnostic {
  const { diagnostics } = validate(text);
  expect(diagnostics).toHaveLength(1);
  const [d] = diagnostics;
  if (d === undefined) throw new Error('no diagnostic');
  return d;
}

const covered = (text: string, d: Diagnostic): string => text.slice(d.span.start.offset, d.span.end.offset);

const account = (body: string): string => `domain: banking\naggregates:\n  Account:\n${body}`;

describe('validateSpec: valid specs', () => {
  it('accepts the DESIGN.md example and the synthetic benchmark domain', () => {
    for (const text of [DESIGN_EXAMPLE, ...generateDomain({ aggregates: 2, layout: 'per-aggregate' }).map((f) => f.text)]) {
      const { spec, diagnostics } = validate(text);
      expect(diagnostics).toEqual([]);
      expect(spec?.domain).toMatch(/^(banking|synthetic)$/);
    }
  });

  it('keeps a `__proto__` field, for the checker to reject by name', () => {
    const { spec } = validate(account('    state:\n      __proto__: string\n'));
    expect(Object.keys(spec?.aggregates?.['Account']?.state ?? {})).toEqual(['__proto__']);
  });

  it('returns the spec with its shape', () => {
    const { spec } = validate(DESIGN_EXAMPLE);
    expect(spec?.aggregates?.['Account']?.snapshot).toEqual({ every: 50 });
    expect(spec?.aggregates?.['Account']?.commands?.['Deposit']?.requires?.[1]).toEqual({
      check: 'amount <= 1000000',
      error: 'LimitExceeded',
      message: 'Deposits are capped',
    });
  });
});

describe('validateSpec: unknown keys', () => {
  it('points at the key, with did-you-mean', () => {
    const text = account('    state:\n      balance: { typ: integer, default: 0 }\n');
    const d = only(text);
    expect(d.code).toBe('ORX2001');
    expect(covered(text, d)).toBe('typ');
    expect(d.message).toBe("unknown key 'typ' in state field 'balance' of aggregate 'Account'");
    expect(d.hint).toBe("Did you mean 'type'?");
  });

  it('lists the allowed keys when none is close', () => {
    const d = only('domain: banking\nzzzzzz: 1\n');
    expect(d.message).toBe("unknown key 'zzzzzz' at the top level");
    expect(d.hint).toBe('The keys allowed here are: domain, description, types, aggregates, readModels, automations.');
  });

  it('explains YAML merge keys', () => {
    expect(only('domain: banking\n<<: {}\n').hint).toMatch(/merge keys/);
  });

  it('knows the keys of the union branch the value chose', () => {
    const text = account('    commands:\n      Deposit:\n        requires:\n          - { check: x, eror: Failed }\n');
    expect(report(text)).toEqual(["ORX2001 7:25 unknown key 'eror' in requirement 1 of command 'Deposit'"]);
    expect(only(text).hint).toBe("Did you mean 'error'?");
  });

  it('a misspelt required key is reported once, as unknown with its suggestion', () => {
    const text = account('    commands:\n      Deposit:\n        requires:\n          - { chek: x }\n');
    expect(report(text)).toEqual(["ORX2001 7:15 unknown key 'chek' in requirement 1 of command 'Deposit'"]);
  });

  it('keeps the spec usable when unknown keys are the only problem (they are dropped)', () => {
    const text = account('    stat: {}\n    state:\n      balance: { type: integer, piii: true }\n');
    const { spec, diagnostics } = validate(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['ORX2001', 'ORX2001']);
    expect(spec?.aggregates?.['Account']).toEqual({ state: { balance: { type: 'integer' } } });
  });

  it('leaves out what else is wrong too, naming the declarations and fields it took', () => {
    // \`snapshot\` is optional: left out with the unknown key; nothing named is gone.
    const snapshot = validate(account('    stat: {}\n    snapshot: { every: 0 }\n'));
    expect(snapshot.spec?.aggregates?.['Account']).toEqual({});
    expect(snapshot.removed).toEqual([['aggregates', 'Account']]);
    // \`typ\` dropped leaves a field without \`type\`: the field is left out.
    const field = validate(account('    state:\n      balance: { typ: integer }\n      limit: integer\n'));
    expect(field.spec?.aggregates?.['Account']).toEqual({ state: { limit: 'integer' } });
    expect(field.removed).toContainEqual(['aggregates', 'Account', 'state', 'balance']);
  });
});

describe('validateSpec: wrong values', () => {
  it('a wrong kind of value: expected and actual, at the value', () => {
    const text = account('    snapshot: 50\n');
    const d = only(text);
    expect(d.code).toBe('ORX2002');
    expect(covered(text, d)).toBe('50');
    expect(d.message).toBe("'snapshot' in aggregate 'Account' should be a mapping, not the number 50");
    expect(d.hint).toBe('Snapshot policy.');
  });

  it('a field union: short form or long form, never "invalid input"', () => {
    expect(report(account('    state:\n      balance: 5\n'))).toEqual([
      "ORX2002 5:16 state field 'balance' of aggregate 'Account' should be a type (such as 'uuid?') or a field mapping (such as { type: string, pii: true }), not the number 5",
    ]);
    expect(report(account('    state:\n      tags: [a, b]\n'))[0]).toContain('not a list of 2 items');
  });

  it('an emits entry: string or a one-event mapping', () => {
    const text = account('    commands:\n      Open:\n        emits:\n          - { Opened: {}, Activated: {} }\n          - 3\n');
    expect(report(text)).toEqual([
      "ORX2007 7:13 emits entry 1 of command 'Open': an emits entry maps exactly one event name to its field values",
      "ORX2002 8:13 emits entry 2 of command 'Open' should be an event name or a mapping of one event name to its field values, not the number 3",
    ]);
  });

  it('an expression that YAML read as a mapping or a list is structurally fine (a value object or an array)', () => {
    expect(report(account('    events:\n      Opened:\n        apply: { status: { open: 1 } }\n'))).toEqual([]);
    expect(report(account('    events:\n      Opened:\n        apply: { status: [open] }\n'))).toEqual([]);
  });

  it('constraints: positive and non-negative integers', () => {
    expect(report(account('    snapshot: { every: 0 }\n'))).toEqual([
      "ORX2005 4:24 'snapshot.every' in aggregate 'Account' must be a positive integer up to 1000000, not the number 0",
    ]);
    expect(report(account('    snapshot: { every: 2.5 }\n'))[0]).toContain('must be a positive integer up to 1000000, not the number 2.5');
    expect(report(account('    state:\n      name: { type: string, minLength: -1 }\n'))[0]).toBe(
      "ORX2005 5:40 'minLength' in state field 'name' of aggregate 'Account' must be an integer from 0 to 1000000000, not the number -1",
    );
    expect(report('domain: banking\ntypes:\n  Empty: { enum: [] }\n')[0]).toBe(
      "ORX2005 3:18 'enum' in type 'Empty' must be a list with at least 1 item, not an empty list",
    );
    const readModel = (version: number) => `domain: banking\nreadModels:\n  Rows:\n    key: id\n    version: ${version}\n    fields: { id: uuid }\n    on: {}\n`;
    expect(report(readModel(1_000_001))).toEqual([
      "ORX2005 5:14 'version' in read model 'Rows' must be a positive integer up to 1000000, not the number 1000001",
    ]);
    expect(report(readModel(1_000_000))).toEqual([]);
  });

  it('read-side structure: one action value, one command per execute', () => {
    const handler = (action: string) => `domain: shop\nreadModels:\n  Rows:\n    key: id\n    fields: { id: uuid }\n    on:\n      Placed: { ${action} }\n`;
    expect(report(handler('delete: false'))).toEqual(["ORX2004 7:25 'delete' in the 'Placed' handler of read model 'Rows' cannot be false; it must be 'true'"]);
    expect(report(handler('handler: generated'))).toEqual([
      "ORX2004 7:26 'handler' in the 'Placed' handler of read model 'Rows' cannot be the string 'generated'; it must be 'custom'",
    ]);
    const execute = (mapping: string) => `domain: shop\nautomations:\n  React:\n    on: Placed\n    execute: ${mapping}\n`;
    expect(report(execute('{ A: {}, B: {} }'))).toEqual(["ORX2007 5:14 'execute' in automation 'React': execute maps exactly one command name to its field values"]);
    expect(report(execute('{}'))).toEqual(["ORX2007 5:14 'execute' in automation 'React': execute maps exactly one command name to its field values"]);
    expect(report('domain: shop\nautomations:\n  React:\n    execute: { A: {} }\n')[0]).toMatch(/^ORX2003 3:3 /);
  });

  it('enumerated values, with did-you-mean', () => {
    const text = account('    commands:\n      Close:\n        handler: custm\n');
    const d = only(text);
    expect(d.code).toBe('ORX2004');
    expect(covered(text, d)).toBe('custm');
    expect(d.message).toBe("'handler' in command 'Close' cannot be the string 'custm'; it must be 'generated' or 'custom'");
    expect(d.hint).toBe("Did you mean 'custom'?");
  });

  it('patterns: type expressions and version keys', () => {
    const text = account("    state:\n      grid: 'integer[][]'\n    events:\n      Moved:\n        previous:\n          one: {}\n");
    expect(report(text)).toEqual([
      "ORX2006 5:13 'integer[][]' is not valid for state field 'grid' of aggregate 'Account': a type is a name, optionally followed by '[]' (array) and '?' (optional), e.g. 'uuid?' or 'Address[]'",
      "ORX2006 9:11 key 'one' is not valid in 'previous' in event 'Moved': a previous version is a positive integer",
    ]);
  });
});

describe('validateSpec: missing keys and ambiguous shapes', () => {
  it('a missing key points at the key naming the mapping', () => {
    const text = 'domain: banking\ntypes:\n  Money:\n    fields:\n      amount: integer\n    description: x\n  Broken:\n    description: y\n';
    expect(report(text)).toEqual(["ORX2003 7:3 type 'Broken' needs one of the keys 'enum' or 'fields'"]);
  });

  it('a missing top-level key points at the start of the file', () => {
    const d = only('description: nothing else\n');
    expect(d.code).toBe('ORX2003');
    expect(d.message).toBe("the top level is missing the required key 'domain'");
    expect(d.span.start).toEqual({ line: 1, column: 1, offset: 0 });
    expect(d.hint).toMatch(/Domain name/);
  });

  it('a missing key in a list item points at the item', () => {
    const text = account('    commands:\n      Deposit:\n        requires:\n          - { error: Failed }\n');
    const d = only(text);
    expect(d.message).toBe("requirement 1 of command 'Deposit' is missing the required key 'check'");
    expect(covered(text, d)).toBe('{ error: Failed }');
  });

  it('two branches at once', () => {
    expect(report('domain: banking\ntypes:\n  Both: { enum: [a], fields: {} }\n')).toEqual([
      "ORX2007 3:9 type 'Both': use only one of 'enum' or 'fields'",
    ]);
  });

  it('reports every problem, sorted by position', () => {
    const lines = report(account('    snapshot: { every: 0 }\n    stat: {}\n    commands:\n      A:\n        handler: x\n')).map((l) => l.split(' ')[1]);
    expect(lines).toEqual(['4:24', '5:5', '8:18']);
  });
});
