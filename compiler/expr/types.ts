import type { PrimitiveName, PrimitiveRef, TypeRef } from '../model/type-ref.js';
import { formatTypeRef } from '../model/type-ref.js';
import type { ExprType } from './ast.js';

/**
 * The typing rules of the expression language, as pure functions over `ExprType`. The checker
 * decides where each rule applies; the rules themselves live here so they are stated once.
 */

const primitives = new Map<PrimitiveName, PrimitiveRef>();
/** Shared primitive type objects (the checker creates many; these keep it allocation-light). */
export const primitive = (name: PrimitiveName): PrimitiveRef => {
  let t = primitives.get(name);
  if (t === undefined) {
    t = { kind: 'primitive', name };
    primitives.set(name, t);
  }
  return t;
};

export const UNKNOWN: ExprType = { kind: 'unknown' };
export const NULL: ExprType = { kind: 'null' };
export const BOOLEAN = primitive('boolean');
export const INTEGER = primitive('integer');
export const NUMBER = primitive('number');
export const STRING = primitive('string');
export const DATETIME = primitive('datetime');
export const DATE = primitive('date');
export const DURATION: ExprType = { kind: 'duration' };
/**
 * The type of `[]` when nothing says which array it is: an array whose element is `unknown`
 * (ast.ts documents this use of `unknown`; `ArrayRef`'s static element type cannot express it, so
 * this is the one place that widens it). Assignable to every array; `isOpenArray` recognises it.
 */
export const EMPTY_ARRAY: ExprType = { kind: 'array', element: UNKNOWN as unknown as TypeRef };

/** Text refinements: string values with a format. They widen to `string`; `string` never narrows to them. */
export const REFINED_STRINGS: ReadonlySet<PrimitiveName> = new Set(['uuid', 'email', 'url', 'date', 'datetime']);

/** `string?`, `AccountStatus`, `integer[]`, `null`, `unknown`. */
export function formatExprType(type: ExprType): string {
  switch (type.kind) {
    case 'optional':
      return `${formatTypeRef(type.inner)}?`;
    case 'null':
    case 'unknown':
    case 'duration':
      return type.kind;
    case 'array':
      // The open array of `[]` reads as what was written.
      return isOpenArray(type) ? '[]' : `${formatExprType(type.element)}[]`;
    default:
      return formatTypeRef(type);
  }
}

export const optionalOf = (inner: TypeRef): ExprType => ({ kind: 'optional', inner });
export const arrayOf = (element: TypeRef): TypeRef => ({ kind: 'array', element });

export const isUnknown = (t: ExprType): t is { readonly kind: 'unknown' } => t.kind === 'unknown';
/** The element type is unknown: the empty array literal, or an array typed after an error. */
export const isOpenArray = (t: ExprType): boolean => t.kind === 'array' && isUnknown(t.element);

export const isPrimitive = (t: ExprType, name: PrimitiveName): boolean => t.kind === 'primitive' && t.name === name;
export const isNumeric = (t: ExprType): boolean =>
  t.kind === 'primitive' && (t.name === 'integer' || t.name === 'number');
export const isBoolean = (t: ExprType): boolean => isPrimitive(t, 'boolean');
export const isDuration = (t: ExprType): boolean => t.kind === 'duration';
/** Values that are text at run time: `string`, its refinements, and enum members. */
export const isText = (t: ExprType): boolean =>
  t.kind === 'enum' || (t.kind === 'primitive' && (t.name === 'string' || REFINED_STRINGS.has(t.name)));
/** Values `==`, `contains` and `remove` can compare by value (not arrays or value objects). */
export const isScalar = (t: ExprType): boolean => t.kind === 'primitive' || t.kind === 'enum';
/** Kinds that `<`, `<=`, `>`, `>=` order: numbers, durations, and two strings, dates or datetimes. */
const ORDERED_TEXT: ReadonlySet<PrimitiveName> = new Set(['string', 'date', 'datetime']);

