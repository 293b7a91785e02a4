import { z } from 'zod';
import { type Schema, unwrap } from './zod-walk.js';

/**
 * A yes/no validator compiled from a Zod schema, for the common case: a valid document. Zod's own
 * parse builds a copy of the whole document and an issue list on the way; this only answers
 * whether the value is valid, several times faster and without allocating (see
 * BENCHMARKS.md "Loading and parsing"). It interprets the schema kinds and checks the DSL uses;
 * anything else is delegated to Zod for that node, so the answer is Zod's answer
 * (test/compiler/syntax/fast-validate.test.ts checks it on mutated specs).
 */
export type Validator = (value: unknown) => boolean;

const compiled = new WeakMap<Schema, Validator>();

export function compileValidator(schema: Schema): Validator {
  let validator = compiled.get(schema);
  if (validator === undefined) {
    validator = build(schema);
    compiled.set(schema, validator);
  }
  return validator;
}

/** Zod decides this node (and everything below it). */
const byZod =
  (schema: Schema): Validator =>
  (value) =>
    z.safeParse(schema, value).success;

interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly pattern?: unknown;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly fn?: unknown;
}

const checkDefs = (schema: Schema): readonly CheckDef[] =>
  (schema._zod.def.checks ?? []).map((c) => c._zod.def as CheckDef);

/** A check on a string, number or array, or undefined when it is not one this module knows. */
function compileCheck(def: CheckDef): ((value: never) => boolean) | undefined {
  switch (def.check) {
    case 'string_format':
      return def.format === 'regex' && def.pattern instanceof RegExp ? regexCheck(def.pattern) : undefined;
    case 'number_format':
      return def.format === 'safeint' ? (n: number) => Number.isSafeInteger(n) : undefined;
    case 'greater_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return undefined;
      return def.inclusive === true ? (n: number) => n >= bound : (n: number) => n > bound;
    }
    case 'less_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return undefined;
      return def.inclusive === true ? (n: number) => n <= bound : (n: number) => n < bound;
    }
    case 'min_length': {
      const min = def.minimum;
      return typeof min === 'number' ? (v: { length: number }) => v.length >= min : undefined;
    }
    case 'max_length': {
      const max = def.maximum;
      return typeof max === 'number' ? (v: { length: number }) => v.length <= max : undefined;
    }
    case 'custom': {
      // A refinement (`.refine(fn)`): Zod passes the value when `fn` returns a truthy value. Only an
      // exact `true` is taken as a pass here; anything else (false, a promise, a throw) answers "not
      // valid", which sends the document to Zod, which has the last word. A record with an own
      // `__proto__` key also goes to Zod: its output (what Zod refines) leaves that key out.
      const fn = def.fn;
      if (typeof fn !== 'function') return undefined;
      return (value: unknown) => {
        if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) return false;
        try {
          return (fn as (value: unknown) => unknown)(value) === true;
        } catch {
          return false;
        }
      };
    }
    default:
      return undefined;
  }
}

function regexCheck(pattern: RegExp): (s: string) => boolean {
  // A global or sticky pattern keeps state between calls; test a copy without those flags.
  const re = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
  return (s) => re.test(s);
}

/** All checks of a schema, or undefined if one of them is unknown. */
function compileChecks<T>(schema: Schema): ((value: T) => boolean) | undefined {
  const checks: ((value: T) => boolean)[] = [];
  for (const def of checkDefs(schema)) {
    const check = compileCheck(def) as ((value: T) => boolean) | undefined;
    if (check === undefined) return undefined;
    checks.push(check);
  }
  if (checks.length === 0) return () => true;
  return (value) => {
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function build(schema: Schema): Validator {
  if (schema instanceof z.ZodOptional) {
    const inner = compileValidator(schema.unwrap() as Schema);
    return (v) => v === undefined || inner(v);
  }
  if (schema instanceof z.ZodNullable) {
    const inner = compileValidator(schema.unwrap() as Schema);
    return (v) => v === null || inner(v);
  }
  if (schema instanceof z.ZodLazy) {
    const target = schema._zod.innerType as Schema;
    return (v) => compileValidator(target)(v);
  }
  if (schema instanceof z.ZodUnion) {
    if (checkDefs(schema).length > 0) return byZod(schema);
    const options = (schema.options as readonly Schema[]).map(compileValidator);
    return (v) => {
      for (const option of options) if (option(v)) return true;
      return false;
    };
  }
  if (schema instanceof z.ZodString) {
    const checks = compileChecks<string>(schema);
    return checks === undefined ? byZod(schema) : (v) => typeof v === 'string' && checks(v);
  }
  if (schema instanceof z.ZodNumber) {
    const checks = compileChecks<number>(schema);
    return checks === undefined ? byZod(schema) : (v) => typeof v === 'number' && Number.isFinite(v) && checks(v);
  }
  if (schema instanceof z.ZodBoolean) return checkDefs(schema).length > 0 ? byZod(schema) : (v) => typeof v === 'boolean';
  if (schema instanceof z.ZodNull) return (v) => v === null;
  if (schema instanceof z.ZodEnum) {
    const values = new Set<unknown>(schema.options);
    return checkDefs(schema).length > 0 ? byZod(schema) : (v) => values.has(v);
  }
  if (schema instanceof z.ZodArray) {
    const element = compileValidator(schema.element as Schema);
    const checks = compileChecks<unknown[]>(schema);
    if (checks === undefined) return byZod(schema);
    return (v) => {
      if (!Array.isArray(v) || !checks(v)) return false;
      for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
      return true;
    };
  }
  if (schema instanceof z.ZodRecord) return buildRecord(schema);
  if (schema instanceof z.ZodObject) return buildObject(schema);
  return byZod(schema);
}

function buildRecord(schema: z.ZodRecord): Validator {
  // Refinements (e.g. "exactly one key") run after the entries are known to be valid (see compileCheck).
  const checks = compileChecks<Record<string, unknown>>(schema);
  if (checks === undefined || !(unwrap(schema.keyType as Schema) instanceof z.ZodString)) return byZod(schema);
  const key = compileValidator(schema.keyType as Schema);
  const value = compileValidator(schema.valueType as Schema);
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const k of Object.keys(v)) {
      // Zod skips `__proto__` in records (and drops it from its output).
      if (k === '__proto__') continue;
      if (!key(k) || !value(v[k])) return false;
    }
    return checks(v);
  };
}

function buildObject(schema: z.ZodObject): Validator {
  const catchall = schema._zod.def.catchall;
  const strict = catchall instanceof z.ZodNever;
  if (checkDefs(schema).length > 0 || (catchall !== undefined && !strict)) return byZod(schema);
  const shape = schema.shape as Readonly<Record<string, Schema>>;
  const fields = Object.entries(shape).map(([k, s]) => [k, compileValidator(s)] as const);
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
    const record = v as Record<string, unknown>;
    for (const [k, field] of fields) if (!field(Object.hasOwn(record, k) ? record[k] : undefined)) return false;
    if (strict) for (const k of Object.keys(record)) if (!Object.hasOwn(shape, k)) return false;
    return true;
  };
}
