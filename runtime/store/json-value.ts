import type { ValidationIssue } from '../errors/errors.js';

/**
 * What `JSON.parse(JSON.stringify(value))` gives back, computed in one pass without the text: a copy
 * under JSON's rules, or the issue JSON.stringify would raise. The in-memory store uses it to keep
 * exactly what a durable store would hand back, at a fraction of the cost of the round trip.
 *
 * It follows JSON.stringify: `toJSON` is called (Dates become strings); wrapper objects unwrap;
 * `undefined`, functions and symbols are dropped from objects and become `null` in arrays;
 * non-finite numbers become `null` and -0 becomes 0; own enumerable string keys are kept in order;
 * BigInt and cycles are errors. With `freeze`, the copy is deeply frozen (how the in-memory store
 * keeps events it shares with every reader). test/store/json-value.test.ts checks it against the real round trip.
 */
export type JsonValueResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issue: ValidationIssue };

export function toJsonValue(value: unknown, path: readonly (string | number)[], options?: { readonly freeze?: boolean }): JsonValueResult {
  try {
    const result = convertValue(value, options?.freeze === true);
    if (result === OMIT) return fail(path, `is not JSON-serializable (${typeof value})`);
    return { ok: true, value: result };
  } catch (error) {
    return fail(path, `is not JSON-serializable (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** What frozenJsonValueOf returns for a value JSON cannot hold; toJsonValue then says why. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/**
 * toJsonValue with `freeze`, without the result object and the path: the deeply frozen copy, or
 * NOT_JSON. The in-memory store converts every event's data and metadata with it, and asks
 * toJsonValue for the issue only when a value fails.
 */
export function frozenJsonValueOf(value: unknown): unknown {
  try {
    const result = convertValue(value, true);
    return result === OMIT ? NOT_JSON : result;
  } catch {
    return NOT_JSON;
  }
}

/** One top-level conversion (OMIT, or throws, for what JSON cannot hold), leaving the shared stack as it found it. */
function convertValue(value: unknown, freeze: boolean): unknown {
  const base = ancestors.length;
  try {
    return convert(value, '', base, freeze);
  } finally {
    // Left above `base` only by a conversion that threw; setting the length is a runtime call.
    if (ancestors.length !== base) ancestors.length = base;
  }
}

const OMIT = Symbol('omit');

const fail = (path: readonly (string | number)[], message: string): JsonValueResult => ({
  ok: false,
  issue: { path, code: 'not_serializable', message },
});

/**
 * The objects being converted, outermost first: a cycle is an object that is its own ancestor.
 * One stack for every conversion (no array per call); each conversion uses the part from `base`,
 * where it found the stack, since a `toJSON` may itself convert a value. Event data is shallow, so
 * a small array beats a Set here.
 */
const ancestors: object[] = [];

/** `freeze`: every object and array of the result is frozen as it is built (the copy is new, so nobody else holds it). */
function convert(input: unknown, key: string, base: number, freeze: boolean): unknown {
  // Strings, numbers and booleans first: most values are, and they have no toJSON to look up.
  if (typeof input === 'string' || typeof input === 'boolean') return input;
  if (typeof input === 'number') return Number.isFinite(input) ? input + 0 : null; // + 0 turns -0 into 0
  let value = input;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = (toJSON as (k: string) => unknown).call(value, key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'undefined':
    case 'function':
    case 'symbol':
      return OMIT;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object, base)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(object);
  let result: unknown;
  if (Array.isArray(object)) {
    const out = new Array<unknown>(object.length);
    for (let i = 0; i < object.length; i++) {
      const item = convert(object[i], String(i), base, freeze);
      out[i] = item === OMIT ? null : item;
    }
    result = out;
  } else {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(object)) {
      const item = convert((object as Record<string, unknown>)[name], name, base, freeze);
      if (item === OMIT) continue;
      // Like JSON.parse: `__proto__` is an own property, never the prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value: item, enumerable: true, writable: true, configurable: true });
      else out[name] = item;
    }
    result = out;
  }
  ancestors.pop();
  return freeze ? Object.freeze(result) : result;
}
