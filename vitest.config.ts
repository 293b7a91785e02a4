import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { sourceEntries } from './test/support/ts-loader/source-entries.mjs';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Tests run against the TypeScript sources: `orchestrix/runtime` (imported by generated code) maps to
// runtime/index.ts as tsconfig.json's `paths` says, not to the published dist/ build. Exact matches
// only, so `orchestrix` does not swallow `orchestrix/runtime`.
export default defineConfig({
  resolve: { alias: [...sourceEntries()].map(([specifier, path]) => ({ find: new RegExp(`^${escapeRegExp(specifier)}$`), replacement: path })) },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (cores - 1) runs one file at a time on a 2-core machine; the slowest files
    // mostly wait on child processes, PostgreSQL and the disk, so one worker per core: on 2 cores the
    // suite took 357 s instead of 508 s (3 workers: 378 s).
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
