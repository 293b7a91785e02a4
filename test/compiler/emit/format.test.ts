import { describe, expect, it } from 'vitest';
import { formatAll, formatTypeScript } from '../../../compiler/emit/format.js';

const file = (i: number) =>
  `export const value${i}   = {a:1,b:[1,2,3],c:"text ${i}"}\n`.repeat(400) + `export function f${i}(x:number){return x*${i}}\n`;

describe('formatting many files', () => {
  it('gives the same bytes in worker threads as in-process, in input order', async () => {
    const sources = Array.from({ length: 24 }, (_, i) => file(i));
    expect(sources.reduce((n, s) => n + s.length, 0)).toBeGreaterThan(400_000); // takes the worker path
    const results = await formatAll(sources);
    const expected = await Promise.all(sources.slice(0, 3).map(formatTypeScript));
    expect(results.map((r) => (r.ok ? r.text : r.error.message)).slice(0, 3)).toEqual(expected);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[23]?.ok && results[23].text.includes('export function f23(x: number) {')).toBe(true);
  }, 60_000);

  it('reports a file that does not parse without failing the others', async () => {
    const sources = [...Array.from({ length: 20 }, (_, i) => file(i)), 'export const = ;'];
    const results = await formatAll(sources);
    expect(results.slice(0, 20).every((r) => r.ok)).toBe(true);
    const broken = results[20];
    expect(broken?.ok).toBe(false);
    expect(broken !== undefined && !broken.ok && broken.error.message).toMatch(/Unexpected token/);
    const small = await formatAll(['export const = ;', 'export const a=1']);
    expect(small.map((r) => r.ok)).toEqual([false, true]);
  }, 60_000);
});
