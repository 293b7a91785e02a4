import type { BinaryOperator, DurationUnit, TextRange, UnaryOperator } from './ast.js';

/**
 * The untyped tree the parser builds and the checker reads. Ranges are offsets into the
 * expression's text; operator and name ranges are kept so diagnostics point at the exact token.
 * `height` is the node's height (a leaf is 1): the parser caps it, so later recursive passes are
 * bounded.
 */
interface SyntaxBase {
  readonly range: TextRange;
  readonly height: number;
}

export interface NumberSyntax extends SyntaxBase {
  readonly kind: 'number';
  readonly value: number;
  /** Written without a decimal point: typed `integer`. */
  readonly integer: boolean;
}
export interface StringSyntax extends SyntaxBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface BooleanSyntax extends SyntaxBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface NullSyntax extends SyntaxBase {
  readonly kind: 'null';
}
export interface IdentifierSyntax extends SyntaxBase {
  readonly kind: 'identifier';
  readonly name: string;
}
/** `object.name`. */
export interface MemberSyntax extends SyntaxBase {
  readonly kind: 'member';
  readonly object: SyntaxNode;
  readonly name: string;
  readonly nameRange: TextRange;
}
/** `callee(args)`; the checker accepts only a built-in function name as callee. */
export interface CallSyntax extends SyntaxBase {
  readonly kind: 'call';
  readonly callee: SyntaxNode;
  readonly args: readonly SyntaxNode[];
}
export interface UnarySyntax extends SyntaxBase {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operatorRange: TextRange;
  readonly operand: SyntaxNode;
}
/** `and`/`or` are parsed to `&&`/`||`. */
export interface BinarySyntax extends SyntaxBase {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly operatorRange: TextRange;
  readonly left: SyntaxNode;
  readonly right: SyntaxNode;
}
export interface ConditionalSyntax extends SyntaxBase {
  readonly kind: 'conditional';
  readonly test: SyntaxNode;
  readonly whenTrue: SyntaxNode;
  readonly whenFalse: SyntaxNode;
}
export interface ArraySyntax extends SyntaxBase {
  readonly kind: 'array';
  readonly elements: readonly SyntaxNode[];
  /** Written as a YAML list (`status: [checkedIn]`) rather than as text. */
  readonly yaml?: true;
}
/** `{ name: value, ... }`, written as text or as a YAML mapping. */
export interface ObjectSyntax extends SyntaxBase {
  readonly kind: 'object';
  readonly fields: readonly { readonly name: string; readonly nameRange: TextRange; readonly value: SyntaxNode }[];
  /** Written as a YAML mapping (`total: { amount: 1 }`) rather than as text. */
  readonly yaml?: true;
}
/** `30m`, `2h`, `7d`, `45s`. */
export interface DurationSyntax extends SyntaxBase {
  readonly kind: 'duration';
  readonly amount: number;
  readonly unit: DurationUnit;
}
/** `element in list`, `element not in list`. */
export interface InSyntax extends SyntaxBase {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly operatorRange: TextRange;
  readonly element: SyntaxNode;
  readonly list: SyntaxNode;
}

export type SyntaxNode =
  | NumberSyntax
  | StringSyntax
  | BooleanSyntax
  | NullSyntax
  | IdentifierSyntax
  | MemberSyntax
  | CallSyntax
  | UnarySyntax
  | BinarySyntax
  | ConditionalSyntax
  | ArraySyntax
  | ObjectSyntax
  | DurationSyntax
  | InSyntax;
