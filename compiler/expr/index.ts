import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import type { TextRange, TypedExpr } from './ast.js';
import { checkExpression } from './checker.js';
import { tokenize } from './lexer.js';
import { parse } from './parser.js';
import { Reporter } from './report.js';
import type { ExpectedType, ExprScope } from './scope.js';
import type { SyntaxNode } from './syntax.js';
import { yamlSyntax, type YamlLocator } from './yaml-source.js';

export type { ExprField, ExprScope, ExpectedType } from './scope.js';
export type { EmitNames } from './emit-ts.js';
export { emitTypeScript } from './emit-ts.js';
export { formatExprType } from './types.js';
export { tokenize } from './lexer.js';
export type { Token } from './lexer.js';
export { parse, MAX_DEPTH } from './parser.js';
export type { SyntaxNode } from './syntax.js';
export { Reporter } from './report.js';
export type { YamlLocator } from './yaml-source.js';
export { Facts, factsAfter } from './narrowing.js';
export { emitViolation, memberAccess, propertyKey } from './emit-ts.js';
export { describeRequirement } from './describe.js';

export interface CompileExpressionInput {
  /** The expression source (a YAML scalar's value). */
  readonly text: string;
  readonly scope: ExprScope;
  /** What the context expects; undefined accepts any type (the caller then checks the result's type). */
  readonly expected: ExpectedType | undefined;
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
  const tree = syntaxOf(input.text, reporter);
  const expr = tree === undefined ? undefined : checkExpression(tree, input.scope, input.expected, reporter);
  return finish(expr, reporter);
}

/**
 * Syntax trees of expression texts that lexed and parsed without any diagnostic, by text. Specs
 * repeat the same expressions (`state.status == open` in many commands), and a tree depends on the
 * text alone: its ranges are offsets into the text, and nothing changes a tree once it is built
 * (the checker builds typed trees beside it). A text with a diagnostic is parsed every time, so
 * each occurrence reports at its own place. Bounded, for long-lived processes (watch mode).
 */
const parsedTexts = new Map<string, SyntaxNode>();
const MAX_PARSED_TEXTS = 20_000;

function syntaxOf(text: string, reporter: Reporter): SyntaxNode | undefined {
  const known = parsedTexts.get(text);
  if (known !== undefined) return known;
  const tree = parse(tokenize(text, reporter), reporter);
  if (tree !== undefined && reporter.diagnostics.length === 0) {
    if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.clear();
    parsedTexts.set(text, tree);
  }
  return tree;
}

export interface CompileYamlValueInput {
  /**
   * A YAML value written where an expression goes that is not a string (strings are expression
   * text): a number, a boolean, null, a mapping (a value object) or a sequence (an array), whose
   * nested strings are expression text again.
   */
  readonly value: unknown;
  readonly scope: ExprScope;
  /** What the context expects; undefined accepts any type (the caller then checks the result's type). */
  readonly expected: ExpectedType | undefined;
  /** Where the parts of the value are; one span for all of them is enough for scalars. */
  readonly span: Span | YamlLocator;
}

/**
 * Types a YAML value written unquoted where an expression goes (`balance: 0`, `closedAt: null`,
 * `tags: []`, `total: { amount: nights * rate, currency: EUR }`) as the literal expression it
 * stands for, and checks it against what the context expects. Never throws on any YAML value.
 */
export function compileYamlValue(input: CompileYamlValueInput): CompileExpressionResult {
  const locator: YamlLocator = 'node' in input.span ? input.span : atOneSpan(input.span);
  const { tree, reporter } = yamlSyntax(input.value, locator);
  const expr = tree === undefined ? undefined : checkExpression(tree, input.scope, input.expected, reporter);
  return finish(expr, reporter);
}

const atOneSpan = (span: Span): YamlLocator => ({ node: () => span, text: () => span });

function finish(expr: TypedExpr | undefined, reporter: Reporter): CompileExpressionResult {
  const diagnostics = reporter.diagnostics.slice().sort(compareDiagnostics);
  return { expr: reporter.errorCount > 0 ? undefined : expr, diagnostics };
}
