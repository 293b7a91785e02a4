// Lets a child process (multi-process tests, benchmarks from source) run the TypeScript sources
// directly: `node --import ./test/support/ts-loader/register.mjs script.ts`; `orchestrix/runtime`
// resolves to runtime/index.ts (see source-entries.mjs).
// Transpile-only (no type checking): `npm test` type-checks separately.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
