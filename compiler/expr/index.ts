import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import type { TextRange, TypedExpr } from './ast.js';
import { checkConstant, checkExpression } from './checker.js';
import { tokenize } from './lexer.js';
import { parse } from './parser.js';
import { Reporter } from './report.js';
import type { ExpectedType, ExprScope } from './scope.js';
import { BOOLEAN, EMPTY_ARRAY, INTEGER, NULL, NUMBER } from './types.js';

export type { ExprField, ExprScope, ExpectedType } from './scope.js';
export type { EmitNames } from './emit-ts.js';
export { emitTypeScript } from './emit-ts.js';
export { formatExprType } from './types.js';
export { tokenize } from './lexer.js';
export type { Token } from './lexer.js';
export { parse, MAX_DEPTH } from './parser.js';
export type { SyntaxNode } from './syntax.js';
export { Reporter } from './report.js';

export interface CompileExpressionInput {
  /** The expression source (a YAML scalar's value). */
  readonly text: string;
  readonly scope: ExprScope;
  readonly expected: ExpectedType;
  /** Maps a range inside `text` to a file span (the checker supplies SourceDocument.spanInString). */
  readonly span: (range: TextRange) => Span;
}

export interface CompileExpressionResult {
  /** The typed tree; undefined when any error was reported (warnings keep it). */
  readonly expr: TypedExpr | undefined;
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lexes, parses and type-checks one expression. Never throws on any input; every diagnostic's
 * span comes from `input.span` with the offending token's range.
 */
export function compileExpression(input: CompileExpressionInput): CompileExpressionResult {
  const reporter = new Reporter(input.span, input.text);
  const tokens = tokenize(input.text, reporter);
  const tree = parse(tokens, reporter);
  const expr = tree === undefined ? undefined : checkExpression(tree, input.scope, input.expected, reporter);
  return finish(expr, reporter);
}

export interface CompileYamlValueInput {
  /**
   * A YAML value written where an expression goes that is not a string (strings are expression
   * text): a number, a boolean, null, or an empty sequence. The syntax phase admits nothing else.
   */
  readonly value: unknown;
  readonly scope: ExprScope;
  readonly expected: ExpectedType;
  /** The span of the YAML node. */
  readonly span: Span;
}

/**
 * Types a YAML value written unquoted where an expression goes (`balance: 0`, `active: true`,
 * `closedAt: null`, `tags: []`) as the literal expression it stands for, and checks it against what
 * the context expects. Throws only for a value the syntax phase never lets through (a caller bug).
 */
export function compileYamlValue(input: CompileYamlValueInput): CompileExpressionResult {
  const { value } = input;
  const reporter = new Reporter(() => input.span, '');
  const range = { start: 0, end: 0 };
  let expr: TypedExpr | undefined;
  if (value === null || typeof value === 'boolean') {
    expr = { kind: 'literal', value, type: value === null ? NULL : BOOLEAN, range };
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
      reporter.report('ORX5005', range, { text: String(value) });
    } else {
      expr = { kind: 'literal', value, type: Number.isInteger(value) ? INTEGER : NUMBER, range };
    }
  } else if (Array.isArray(value) && value.length === 0) {
    const expected = input.expected;
    const type = expected.kind === 'field' && expected.type.kind === 'array' ? expected.type : EMPTY_ARRAY;
    expr = { kind: 'array', elements: [], type, range };
  } else {
    throw new TypeError(`internal error: compileYamlValue got ${Array.isArray(value) ? 'a sequence' : typeof value}`);
  }
  if (expr !== undefined) checkConstant(expr, input.scope, input.expected, reporter);
  return finish(expr, reporter);
}

function finish(expr: TypedExpr | undefined, reporter: Reporter): CompileExpressionResult {
  const diagnostics = reporter.diagnostics.slice().sort(compareDiagnostics);
  return { expr: reporter.errorCount > 0 ? undefined : expr, diagnostics };
}
