import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamIdOf } from '../../runtime/aggregate/definition.js';

const definition = { category: 'banking/Account' };

describe('streamIdOf', () => {
  it('is the category, a slash and the URI-encoded id, for any id', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom("a-b_c.d!e~f*g'h(i)j", 'x/y', '%41', ' ')), (id) => {
        let expected: string | Error;
        try {
          expected = `banking/Account/${encodeURIComponent(id)}`;
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) expect(() => streamIdOf(definition, id)).toThrow(URIError);
        else expect(streamIdOf(definition, id)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes a slash, so an id cannot name another category', () => {
    expect(streamIdOf(definition, '../Other/1')).toBe('banking/Account/..%2FOther%2F1');
  });
});
