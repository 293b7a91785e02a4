// Lets a child process (multi-process tests, benchmarks from source) run the TypeScript sources
// directly: `node --conditions=source --import ./test/support/ts-loader/register.mjs script.ts`.
// Transpile-only (no type checking): `npm test` type-checks separately.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
