import type { PiiPath } from '../aggregate/definition.js';

/**
 * Finding and replacing the values at pii paths inside a JSON record. `'[]'` in a declared path
 * means every element of an array; the concrete path of a value has the element's index there
 * (`['contacts', '0', 'email']`). Absent values (a missing optional field, a missing value object)
 * have no slot: there is nothing to encrypt or erase.
 */

/** One present value at a pii path. */
export interface PiiSlot {
  readonly pii: PiiPath;
  /** The declared path with array indexes filled in. */
  readonly path: readonly string[];
  readonly value: unknown;
}

/** Returned by a rewrite to remove the value (the field then reads as absent). */
export const REMOVE: unique symbol = Symbol('orchestrix.pii.remove');
export type Replacement = unknown;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The key of a concrete path in maps (JSON text: unambiguous). */
export const pathKey = (path: readonly string[]): string => JSON.stringify(path);

/** Every present value at the given pii paths, in path order then document order. */
export function piiSlots(data: unknown, paths: readonly PiiPath[]): PiiSlot[] {
  const slots: PiiSlot[] = [];
  for (const pii of paths) {
    walk(data, pii.path, 0, [], (value, path) => {
      slots.push({ pii, path, value });
      return value;
    });
  }
  return slots;
}

/**
 * A copy of `data` with the value at each concrete path in `replacements` replaced (or removed with
 * REMOVE). Only the containers on the way are copied; everything else is shared with `data`.
 */
export function replaceAt(data: unknown, paths: readonly PiiPath[], replacements: ReadonlyMap<string, Replacement>): unknown {
  if (replacements.size === 0) return data;
  let result = data;
  for (const pii of paths) {
    const next = walk(result, pii.path, 0, [], (value, path) => {
      const key = pathKey(path);
      return replacements.has(key) ? replacements.get(key) : value;
    });
    result = next === REMOVE ? undefined : next;
  }
  return result;
}

type Visit = (value: unknown, path: readonly string[]) => Replacement;

function walk(node: unknown, declared: readonly string[], index: number, concrete: readonly string[], visit: Visit): Replacement {
  const segment = declared[index];
  if (segment === undefined) return visit(node, concrete);
  if (segment === '[]') {
    if (!Array.isArray(node)) return node;
    let changed = false;
    const out: unknown[] = [];
    node.forEach((element: unknown, position) => {
      const next = walk(element, declared, index + 1, [...concrete, String(position)], visit);
      if (next !== element) changed = true;
      if (next !== REMOVE) out.push(next);
    });
    return changed ? out : node;
  }
  if (!isRecord(node) || !Object.hasOwn(node, segment)) return node;
  const child = node[segment];
  if (child === undefined) return node;
  const next = walk(child, declared, index + 1, [...concrete, segment], visit);
  if (next === child) return node;
  const copy: Record<string, unknown> = { ...node };
  if (next === REMOVE) delete copy[segment];
  // defineProperty: a field named `__proto__` stays a plain property.
  else Object.defineProperty(copy, segment, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}
