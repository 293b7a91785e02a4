import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources: the `source` export condition maps
// `orchestrix/runtime` (imported by generated code) to runtime/index.ts.
export default defineConfig({
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  // No 'import' here: vitest passes these to its worker processes as `--conditions`, which would make
  // every require() pick a package's ESM build (pg's require('pg-pool') then breaks). Vite adds
  // import/require per resolution itself.
  ssr: { resolve: { conditions: ['source', 'node', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
