import { describe, expect, it } from 'vitest';
import { isSnapshotDue } from '../../runtime/aggregate/snapshot-policy.js';

const every50 = { every: 50 };

describe('isSnapshotDue', () => {
  it('is due when an append reaches or crosses a multiple of every', () => {
    expect(isSnapshotDue(every50, 0, 49, 50)).toBe(true);
    expect(isSnapshotDue(every50, 50, 98, 101)).toBe(true);
    expect(isSnapshotDue(every50, 0, 0, 120)).toBe(true);
  });

  it('is not due between multiples when a usable snapshot is recent', () => {
    expect(isSnapshotDue(every50, 0, 48, 49)).toBe(false);
    expect(isSnapshotDue(every50, 50, 50, 51)).toBe(false);
    expect(isSnapshotDue(every50, 100, 100, 149)).toBe(false);
  });

  it('is due once every events lie past the last usable snapshot, even between multiples', () => {
    // A stream written before snapshots, or whose snapshot has another state schema hash.
    expect(isSnapshotDue(every50, 0, 120, 121)).toBe(true);
    expect(isSnapshotDue(every50, 100, 170, 171)).toBe(true);
    expect(isSnapshotDue(every50, 121, 130, 131)).toBe(false);
  });

  it('is never due for an empty append or a nonsensical policy', () => {
    expect(isSnapshotDue(every50, 0, 50, 50)).toBe(false);
    expect(isSnapshotDue({ every: 0 }, 0, 0, 500)).toBe(false);
    expect(isSnapshotDue({ every: Number.NaN }, 0, 0, 500)).toBe(false);
  });

  it('snapshots every event with every: 1', () => {
    expect(isSnapshotDue({ every: 1 }, 3, 3, 4)).toBe(true);
  });
});
