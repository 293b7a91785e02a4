import type { LiteralValue, TypeRef } from '../model/type-ref.js';

/**
 * The typed expression tree: the checker's output, kept in the model, read by the TypeScript
 * emitter (compiler/expr/emit-ts.ts). Spec text never reaches generated code; only these trees do.
 */

/** A `[start, end)` range of UTF-16 offsets into the expression's own text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The type of an expression. Field types (`TypeRef`) plus: `optional` (may be undefined — an
 * optional field read), `null` (the literal), `duration` (a span of time: `30m`, the difference of
 * two datetimes; not a field type, so it is used, never stored), and `unknown` (after a reported
 * error, so one mistake does not cascade; also the element type of the empty array literal).
 */
export type ExprType =
  | TypeRef
  | { readonly kind: 'optional'; readonly inner: TypeRef }
  | { readonly kind: 'null' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'unknown' };

/**
 * Names an expression may start from. `id` is the aggregate id; `now` is the handler clock
 * (datetime); on the read side `row` is a read model's row, `time` and `position` the event's time
 * and global position, `item` the current element of an automation's `forEach`.
 */
export type ScopeRoot = 'state' | 'command' | 'event' | 'row' | 'id' | 'now' | 'time' | 'position' | 'item';

export type UnaryOperator = '!' | '-';
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '&&'
  | '||';

export const BUILTIN_FUNCTIONS = [
  'len',
  'min',
  'max',
  'contains',
  'append',
  'remove',
  'lower',
  'upper',
  'date',
  'days',
  'hours',
  'minutes',
  'seconds',
] as const;
export type BuiltinFunction = (typeof BUILTIN_FUNCTIONS)[number];

interface Node {
  readonly type: ExprType;
  readonly range: TextRange;
}

export interface LiteralExpr extends Node {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}
/** A bare enum member (`open`) resolved against the expected enum type. */
export interface EnumMemberExpr extends Node {
  readonly kind: 'enumMember';
  readonly enumName: string;
  readonly member: string;
}
/** `state.address.city` is root `state`, path `['address', 'city']`; `id` and `now` have an empty path, `item` one when it is a value object. */
export interface RefExpr extends Node {
  readonly kind: 'ref';
  readonly root: ScopeRoot;
  readonly path: readonly string[];
  /**
   * Indexes into `path` of the segments read from a value that may be absent (a field of an
   * optional value object), emitted as `?.`; the ref's type is then `optional`. Omitted when none.
   */
  readonly optionalAccess?: readonly number[];
}
export interface UnaryExpr extends Node {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: TypedExpr;
}
export interface BinaryExpr extends Node {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: TypedExpr;
  readonly right: TypedExpr;
}
export interface ConditionalExpr extends Node {
  readonly kind: 'conditional';
  readonly test: TypedExpr;
  readonly whenTrue: TypedExpr;
  readonly whenFalse: TypedExpr;
}
export interface CallExpr extends Node {
  readonly kind: 'call';
  readonly callee: BuiltinFunction;
  readonly args: readonly TypedExpr[];
}
export interface ArrayExpr extends Node {
  readonly kind: 'array';
  readonly elements: readonly TypedExpr[];
}
/**
 * A value object built in place (`{ amount: nights * rate, currency: EUR }`): every field of the
 * value type that gets a value, in the type's field order; fields left out take their default (a
 * `constant`) or stay absent (optional ones).
 */
export interface ObjectExpr extends Node {
  readonly kind: 'object';
  readonly fields: readonly { readonly name: string; readonly value: TypedExpr }[];
}
/** A constant from the spec that is not expression text: a field's default inside an object literal. */
export interface ConstantExpr extends Node {
  readonly kind: 'constant';
  readonly value: LiteralValue;
}
/** A duration literal: `30m` is `{ amount: 30, unit: 'm' }`; its value is `amount` units in milliseconds. */
export interface DurationExpr extends Node {
  readonly kind: 'duration';
  readonly amount: number;
  readonly unit: DurationUnit;
}
/** `x in [a, b]` (a list literal: emitted as comparisons) or `x in list` (any array); `not in` negates. */
export interface InExpr extends Node {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly element: TypedExpr;
  readonly list: TypedExpr;
}

export type DurationUnit = 's' | 'm' | 'h' | 'd';
/** Milliseconds per duration unit. */
export const DURATION_UNITS: Readonly<Record<DurationUnit, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export type TypedExpr =
  | LiteralExpr
  | EnumMemberExpr
  | RefExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | CallExpr
  | ArrayExpr
  | ObjectExpr
  | ConstantExpr
  | DurationExpr
  | InExpr;
