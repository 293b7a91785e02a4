import { ValidationError, type ValidationIssue } from '../errors/errors.js';

/**
 * Every adapter keeps event data, metadata and snapshot state as JSON text, so all of them — the
 * in-memory one included — give back the same values: a copy that never aliases the writer's
 * objects, under JSON's rules (no `undefined` members, Dates as strings). A value JSON cannot hold
 * (BigInt, a cycle, `undefined`, a function) comes back as an issue, so a caller can report every
 * bad value of a batch at once.
 */
export function toJsonText(value: unknown, path: readonly (string | number)[]): string | ValidationIssue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path, code: 'not_serializable', message: `is not JSON-serializable (${reason})` };
  }
  return text ?? { path, code: 'not_serializable', message: `is not JSON-serializable (${typeof value})` };
}

/** Like toJsonText, raising ValidationError(subject) when the value cannot be stored. */
export function toJsonTextOrThrow(subject: string, value: unknown, path: readonly (string | number)[]): string {
  const text = toJsonText(value, path);
  if (typeof text !== 'string') throw new ValidationError(subject, [text]);
  return text;
}
