import { describe, expect, it } from 'vitest';
import { createStateCache } from '../../runtime/aggregate/state-cache.js';

const entry = (version: number) => ({ state: { version }, version, snapshotVersion: 0 });

describe('createStateCache', () => {
  it('is disabled for a capacity below 1', () => {
    expect(createStateCache(0)).toBeUndefined();
    expect(createStateCache(-3)).toBeUndefined();
    expect(createStateCache(Number.NaN)).toBeUndefined();
  });

  it('evicts the least recently written stream first', () => {
    const cache = createStateCache<{ version: number }>(2);
    if (cache === undefined) throw new Error('expected a cache');
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.set('a', entry(2));
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(2);
    expect(cache.get('c')?.version).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('never replaces a newer version with an older one', () => {
    const cache = createStateCache<{ version: number }>(4);
    cache?.set('a', entry(5));
    cache?.set('a', entry(3));
    expect(cache?.get('a')?.version).toBe(5);
  });

  it('deletes one stream or all', () => {
    const cache = createStateCache<{ version: number }>(4);
    cache?.set('a', entry(1));
    cache?.set('b', entry(1));
    cache?.delete('a');
    expect(cache?.get('a')).toBeUndefined();
    expect(cache?.size).toBe(1);
    cache?.clear();
    expect(cache?.size).toBe(0);
  });
});
