import { describe, expect, it } from 'vitest';
import { membersDirection, primitiveDirection } from '../../../compiler/evolution/shapes.js';
import { changesBetween, summary } from './support.js';

/** A spec with one aggregate whose event and command share `fields`, and optional extra types. */
const spec = (eventFields: string, commandFields = '{ amount: integer }', types = ''): string => `domain: shop
${types}aggregates:
  Cart:
    state:
      total: { type: integer, default: 0 }
    commands:
      Pay:
        fields: ${commandFields}
        emits: [Paid]
    events:
      Paid:
        fields: ${eventFields}
`;

const codes = (before: string, after: string): string[] => changesBetween(before, after).map((d) => d.code);

describe('how types relate', () => {
  it('widens integer to number and formats to string, narrows the other way, and calls the rest a change', () => {
    expect(primitiveDirection('integer', 'number')).toBe('widened');
    expect(primitiveDirection('number', 'integer')).toBe('narrowed');
    for (const format of ['uuid', 'email', 'url', 'date', 'datetime'] as const) {
      expect(primitiveDirection(format, 'string')).toBe('widened');
      expect(primitiveDirection('string', format)).toBe('narrowed');
    }
    expect(primitiveDirection('date', 'datetime')).toBe('changed');
    expect(primitiveDirection('boolean', 'string')).toBe('changed');
    expect(primitiveDirection('uuid', 'uuid')).toBe('same');
  });

  it('relates enum member sets', () => {
    expect(membersDirection(['a', 'b'], ['a', 'b', 'c'])).toBe('widened');
    expect(membersDirection(['a', 'b'], ['a'])).toBe('narrowed');
    expect(membersDirection(['a', 'b'], ['a', 'c'])).toBe('changed');
    expect(membersDirection(['a', 'b'], ['b', 'a'])).toBe('same');
  });
});

