import type { DataSchema } from '../aggregate/definition.js';
import type { ValidationIssue } from '../errors/errors.js';

/** The result of checking a value against a schema: the parsed value, or every issue with its path. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Parses with zod (defaults applied, unknown keys stripped) and turns failures into ValidationIssues. */
export function check<T>(schema: DataSchema<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      code: issue.code,
      message: issue.message,
    })),
  };
}
