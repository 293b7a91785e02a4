import { createRequire } from 'node:module';
import type * as Zod from 'zod';

let loaded: typeof Zod.z | undefined;

/**
 * Zod, loaded on first use. A valid spec is recognised by the plain-data validator (shapes.ts), so
 * `check` on clean specs never pays for importing Zod (~100 files, every locale); it is loaded to
 * explain an invalid document, and by the JSON Schema export.
 */
export function zod(): typeof Zod.z {
  loaded ??= (createRequire(import.meta.url)('zod') as typeof Zod).z;
  return loaded;
}
