import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../../compiler/emit/manifest.js';
import { applyOutput, isStale, planOutput } from '../../../compiler/emit/output.js';

const outDir = () => mkdtempSync(join(tmpdir(), 'orx-out-'));
const files = (body: string) => [
  { path: 'a.ts', text: `export const a   =   ${body}` },
  { path: 'nested/b.ts', text: 'export const b=2' },
];

describe('output planning', () => {
  it('formats, writes, then reports everything unchanged on the next run', async () => {
    const dir = outDir();
    const first = await planOutput(dir, files('1'), { force: false });
    expect(first.files.map((f) => f.status)).toEqual(['new', 'new']);
    await applyOutput(first);
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(existsSync(join(dir, MANIFEST_FILE))).toBe(true);
    const second = await planOutput(dir, files('1'), { force: false });
    expect(isStale(second)).toBe(false);
  });

  it('reports a changed render as stale and rewrites only that file', async () => {
    const dir = outDir();
    await applyOutput(await planOutput(dir, files('1'), { force: false }));
    const plan = await planOutput(dir, files('2'), { force: false });
    expect(plan.files.map((f) => f.status)).toEqual(['changed', 'unchanged']);
    expect(isStale(plan)).toBe(true);
  });

  it('never reports staleness for a render that differs only in formatting', async () => {
    const dir = outDir();
    await applyOutput(await planOutput(dir, files('1'), { force: false }));
    const plan = await planOutput(dir, [{ path: 'a.ts', text: 'export const a = 1' }, { path: 'nested/b.ts', text: 'export   const b = 2;' }], { force: false });
    expect(isStale(plan)).toBe(false);
  });

  it('removes files the specs no longer produce, and empty folders', async () => {
    const dir = outDir();
    await applyOutput(await planOutput(dir, files('1'), { force: false }));
    const plan = await planOutput(dir, [{ path: 'a.ts', text: 'export const a = 1' }], { force: false });
    expect(plan.removals).toEqual(['nested/b.ts']);
    await applyOutput(plan);
    expect(existsSync(join(dir, 'nested'))).toBe(false);
  });

  it('refuses to overwrite or remove a hand-edited file without force', async () => {
    const dir = outDir();
    await applyOutput(await planOutput(dir, files('1'), { force: false }));
    writeFileSync(join(dir, 'a.ts'), 'export const a = 42; // my fix\n');
    writeFileSync(join(dir, 'nested/b.ts'), 'export const b = 3; // mine\n');
    const plan = await planOutput(dir, [{ path: 'a.ts', text: 'export const a = 1' }], { force: false });
    expect(plan.conflicts).toEqual([
      { path: 'a.ts', reason: 'edited', action: 'overwrite' },
      { path: 'nested/b.ts', reason: 'edited', action: 'remove' },
    ]);
    await expect(applyOutput(plan)).rejects.toThrow(/conflicts/);
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toContain('my fix');
    const forced = await planOutput(dir, [{ path: 'a.ts', text: 'export const a = 1' }], { force: true });
    await applyOutput(forced);
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
    expect(existsSync(join(dir, 'nested/b.ts'))).toBe(false);
  });

  it('treats a file it did not write as unmanaged', async () => {
    const dir = outDir();
    writeFileSync(join(dir, 'a.ts'), 'export const a = "user";\n');
    const plan = await planOutput(dir, files('1'), { force: false });
    expect(plan.conflicts).toEqual([{ path: 'a.ts', reason: 'unmanaged', action: 'overwrite' }]);
  });
});
