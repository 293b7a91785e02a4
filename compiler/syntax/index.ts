/** compiler/syntax — the DSL's structure: Zod schema, structural diagnostics, JSON Schema. */
export { validateSpec } from './validate-spec.js';
export { validateConfig } from './validate-config.js';
export { dslJsonSchema } from './json-schema.js';
export type { SpecFile } from './schema.js';