describe('stored event fields', () => {
  const base = spec('{ amount: integer, note: string? }');

  it('finds nothing when only descriptions, order-free spacing or command-only parts change', () => {
    expect(changesBetween(base, base)).toEqual([]);
    expect(codes(base, base.replace('events:', 'events:\n      # a comment'))).toEqual([]);
  });

  it('treats an incompatible type change in place as a change without a version bump', () => {
    expect(codes(base, spec('{ amount: boolean, note: string? }', '{ amount: boolean }'))).toEqual(['ORX9603', 'ORX9501']);
  });

  it('reports a narrowed type, a new bound and a field becoming required as narrowing', () => {
    expect(codes(spec('{ amount: integer, ratio: number? }'), spec('{ amount: integer, ratio: integer? }'))).toEqual(['ORX9505']);
    expect(codes(base, spec('{ amount: { type: integer, max: 10 }, note: string? }'))).toEqual(['ORX9505']);
    expect(codes(base, spec('{ amount: integer, note: string }', '{ amount: integer, note: string }'))).toEqual(['ORX9602', 'ORX9505']);
  });

  it('reports a changed pattern as narrowing: two patterns cannot be compared', () => {
    const withPattern = (p: string): string => spec(`{ amount: integer, code: { type: string, pattern: "${p}" } }`, '{ amount: integer, code: string }');
    expect(summary(changesBetween(withPattern('^[a-z]+$'), withPattern('^[a-z0-9]+$')))).toEqual([
      expect.stringMatching(/^ORX9505 spec\.yaml:12: .*`pattern` went from \/\^\[a-z\]\+\$\/ to \/\^\[a-z0-9\]\+\$\//),
    ]);
  });

  it('reports widening and loosening as compatible', () => {
    const before = spec('{ amount: { type: integer, max: 10 }, note: string }', '{ amount: integer, note: string }');
    const after = spec('{ amount: { type: number, max: 20 }, note: string? }', '{ amount: integer, note: string }');
    expect(codes(before, after)).toEqual(['ORX9808', 'ORX9808', 'ORX9808']);
  });

  it('compares value objects by structure: renaming the type changes nothing stored', () => {
    const typed = (name: string, fields: string): string =>
      spec(`{ amount: integer, where: ${name} }`, `{ amount: integer, where: ${name} }`, `types:\n  ${name}:\n    fields: ${fields}\n`);
    expect(codes(typed('Place', '{ city: string }'), typed('Location', '{ city: string }'))).toEqual([]);
    const nested = changesBetween(typed('Place', '{ city: string }'), typed('Place', '{ city: string, zip: string }'));
    expect(summary(nested)).toEqual([
      expect.stringMatching(/^ORX9501 spec\.yaml:4: .*field 'where\.zip' was added/),
      expect.stringMatching(/^ORX9602 spec\.yaml:4: command 'Pay' has a new required field 'where\.zip'/),
    ]);
  });

  it('follows arrays: an element narrowed inside a list is reported with its path', () => {
    const list = (element: string): string => spec(`{ amount: integer, tags: { type: "${element}[]", optional: true } }`);
    expect(summary(changesBetween(list('string'), list('uuid')))).toEqual([expect.stringMatching(/ORX9505 .*field 'tags\[\]' narrowed from string to uuid/)]);
  });

  it('checks each stored version: a previous version edited in place no longer describes what was stored', () => {
    const v2 = (v1: string): string =>
      spec('{ amount: integer, note: string? }\n        version: 2\n        previous:\n          1:\n            fields: ' + v1, '{ amount: integer }');
    expect(codes(v2('{ amount: integer }'), v2('{ amount: integer }'))).toEqual([]);
    expect(codes(v2('{ amount: integer }'), v2('{ amount: integer, extra: boolean }'))).toContain('ORX9502');
  });

  it('reports a version lowered as stored versions removed', () => {
    const v2 = spec('{ amount: integer, note: string? }\n        version: 2\n        previous:\n          1:\n            fields: { amount: integer }', '{ amount: integer }');
    expect(codes(v2, base)).toContain('ORX9503');
  });
});

describe('enums', () => {
  const withEnum = (members: string, usedBy: 'event' | 'command' | 'state'): string => `domain: shop
types:
  Color:
    enum: [${members}]
aggregates:
  Cart:
    state:
      total: { type: integer, default: 0 }
${usedBy === 'state' ? '      color: { type: Color, default: red }\n' : ''}    commands:
      Pay:
        fields: { amount: integer${usedBy === 'command' ? ', color: Color' : ''} }
        emits:
          - Paid: { amount: amount }
    events:
      Paid:
        fields: { amount: integer${usedBy === 'event' ? ', color: Color?' : ''} }
`;

  it('reports a removed member once per enum when stored events use it, naming them', () => {
    const found = changesBetween(withEnum('red, green, blue', 'event'), withEnum('red, green', 'event'));
    expect(summary(found)).toEqual([expect.stringMatching(/^ORX9504 spec\.yaml:4: enum 'Color' lost 'blue', but stored events hold its values \(Paid\)/)]);
  });

  it('guesses a rename when a member was replaced in place', () => {
    const found = changesBetween(withEnum('red, green', 'event'), withEnum('red, lime', 'event'));
    expect(found.map((d) => d.message)).toContain("enum 'Color' lost 'green' (renamed: 'green' to 'lime'?), but stored events hold its values (Paid)");
  });

  it('reports a removed member per command field when only commands use it, and only a state notice for state', () => {
    expect(codes(withEnum('red, green', 'command'), withEnum('red', 'command'))).toEqual(['ORX9603']);
    expect(codes(withEnum('red, green', 'state'), withEnum('red', 'state'))).toEqual(['ORX9701']);
  });
});

describe('commands', () => {
  it('reports a moved command as the id fields it now takes and no longer takes', () => {
    const before = `domain: shop
aggregates:
  Cart:
    state:
      total: { type: integer, default: 0 }
    commands:
      Pay:
        fields: { amount: integer }
        emits: [Paid]
    events:
      Paid:
        fields: { amount: integer }
  Till:
    state:
      open: { type: boolean, default: false }
    commands:
      Open:
        emits: [Opened]
    events:
      Opened: {}
      Received:
        fields: { amount: integer }
`;
    const after = before
      .replace('      Pay:\n        fields: { amount: integer }\n        emits: [Paid]\n', '      Touch:\n        emits:\n          - Paid: { amount: 0 }\n')
      .replace('      Open:\n', '      Pay:\n        fields: { amount: integer }\n        emits: [Received]\n      Open:\n');
    expect(codes(before, after)).toEqual(['ORX9802', 'ORX9602', 'ORX9604']);
  });

  it('does not report personal data marked on command input: commands are not stored', () => {
    const before = spec('{ amount: integer }', '{ amount: integer, name: string? }').replace('  Cart:\n', '  Cart:\n    subject: id\n');
    const after = spec('{ amount: integer }', '{ amount: integer, name: { type: string, optional: true, pii: true } }').replace('  Cart:\n', '  Cart:\n    subject: id\n');
    expect(codes(before, after)).toEqual([]);
  });

  it('treats a field that gained a default as no longer required, and one that lost it as newly required', () => {
    const withDefault = spec('{ amount: integer }', '{ amount: { type: integer, default: 1 } }');
    const without = spec('{ amount: integer }', '{ amount: integer }');
    expect(codes(without, withDefault)).toEqual(['ORX9808']);
    expect(codes(withDefault, without)).toEqual(['ORX9603']);
  });
});
