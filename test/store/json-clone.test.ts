import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../runtime/store/json-clone.js';

describe('cloneJson', () => {
  // Its inputs are what JSON.parse (or toJsonValue) produced: never -0, undefined or a Date.
  const parsedJson = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);

  it('copies any parsed JSON value exactly, sharing no object with its input', () => {
    fc.assert(
      fc.property(parsedJson, (value) => {
        const copy = cloneJson(value);
        expect(copy).toStrictEqual(value);
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a __proto__ key as an own property instead of setting the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, {"b": 2}]}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });
});
