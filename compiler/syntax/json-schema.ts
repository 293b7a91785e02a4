import { z } from 'zod';
import { specFileSchema } from './schema.js';

/**
 * The DSL's JSON Schema (draft-07) with descriptions, generated from the Zod schema, for editors:
 * `# yaml-language-server: $schema=...` gives completion and hover. The package ships it as
 * schema/orchestrix.schema.json (a test keeps that file current).
 */
export function dslJsonSchema(): object {
  return z.toJSONSchema(specFileSchema, { target: 'draft-07' });
}
