import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('package', () => {
  it('exposes the runtime, compiler and CLI entry points', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      type: string;
      bin: Record<string, string>;
      exports: Record<string, unknown>;
    };
    expect(pkg.name).toBe('orchestrix');
    expect(pkg.type).toBe('module');
    expect(pkg.bin['orchestrix']).toBe('./bin/orchestrix.js');
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './runtime', './compiler']));
  });

  it('resolves orchestrix/runtime to the sources under test', async () => {
    const runtime = await import('orchestrix/runtime');
    expect(new runtime.ConcurrencyError('s', 1, 2).code).toBe('CONCURRENCY_CONFLICT');
  });
});
