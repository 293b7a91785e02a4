import type { z } from 'zod';
import { zod } from './zod-module.js';
import type { DocPath } from '../load/source.js';

/**
 * Walking a Zod schema along a document path, the way a diagnostic needs it: through optional and
 * nullable wrappers, object shapes, record values and array elements, and into the union branch
 * that the value's shape selects.
 */

export type Schema = z.core.$ZodType;

/** The shapes a YAML value can have, as a union branch sees them. */
export type Kind = 'string' | 'number' | 'boolean' | 'null' | 'list' | 'mapping';

export function kindOf(value: unknown): Kind | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'mapping';
    default:
      return undefined;
  }
}

/** Strips `optional` and `nullable` wrappers. */
export function unwrap(schema: Schema): Schema {
  let s = schema;
  while (s instanceof zod().ZodOptional || s instanceof zod().ZodNullable) s = s.unwrap() as Schema;
  return s;
}

const ALL_KINDS: readonly Kind[] = ['string', 'number', 'boolean', 'null', 'list', 'mapping'];

/** The value shapes a schema can accept at all (before its finer checks). */
export function acceptedKinds(schema: Schema): ReadonlySet<Kind> {
  if (schema instanceof zod().ZodOptional) return acceptedKinds(schema.unwrap() as Schema);
  if (schema instanceof zod().ZodNullable) return new Set([...acceptedKinds(schema.unwrap() as Schema), 'null']);
  if (schema instanceof zod().ZodString || schema instanceof zod().ZodEnum) return new Set(['string']);
  if (schema instanceof zod().ZodNumber) return new Set(['number']);
  if (schema instanceof zod().ZodBoolean) return new Set(['boolean']);
  if (schema instanceof zod().ZodNull) return new Set(['null']);
  if (schema instanceof zod().ZodObject || schema instanceof zod().ZodRecord) return new Set(['mapping']);
  if (schema instanceof zod().ZodArray || schema instanceof zod().ZodTuple) return new Set(['list']);
  if (schema instanceof zod().ZodUnion) {
    const kinds = new Set<Kind>();
    for (const option of schema.options as readonly Schema[]) for (const k of acceptedKinds(option)) kinds.add(k);
    return kinds;
  }
  return new Set(ALL_KINDS);
}

/** The keys an object schema knows, or undefined for records and everything else. */
export function knownKeysOf(schema: Schema): readonly string[] | undefined {
  const s = unwrap(schema);
  return s instanceof zod().ZodObject ? Object.keys(s.shape) : undefined;
}

/** Keys an object schema requires (not optional). */
export function requiredKeysOf(schema: Schema): readonly string[] {
  const s = unwrap(schema);
  if (!(s instanceof zod().ZodObject)) return [];
  const shape = s.shape as Record<string, Schema>;
  return Object.keys(shape).filter((k) => {
    const field = shape[k];
    return field !== undefined && !(field instanceof zod().ZodOptional);
  });
}

export type BranchChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly index: number }
  /** Several mapping branches fit equally well: the value does not say which it meant. */
  | { readonly kind: 'tied'; readonly indexes: readonly number[] };

/**
 * The union branch a value means: the only one accepting its shape, or, among mapping branches,
 * the one that knows most of its keys.
 */
export function chooseBranch(options: readonly Schema[], value: unknown): BranchChoice {
  const kind = kindOf(value);
  const fitting = options.map((o, i) => ({ o, i })).filter(({ o }) => kind !== undefined && acceptedKinds(o).has(kind));
  if (fitting.length === 0) return { kind: 'none' };
  const first = fitting[0];
  if (fitting.length === 1 && first !== undefined) return { kind: 'one', index: first.i };
  if (kind !== 'mapping' || value === null || typeof value !== 'object') return { kind: 'one', index: first?.i ?? 0 };
  const keys = Object.keys(value);
  const scored = fitting.map(({ o, i }) => {
    const known = knownKeysOf(o);
    return { i, score: known === undefined ? keys.length : keys.filter((k) => known.includes(k)).length };
  });
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best).map((s) => s.i);
  return top.length === 1 ? { kind: 'one', index: top[0] ?? 0 } : { kind: 'tied', indexes: top };
}

export const unionOptions = (schema: Schema): readonly Schema[] | undefined => {
  const s = unwrap(schema);
  return s instanceof zod().ZodUnion ? (s.options as readonly Schema[]) : undefined;
};

/** Resolves a union to the branch the value selects (unions of unions too); other schemas as they are. */
function selectBranch(schema: Schema, value: unknown): Schema | undefined {
  let s = unwrap(schema);
  for (let options = unionOptions(s); options !== undefined; options = unionOptions(s)) {
    const choice = chooseBranch(options, value);
    const index = choice.kind === 'one' ? choice.index : choice.kind === 'tied' ? choice.indexes[0] : undefined;
    const branch = index === undefined ? undefined : options[index];
    if (branch === undefined) return undefined;
    s = unwrap(branch);
  }
  return s;
}

function child(schema: Schema, segment: string | number): Schema | undefined {
  if (schema instanceof zod().ZodObject) return (schema.shape as Record<string, Schema | undefined>)[String(segment)];
  if (schema instanceof zod().ZodRecord) return schema.valueType as Schema;
  if (schema instanceof zod().ZodArray) return schema.element as Schema;
  return undefined;
}

export function valueAt(value: unknown, path: DocPath): unknown {
  let v = value;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, segment) ? (v as Record<string | number, unknown>)[segment] : undefined;
  }
  return v;
}

/** The schema at `path` (unions on the way resolved by the value; the last one left as is). */
export function schemaAt(root: Schema, value: unknown, path: DocPath): Schema | undefined {
  let schema: Schema | undefined = root;
  let here = value;
  for (const segment of path) {
    const resolved: Schema | undefined = schema === undefined ? undefined : selectBranch(schema, here);
    schema = resolved === undefined ? undefined : child(resolved, segment);
    if (schema === undefined) return undefined;
    here = valueAt(here, [segment]);
  }
  return schema;
}

/** The keys known where `path` points at a mapping, for "did you mean". */
export function knownKeysAt(root: Schema, value: unknown, path: DocPath): readonly string[] {
  const schema = schemaAt(root, value, path);
  const resolved = schema === undefined ? undefined : selectBranch(schema, valueAt(value, path));
  return resolved === undefined ? [] : (knownKeysOf(resolved) ?? []);
}
