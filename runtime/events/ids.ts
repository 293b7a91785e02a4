/**
 * What an id given by a caller must be — command ids, correlation and causation ids, idempotency
 * keys — so that every store keeps it exactly and tells it apart from every other: a non-empty
 * string of bounded length, without control characters (PostgreSQL text cannot hold a NUL) and
 * without unpaired surrogates (stored as UTF-8 they would come back as U+FFFD, another id).
 */

/** The longest id: an idempotency key or trace id fits easily; a 10 MB string does not. */
export const MAX_ID_LENGTH = 256;

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` has no unpaired surrogates (it survives a round trip through UTF-8). */
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Whether `text` is well-formed and has no control characters. */
export const isCleanText = (text: string): boolean => !CONTROL.test(text) && isWellFormedText(text);

/** Why `value` is not a valid id (undefined when it is, or is absent). */
export function idProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const expected = `must be a non-empty string of at most ${MAX_ID_LENGTH} characters without control characters`;
  if (typeof value !== 'string') return `${expected}, not ${describeValue(value)}`;
  if (value.length === 0 || value.length > MAX_ID_LENGTH) return `${expected} (got ${value.length} characters)`;
  if (!isCleanText(value)) return `${expected} or unpaired surrogates`;
  return undefined;
}

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A value as a message may name it, without its content (which may be large or personal). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return isPlainObject(value) ? 'an object' : `an instance of ${(value as object).constructor?.name ?? 'a class'}`;
  return `${typeof value} ${String(value)}`;
}
