import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../runtime/store/json-value.js';

/** The reference: what a durable store gives back. */
function roundTrip(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? { ok: false } : { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

describe('toJsonValue', () => {
  it('gives exactly what JSON.parse(JSON.stringify(x)) gives, for arbitrary values', () => {
    const values = fc.oneof(
      fc.anything({ withDate: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(values, (value) => {
        const expected = roundTrip(value);
        const actual = toJsonValue(value, ['data']);
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) expect(actual.value).toStrictEqual(expected.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the corners: toJSON, -0, NaN, undefined members and array holes, __proto__ keys', () => {
    const value = { at: new Date(0), zero: -0, nan: Number.NaN, gone: undefined, list: [undefined, () => 1, 2], inf: Infinity };
    expect(toJsonValue(value, [])).toStrictEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) as unknown });
    const proto = JSON.parse('{"__proto__": {"x": 1}}') as object;
    const copied = toJsonValue(proto, []);
    expect(copied.ok && Object.getPrototypeOf(copied.value)).toBe(Object.prototype);
    expect(copied.ok && Object.keys(copied.value as object)).toEqual(['__proto__']);
  });

  it('rejects what JSON cannot hold, with the path', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const bad of [10n, cycle, undefined, () => 1, Symbol('s'), { nested: [1, 2n] }]) {
      const result = toJsonValue(bad, [3, 'data']);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.issue).toMatchObject({ path: [3, 'data'], code: 'not_serializable' });
    }
  });

  it('with freeze, gives the same value deeply frozen, and leaves the input as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const frozen = toJsonValue(value, [], { freeze: true });
        const plain = toJsonValue(value, []);
        expect(frozen.ok && plain.ok).toBe(true);
        if (!frozen.ok || !plain.ok) return;
        expect(frozen.value).toStrictEqual(plain.value);
        const objects = (v: unknown): object[] => (typeof v === 'object' && v !== null ? [v, ...Object.values(v).flatMap(objects)] : []);
        for (const object of objects(frozen.value)) expect(Object.isFrozen(object)).toBe(true);
        for (const object of objects(value)) expect(Object.isFrozen(object)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
