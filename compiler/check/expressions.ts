import type { Span } from '../diagnostics/diagnostic.js';
import type { ScopeRoot, TextRange, TypedExpr } from '../expr/ast.js';
import {
  compileExpression,
  compileYamlValue,
  type ExpectedType,
  type ExprField,
  type ExprScope,
} from '../expr/index.js';
import type { ExpressionModel, NamedTypeModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ExpressionSpec } from '../syntax/schema.js';
import type { ResolvedField } from './fields.js';
import { pathOf, valueSpan, type Loc } from './location.js';
import type { Reporter } from './reporter.js';

/**
 * Fields as expressions read stored data (state, events): a pii field without an `erased:` value
 * may have been removed by `forget`, so it reads as optional.
 */
export const storedFields = (fields: readonly ResolvedField[]): readonly ExprField[] =>
  fields.filter((f) => f.typeResolved).map((f) => ({ name: f.name, type: f.type, optional: f.readOptional }));

/** Command fields are input: optional when declared so and no default fills them in. */
export const inputFields = (fields: readonly ResolvedField[]): readonly ExprField[] =>
  fields
    .filter((f) => f.typeResolved)
    .map((f) => ({ name: f.name, type: f.type, optional: f.optional && f.default === undefined }));

/** The span of a range of the expression text written at `loc`. */
export const spanIn = (loc: Loc, range: TextRange): Span => loc.doc.spanInString(pathOf(loc), range.start, range.end);

/** Implicit references have no source text. */
const NO_RANGE: TextRange = Object.freeze({ start: 0, end: 0 });

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

/** Compiles the spec's expressions through compiler/expr and keeps its diagnostics. */
export class Expressions {
  readonly #reporter: Reporter;
  readonly #types: ReadonlyMap<string, NamedTypeModel>;
  /**
   * Names of fields whose type did not resolve. They are left out of scopes, and an expression that
   * mentions one is not reported on: the type error already was.
   */
  readonly #unresolved = new Set<string>();

  constructor(reporter: Reporter, types: ReadonlyMap<string, NamedTypeModel>) {
    this.#reporter = reporter;
    this.#types = types;
  }

  /** Records fields whose type did not resolve (call before compiling expressions that see them). */
  noteUnresolved(fields: readonly ResolvedField[]): void {
    for (const f of fields) if (!f.typeResolved) this.#unresolved.add(f.name);
  }

  /** The domain's named types, for the `types` of every scope (build a scope once per record). */
  get types(): ReadonlyMap<string, NamedTypeModel> {
    return this.#types;
  }

  /**
   * Compiles the expression written at `loc`: a YAML string is expression text; a number, boolean
   * or null a literal; a mapping a value object and a sequence an array, whose strings are
   * expression text again.
   */
  compile(loc: Loc, value: ExpressionSpec, full: ExprScope, expected: ExpectedType | undefined): ExpressionModel | undefined {
    const whole = valueSpan(loc);
    const at = pathOf(loc);
    const result =
      typeof value === 'string'
        ? compileExpression({
            text: value,
            scope: full,
            expected,
            span: (range: TextRange): Span => loc.doc.spanInString(at, range.start, range.end),
          })
        : compileYamlValue({
            value,
            scope: full,
            expected,
            span: {
              node: (path, part) => (path.length === 0 && part === 'value' ? whole : loc.doc.span([...at, ...path], part)),
              text: (path, start, end) => loc.doc.spanInString([...at, ...path], start, end),
            },
          });
    if (!this.#mentionsUnresolved(value)) this.#reporter.add(...result.diagnostics);
    return result.expr === undefined ? undefined : { tree: result.expr, span: whole };
  }

  /** Whether any expression text in `value` (a string, or strings inside a YAML structure) names an unresolved field. */
  #mentionsUnresolved(value: unknown): boolean {
    if (this.#unresolved.size === 0) return false;
    if (typeof value === 'string') {
      for (const [word] of value.matchAll(IDENTIFIER)) if (this.#unresolved.has(word)) return true;
      return false;
    }
    if (typeof value !== 'object' || value === null) return false;
    return Object.entries(value).some(([key, v]) => this.#unresolved.has(key) || this.#mentionsUnresolved(v));
  }
}

/**
 * The expression a copy rule produces (`command.amount`, `event.ownerId`, `id`): a reference built
 * directly, with no source text, pointing at the spec entry that caused it.
 */
export function implicitReference(
  root: ScopeRoot,
  path: readonly string[],
  type: TypeRef,
  optional: boolean,
  span: Span,
): ExpressionModel {
  const tree: TypedExpr = {
    kind: 'ref',
    root,
    path,
    type: optional ? { kind: 'optional', inner: type } : type,
    range: NO_RANGE,
  };
  return { tree, span };
}
