import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `source` export condition maps
// `orchestrix/runtime` (imported by generated code) to runtime/index.ts.
export default defineConfig({
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