export function sameType(a: ExprType, b: ExprType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'primitive':
    case 'enum':
    case 'value':
      return a.name === (b as typeof a).name;
    case 'array':
      return sameType(a.element, (b as typeof a).element);
    case 'optional':
      return sameType(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}

/**
 * Whether a (present, non-null) value of type `from` may be used where `to` is expected:
 * `integer` -> `number`, refined strings and enums -> `string`, arrays element-wise, `[]` to any array.
 * `unknown` is assignable everywhere so one reported error does not cause another.
 */
export function isAssignable(from: ExprType, to: ExprType): boolean {
  if (isUnknown(from) || isUnknown(to)) return true;
  switch (to.kind) {
    case 'duration':
      return from.kind === 'duration';
    case 'primitive':
      if (from.kind !== 'primitive') return to.name === 'string' && from.kind === 'enum';
      if (from.name === to.name) return true;
      if (to.name === 'number') return from.name === 'integer';
      return to.name === 'string' && REFINED_STRINGS.has(from.name);
    case 'enum':
    case 'value':
      return from.kind === to.kind && from.name === to.name;
    case 'array':
      return from.kind === 'array' && isAssignable(from.element, to.element);
    default:
      return false;
  }
}

/**
 * The type of a value that is either `a` or `b` (the branches of `? :`, the elements of an array
 * literal), or undefined when they have no common type. `null` with `T` gives `T?`.
 */
export function join(a: ExprType, b: ExprType): ExprType | undefined {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (a.kind === 'null' || b.kind === 'null') {
    const other = a.kind === 'null' ? b : a;
    if (other.kind === 'null' || other.kind === 'optional') return other;
    // Durations are never absent: `c ? 1h : null` has no type.
    return other.kind === 'duration' ? undefined : optionalOf(other);
  }
  if (a.kind === 'optional' || b.kind === 'optional') {
    const inner = join(a.kind === 'optional' ? a.inner : a, b.kind === 'optional' ? b.inner : b);
    const ref = inner === undefined ? undefined : asTypeRef(inner);
    return inner === undefined || ref === undefined ? inner : optionalOf(ref);
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const element = join(a.element, b.element);
    const ref = element === undefined ? undefined : asTypeRef(element);
    if (element !== undefined && element.kind === 'unknown') return a;
    return ref === undefined ? undefined : arrayOf(ref);
  }
  if (isAssignable(a, b)) return b;
  if (isAssignable(b, a)) return a;
  return undefined;
}

/** The type as a field type, or undefined for `optional`, `null`, `duration` and `unknown`. */
export function asTypeRef(t: ExprType): TypeRef | undefined {
  return t.kind === 'optional' || t.kind === 'null' || t.kind === 'unknown' || t.kind === 'duration' ? undefined : t;
}

/**
 * Whether `==` / `!=` may compare the two (already unwrapped of `optional`) types: numbers with
 * numbers, an enum with the same enum, `string` with any refined string, a type with itself, and
 * `null` with anything (the caller checks that the other side may be absent).
 */
export function isEqualityComparable(a: ExprType, b: ExprType): boolean {
  if (isUnknown(a) || isUnknown(b) || a.kind === 'null' || b.kind === 'null') return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (isDuration(a) && isDuration(b)) return true;
  if (a.kind === 'primitive' && b.kind === 'primitive') {
    if (a.name === b.name) return true;
    return (a.name === 'string' && REFINED_STRINGS.has(b.name)) || (b.name === 'string' && REFINED_STRINGS.has(a.name));
  }
  return a.kind === 'enum' && b.kind === 'enum' && a.name === b.name;
}

/** Whether `<`, `<=`, `>`, `>=` may order the two types. */
export function isOrderable(a: ExprType, b: ExprType): boolean {
  if (isUnknown(a) || isUnknown(b)) return true;
  if (isNumeric(a) && isNumeric(b)) return true;
  if (isDuration(a) && isDuration(b)) return true;
  return a.kind === 'primitive' && b.kind === 'primitive' && a.name === b.name && ORDERED_TEXT.has(a.name);
}

/** `integer` when both are integers, else `number` (for `+ - *`, `min`, `max`). */
export const numericResult = (a: ExprType, b: ExprType): ExprType =>
  isPrimitive(a, 'integer') && isPrimitive(b, 'integer') ? INTEGER : NUMBER;

/** The enum an expected type asks for, looking through `optional` and (for elements) arrays. */
export function expectedEnum(t: ExprType | undefined): string | undefined {
  if (t === undefined) return undefined;
  const inner = t.kind === 'optional' ? t.inner : t;
  return inner.kind === 'enum' ? inner.name : undefined;
}
