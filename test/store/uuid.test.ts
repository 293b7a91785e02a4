import { describe, expect, it } from 'vitest';
import { randomUuid } from '../../runtime/store/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  it('gives distinct version 4 UUIDs in lower case, across refills of its entropy', () => {
    const ids = Array.from({ length: 1_000 }, () => randomUuid());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every hex digit in every free position (the bytes are random, the text is not stuck)', () => {
    const ids = Array.from({ length: 2_000 }, () => randomUuid());
    for (let at = 0; at < 36; at++) {
      if ([8, 13, 18, 23].includes(at)) continue;
      const digits = new Set(ids.map((id) => id[at]));
      // Position 14 is the version, 19 the variant (8, 9, a or b).
      expect(digits.size).toBe(at === 14 ? 1 : at === 19 ? 4 : 16);
    }
  });
});
