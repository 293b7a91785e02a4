/**
 * The DSL's structure as plain data, and a yes/no validator that walks it. A `ShapeTable` is
 * generated from the Zod schemas (shape-of.ts writes shapes.generated.ts; a test keeps it
 * current), so `check` recognises a valid document without loading Zod at all. Zod's own parse
 * would also build a copy of the whole document and an issue list; this only answers whether the
 * value is valid, without allocating. What the table cannot express is an `unknown` node, which
 * answers "not valid": the document then goes to Zod, which has the last word (so a mistake here
 * can only cost time, never accept a wrong spec; test/compiler/syntax/fast-validate.test.ts checks
 * the answers agree on mutated specs).
 */

/** A check on a string, number, array or mapping. */
export type ShapeCheck =
  | { readonly check: 'regex'; readonly source: string; readonly flags: string }
  | { readonly check: 'int' }
  | { readonly check: 'min' | 'max'; readonly value: number; readonly inclusive: boolean }
  | { readonly check: 'minLength' | 'maxLength'; readonly value: number }
  /** Exactly one key (the `oneKey` refinement of schema.ts). */
  | { readonly check: 'oneKey' };

/** One node; other nodes are referred to by their index in the table (so shapes can be recursive). */
export type ShapeNode =
  | { readonly kind: 'optional' | 'nullable'; readonly of: number }
  | { readonly kind: 'union'; readonly of: readonly number[] }
  | { readonly kind: 'string' | 'number'; readonly checks: readonly ShapeCheck[] }
  | { readonly kind: 'boolean' | 'null' | 'unknown' }
  /** z.enum and z.literal: one of these values. */
  | { readonly kind: 'enum'; readonly values: readonly (string | number | boolean | null)[] }
  | { readonly kind: 'array'; readonly of: number; readonly checks: readonly ShapeCheck[] }
  | { readonly kind: 'record'; readonly key: number; readonly value: number; readonly checks: readonly ShapeCheck[] }
  | { readonly kind: 'object'; readonly shape: Readonly<Record<string, number>>; readonly strict: boolean };

/** Node 0 is the root. */
export type ShapeTable = readonly ShapeNode[];

export type Validator = (value: unknown) => boolean;

const compiled = new WeakMap<ShapeTable, Validator>();

/** The validator of a table's root (compiled once per table). */
export function compileValidator(table: ShapeTable): Validator {
  let validator = compiled.get(table);
  if (validator === undefined) {
    const nodes = new Map<number, Validator>();
    const at = (index: number): Validator => {
      const known = nodes.get(index);
      if (known !== undefined) return known;
      // A node reached again while it is being built (a recursive shape) calls it through this stub.
      let built: Validator | undefined;
      nodes.set(index, (value) => (built as Validator)(value));
      built = build(table, index, at);
      nodes.set(index, built);
      return built;
    };
    validator = at(0);
    compiled.set(table, validator);
  }
  return validator;
}

const NOT_VALID: Validator = () => false;

function build(table: ShapeTable, index: number, at: (index: number) => Validator): Validator {
  const node = table[index];
  if (node === undefined) return NOT_VALID;
  switch (node.kind) {
    case 'optional': {
      const inner = at(node.of);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = at(node.of);
      return (v) => v === null || inner(v);
    }
    case 'union': {
      const options = node.of.map(at);
      return (v) => {
        for (const option of options) if (option(v)) return true;
        return false;
      };
    }
    case 'string': {
      const checks = compileChecks<string>(node.checks);
      return (v) => typeof v === 'string' && checks(v);
    }
    case 'number': {
      const checks = compileChecks<number>(node.checks);
      return (v) => typeof v === 'number' && Number.isFinite(v) && checks(v);
    }
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'unknown':
      return NOT_VALID;
    case 'enum': {
      const values = new Set<unknown>(node.values);
      return (v) => values.has(v);
    }
    case 'array': {
      const element = at(node.of);
      const checks = compileChecks<unknown[]>(node.checks);
      return (v) => {
        if (!Array.isArray(v) || !checks(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const key = at(node.key);
      const value = at(node.value);
      // Refinements (e.g. "exactly one key") run after the entries are known to be valid, as in Zod.
      const checks = compileChecks<Record<string, unknown>>(node.checks);
      return (v) => {
        if (!isPlainObject(v)) return false;
        for (const k in v) {
          if (!Object.hasOwn(v, k)) continue;
          // Zod skips `__proto__` in records (and drops it from its output).
          if (k === '__proto__') continue;
          if (!key(k) || !value(v[k])) return false;
        }
        return checks(v);
      };
    }
    case 'object': {
      const shape = node.shape;
      const keys = Object.keys(shape);
      const fields = keys.map((k) => at(shape[k] ?? -1));
      const strict = node.strict;
      return (v) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
        const record = v as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string;
          if (!(fields[i] as Validator)(Object.hasOwn(record, k) ? record[k] : undefined)) return false;
        }
        if (strict) for (const k in record) if (Object.hasOwn(record, k) && !Object.hasOwn(shape, k)) return false;
        return true;
      };
    }
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

function compileCheck(check: ShapeCheck): (value: never) => boolean {
  switch (check.check) {
    case 'regex': {
      // Without the global and sticky flags, which would keep state between calls.
      const re = new RegExp(check.source, check.flags.replace(/[gy]/g, ''));
      return (s: string) => re.test(s);
    }
    case 'int':
      return (n: number) => Number.isSafeInteger(n);
    case 'min': {
      const bound = check.value;
      return check.inclusive ? (n: number) => n >= bound : (n: number) => n > bound;
    }
    case 'max': {
      const bound = check.value;
      return check.inclusive ? (n: number) => n <= bound : (n: number) => n < bound;
    }
    case 'minLength': {
      const min = check.value;
      return (v: { length: number }) => v.length >= min;
    }
    case 'maxLength': {
      const max = check.value;
      return (v: { length: number }) => v.length <= max;
    }
    case 'oneKey':
      // A mapping with an own `__proto__` key goes to Zod: its output (what Zod refines) leaves that key out.
      return (v: Record<string, unknown>) => !Object.hasOwn(v, '__proto__') && Object.keys(v).length === 1;
  }
}

function compileChecks<T>(checks: readonly ShapeCheck[]): (value: T) => boolean {
  if (checks.length === 0) return () => true;
  const compiledChecks = checks.map((c) => compileCheck(c) as (value: T) => boolean);
  return (value) => {
    for (const check of compiledChecks) if (!check(value)) return false;
    return true;
  };
}
