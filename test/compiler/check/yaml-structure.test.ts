import { describe, expect, it } from 'vitest';
import { runPipeline } from './support.js';

/** Where YAML turns an unquoted expression into a list or mapping, the message says so in the language's terms. */
const spec = (apply: string, emits = 'tag: tag'): string => `domain: hotel
types:
  Status: { enum: [booked, checkedIn] }
aggregates:
  Stay:
    state:
      status: { type: Status, default: booked }
      tags: string[]
    commands:
      Open: { creates: true, emits: [Opened] }
      Tag:
        fields: { tag: string }
        emits:
          - Tagged: { ${emits} }
    events:
      Opened: { apply: { ${apply} } }
      Tagged: { fields: { tag: string } }
`;

describe('YAML lists and mappings where one expression is expected', () => {
  it('`status: [checkedIn]` is one error saying YAML read a list, with the value to write instead', () => {
    const all = runPipeline({ 'hotel.yaml': spec('status: [checkedIn]') }).all;
    expect(all.map((d) => d.code)).toEqual(['ORX5040']);
    const [d] = all;
    expect(d?.message).toBe('YAML reads `[checkedIn]` as a list, but Status is expected here, not a list.');
    expect(d?.hint).toContain('write the value without them (`checkedIn`)');
    expect(d?.hint).toContain('quoted as a whole');
    expect(d?.message).not.toContain('at most 0 items');
  });

  it('says the same in emits, and for a list of several values', () => {
    expect(runPipeline({ 'hotel.yaml': spec('status: checkedIn', 'tag: [tag]') }).all.map((d) => d.code)).toEqual(['ORX5040']);
    const [d] = runPipeline({ 'hotel.yaml': spec('status: [booked, checkedIn]') }).all;
    expect(d?.code).toBe('ORX5040');
    expect(d?.hint).toContain('give one value without them');
  });

  it('still accepts a YAML list where a list is expected', () => {
    expect(runPipeline({ 'hotel.yaml': spec(`tags: ["'x'", "'y'"]`) }).all.map((d) => d.code)).toEqual([]);
  });

  it('a YAML mapping where no value object is expected: one error saying YAML read a mapping, not one per value inside', () => {
    const all = runPipeline({ 'hotel.yaml': spec('tags: { a: b }') }).all;
    expect(all.map((d) => d.code)).toEqual(['ORX5036']);
    expect(all[0]?.message).toBe('Expected string[], but YAML reads this as a mapping, which is a value object.');
  });

  it('an unquoted expression that starts with `[` is a YAML error whose hint says to quote it', () => {
    const text = spec('status: checkedIn').replace("        fields: { tag: string }\n", "        fields: { tag: string }\n        requires:\n          - [a, b] == state.tags\n");
    const yaml = runPipeline({ 'hotel.yaml': text }).all;
    expect(yaml.map((d) => d.code)).toEqual(['ORX1201']);
    expect(yaml[0]?.hint).toContain('an expression that starts with one is quoted as a whole');
  });

  it('a YAML list where a condition or expression text is expected says so too', () => {
    const requires = spec('status: checkedIn').replace('        fields: { tag: string }\n', "        fields: { tag: string }\n        requires:\n          - { check: [booked], error: Nope }\n");
    const [structural] = runPipeline({ 'hotel.yaml': requires }).all;
    expect(structural?.code).toBe('ORX2002');
    expect(structural?.hint).toContain('YAML reads a value that starts with `[` or `{` as a list');
    const when = `${spec('status: checkedIn')}readModels:
  Seen:
    key: k
    fields: { k: uuid, n: { type: integer, default: 0 } }
    on:
      Opened: { when: [true], set: { n: 1 } }
`;
    const all = runPipeline({ 'hotel.yaml': when }).all;
    expect(all.map((d) => d.code)).toEqual(['ORX5040']);
    expect(all[0]?.message).toBe('YAML reads `[true]` as a list, but boolean is expected here, not a list.');
  });
});
