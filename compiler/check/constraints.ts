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

interface Rule {
  readonly name: ConstraintName;
  readonly present: (c: Constraints) => boolean;
  readonly applies: (type: TypeRef) => boolean;
  readonly allowed: string;
}

const isNumeric = (t: TypeRef): boolean => t.kind === 'primitive' && NUMERIC.has(t.name);
const isText = (t: TypeRef): boolean => t.kind === 'primitive' && TEXT.has(t.name);
/** Element constraints look through one array level. */
const element = (t: TypeRef): TypeRef => (t.kind === 'array' ? t.element : t);

const numeric = {
  applies: (t: TypeRef) => isNumeric(element(t)),
  allowed: 'integer and number fields (or arrays of them)',
};
const text = {
  applies: (t: TypeRef) => isText(element(t)),
  allowed: 'string, email and url fields (or arrays of them)',
};
const items = { applies: (t: TypeRef) => t.kind === 'array', allowed: 'array fields' };

// Plain property reads per constraint (no computed keys): this runs for every constrained field.
const RULES: readonly Rule[] = [
  { name: 'min', present: (c) => c.min !== undefined, ...numeric },
  { name: 'max', present: (c) => c.max !== undefined, ...numeric },
  { name: 'minLength', present: (c) => c.minLength !== undefined, ...text },
  { name: 'maxLength', present: (c) => c.maxLength !== undefined, ...text },
  { name: 'pattern', present: (c) => c.pattern !== undefined, ...text },
  { name: 'minItems', present: (c) => c.minItems !== undefined, ...items },
  { name: 'maxItems', present: (c) => c.maxItems !== undefined, ...items },
];

const NO_CONSTRAINTS: Constraints = Object.freeze({});

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
  if (spec.min !== undefined) constraints.min = spec.min;
  if (spec.max !== undefined) constraints.max = spec.max;
  if (spec.minLength !== undefined) constraints.minLength = spec.minLength;
  if (spec.maxLength !== undefined) constraints.maxLength = spec.maxLength;
  if (spec.pattern !== undefined) constraints.pattern = spec.pattern;
  if (spec.minItems !== undefined) constraints.minItems = spec.minItems;
  if (spec.maxItems !== undefined) constraints.maxItems = spec.maxItems;

  for (const rule of RULES) {
    if (!typeResolved || !rule.present(constraints) || rule.applies(type)) continue;
    reporter.report('ORX4006', keySpan(child(loc, rule.name)), {
      constraint: rule.name,
      type: formatTypeRef(type),
      allowed: rule.allowed,
    });
  }
  if (constraints.pattern !== undefined) {
    const error = patternError(constraints.pattern);
    if (error !== undefined) {
      reporter.report('ORX4008', valueSpan(child(loc, 'pattern')), { pattern: constraints.pattern, reason: error });
    }
  }
  checkRange('min', constraints.min, 'max', constraints.max, loc, reporter);
  checkRange('minLength', constraints.minLength, 'maxLength', constraints.maxLength, loc, reporter);
  checkRange('minItems', constraints.minItems, 'maxItems', constraints.maxItems, loc, reporter);
  return constraints;
}

/** A lower bound above its upper bound leaves no valid value. */
function checkRange(
  lower: ConstraintName,
  low: number | undefined,
  upper: ConstraintName,
  high: number | undefined,
  loc: Loc,
  reporter: Reporter,
): void {
  if (low !== undefined && high !== undefined && low > high) {
    reporter.report('ORX4007', valueSpan(child(loc, lower)), { lower, upper, low, high });
  }
}
