import type { Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { PRIMITIVE_TYPES, type PrimitiveName, type TypeRef } from '../model/type-ref.js';
import type { Reporter } from './reporter.js';
import type { DomainSymbols } from './symbols.js';

/** A type expression as written: `uuid?`, `string[]`, `Address[]?`. */
export interface TypeExpression {
  readonly name: string;
  readonly array: boolean;
  readonly optional: boolean;
}

const TYPE_EXPRESSION = /^([A-Za-z_$][A-Za-z0-9_$]*)(\[\])?(\?)?$/;

/** Splits a type expression; undefined when it is malformed (the schema reports that). */
export function parseTypeExpression(text: string): TypeExpression | undefined {
  const m = TYPE_EXPRESSION.exec(text.trim());
  if (m === null || m[1] === undefined) return undefined;
  return { name: m[1], array: m[2] !== undefined, optional: m[3] !== undefined };
}

/** The result of resolving a field's type. `resolved: false` means an error was reported. */
export interface ResolvedType {
  readonly type: TypeRef;
  readonly optional: boolean;
  readonly resolved: boolean;
}

const PRIMITIVES: ReadonlyMap<string, PrimitiveName> = new Map(PRIMITIVE_TYPES.map((p) => [p, p]));

/** Stands in for a type that did not resolve; never reaches a model (the domain has an error). */
const UNRESOLVED: TypeRef = { kind: 'primitive', name: 'string' };

/** Resolves type names to primitives and the domain's enums and value types. */
export class TypeResolver {
  readonly #named: ReadonlyMap<string, 'enum' | 'value'>;
  readonly #symbols: DomainSymbols;

  constructor(named: ReadonlyMap<string, 'enum' | 'value'>, symbols: DomainSymbols) {
    this.#named = named;
    this.#symbols = symbols;
  }

  /** The kind of a named type, if `name` is one. */
  kindOf(name: string): 'enum' | 'value' | undefined {
    return this.#named.get(name);
  }

  /** Resolves `text` (a type expression); reports unknown names at `span`. */
  resolve(text: string, span: Span, reporter: Reporter): ResolvedType {
    const parsed = parseTypeExpression(text);
    if (parsed === undefined) return { type: UNRESOLVED, optional: false, resolved: false };
    const base = this.#resolveName(parsed.name, span, reporter);
    if (base === undefined) return { type: UNRESOLVED, optional: parsed.optional, resolved: false };
    const type: TypeRef = parsed.array ? { kind: 'array', element: base } : base;
    return { type, optional: parsed.optional, resolved: true };
  }

  #resolveName(name: string, span: Span, reporter: Reporter): TypeRef | undefined {
    const primitive = PRIMITIVES.get(name);
    if (primitive !== undefined) return { kind: 'primitive', name: primitive };
    const kind = this.#named.get(name);
    if (kind !== undefined) return { kind, name };
    const other = this.#symbols.get(name);
    if (other !== undefined) {
      reporter.report('ORX4002', span, { name, kind: other.kind });
      return undefined;
    }
    reporter.report('ORX4001', span, { name, suggestion: didYouMean(name, this.#candidates()) });
    return undefined;
  }

  *#candidates(): Iterable<string> {
    yield* PRIMITIVE_TYPES;
    yield* this.#named.keys();
  }
}
