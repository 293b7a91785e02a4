import { describe, expect, it } from 'vitest';
import { formatAll, formatTypeScript } from '../../../compiler/emit/format.js';

const file = (i: number) =>
  `export const value${i}   = {a:1,b:[1,2,3],c:"text ${i}"}\n`.repeat(400) + `export function f${i}(x:number){return x*${i}}\n`;

describe('formatting many files', () => {
  it('gives each file the bytes it gets alone, in input order', async () => {
    const sources = Array.from({ length: 24 }, (_, i) => file(i));
    const results = await formatAll(sources);
    const expected = await Promise.all(sources.slice(0, 3).map(formatTypeScript));
    expect(results.map((r) => (r.ok ? r.text : r.error.message)).slice(0, 3)).toEqual(expected);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[23]?.ok && results[23].text.includes('export function f23(x: number) {')).toBe(true);
    expect(expected[0]?.startsWith("export const value0 = { a: 1, b: [1, 2, 3], c: 'text 0' };\n")).toBe(true);
  });

  it('reports a file that does not parse, with its position, without failing the others', async () => {
    const sources = [...Array.from({ length: 20 }, (_, i) => file(i)), 'export const a = 1;\nexport const = ;'];
    const results = await formatAll(sources);
    expect(results.slice(0, 20).every((r) => r.ok)).toBe(true);
    const broken = results[20];
    expect(broken?.ok).toBe(false);
    expect(broken !== undefined && !broken.ok && broken.error.message).toBe('Unexpected token (line 2, column 14)');
    const small = await formatAll(['export const = ;', 'export const a=1']);
    expect(small.map((r) => r.ok)).toEqual([false, true]);
  });

  it('is stable: formatting its own output changes nothing', async () => {
    const once = await formatTypeScript(file(7));
    expect(await formatTypeScript(once)).toBe(once);
  });
});
