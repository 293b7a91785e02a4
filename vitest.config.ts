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
  },
});
