import type { Constraints } from '../model/model.js';
import { formatTypeRef, type TypeRef } from '../model/type-ref.js';
import type { FieldObjectSpec } from '../syntax/schema.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import type { Reporter } from './reporter.js';

/**
 * Constraints fit their type: `min`/`max` on integer and number, `minLength`/`maxLength`/`pattern`
 * on string, email and url, `minItems`/`maxItems` on arrays. On an array field the other
 * constraints apply to each element (`{ type: string[], maxLength: 20 }`). Patterns are ECMAScript
 * regular expressions compiled with the `u` (Unicode) flag, as generated code compiles them.
 */

type ConstraintName = keyof Constraints;

const NUMERIC = new Set(['integer', 'number']);
const TEXT = new Set(['string', 'email', 'url']);

interface Applicability {
  readonly applies: (type: TypeRef) => boolean;
  readonly allowed: string;
}

const isNumeric = (t: TypeRef): boolean => t.kind === 'primitive' && NUMERIC.has(t.name);
const isText = (t: TypeRef): boolean => t.kind === 'primitive' && TEXT.has(t.name);
/** Element constraints look through one array level. */
const element = (t: TypeRef): TypeRef => (t.kind === 'array' ? t.element : t);

const numeric: Applicability = {
  applies: (t) => isNumeric(element(t)),
  allowed: 'integer and number fields (or arrays of them)',
};
const text: Applicability = {
  applies: (t) => isText(element(t)),
  allowed: 'string, email and url fields (or arrays of them)',
};
const items: Applicability = { applies: (t) => t.kind === 'array', allowed: 'array fields' };

const APPLICABILITY: Readonly<Record<ConstraintName, Applicability>> = {
  min: numeric,
  max: numeric,
  minLength: text,
  maxLength: text,
  pattern: text,
  minItems: items,
  maxItems: items,
};

const CONSTRAINT_NAMES = Object.keys(APPLICABILITY) as ConstraintName[];

const NO_CONSTRAINTS: Constraints = Object.freeze({});

const RANGES: readonly (readonly [ConstraintName, ConstraintName])[] = [
  ['min', 'max'],
  ['minLength', 'maxLength'],
  ['minItems', 'maxItems'],
];

/** Compiles a pattern the way generated code does; returns the error message when it does not compile. */
export function patternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Copies a field's constraints, reporting any that do not fit `type` (skipped when the type did not resolve). */
export function checkConstraints(
  spec: FieldObjectSpec,
  type: TypeRef,
  typeResolved: boolean,
  loc: Loc,
  reporter: Reporter,
): Constraints {
  // Most fields have no constraints; checking the keys directly keeps this path cheap.
  if (
    spec.min === undefined &&
    spec.max === undefined &&
    spec.minLength === undefined &&
    spec.maxLength === undefined &&
    spec.pattern === undefined &&
    spec.minItems === undefined &&
    spec.maxItems === undefined
  ) {
    return NO_CONSTRAINTS;
  }
  const constraints: { -readonly [K in ConstraintName]?: Constraints[K] } = {};
  for (const name of CONSTRAINT_NAMES) {
    const value = spec[name];
    if (value === undefined) continue;
    const rule = APPLICABILITY[name];
    if (typeResolved && !rule.applies(type)) {
      reporter.report('ORX4006', keySpan(child(loc, name)), {
        constraint: name,
        type: formatTypeRef(type),
        allowed: rule.allowed,
      });
    }
    if (name === 'pattern' && typeof value === 'string') {
      const error = patternError(value);
      if (error !== undefined)
        reporter.report('ORX4008', valueSpan(child(loc, name)), { pattern: value, reason: error });
      constraints.pattern = value;
    } else if (typeof value === 'number' && name !== 'pattern') {
      constraints[name] = value;
    }
  }
  for (const [lower, upper] of RANGES) {
    const low = constraints[lower];
    const high = constraints[upper];
    if (typeof low === 'number' && typeof high === 'number' && low > high) {
      reporter.report('ORX4007', valueSpan(child(loc, lower)), { lower, upper, low, high });
    }
  }
  return constraints;
}
