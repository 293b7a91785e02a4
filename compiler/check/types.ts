import { didYouMean } from '../diagnostics/suggest.js';
import { PRIMITIVE_TYPES, type TypeRef } from '../model/type-ref.js';
import { valueSpan, type Loc } from './location.js';
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

/** One shared reference per primitive: models have tens of thousands of fields. */
const PRIMITIVES: ReadonlyMap<string, TypeRef> = new Map(
  PRIMITIVE_TYPES.map((p) => [p, Object.freeze({ kind: 'primitive', name: p })]),
);

/** Stands in for a type that did not resolve; never reaches a model (the domain has an error). */
const UNRESOLVED: TypeRef = { kind: 'primitive', name: 'string' };

/** Resolves type names to primitives and the domain's enums and value types. */
export class TypeResolver {
  readonly #named: ReadonlyMap<string, 'enum' | 'value'>;
  readonly #symbols: DomainSymbols;
  /** Shared references to named types and arrays, by the text that names them (`Address`, `Address[]`). */
  readonly #refs = new Map<string, TypeRef>();

  constructor(named: ReadonlyMap<string, 'enum' | 'value'>, symbols: DomainSymbols) {
    this.#named = named;
    this.#symbols = symbols;
  }

  /** The kind of a named type, if `name` is one. */
  kindOf(name: string): 'enum' | 'value' | undefined {
    return this.#named.get(name);
  }

  /** Resolves `text` (a type expression written at `at`); reports unknown names there. */
  resolve(text: string, at: Loc, reporter: Reporter): ResolvedType {
    const parsed = parseTypeExpression(text);
    if (parsed === undefined) return { type: UNRESOLVED, optional: false, resolved: false };
    const base = this.#resolveName(parsed.name, at, reporter);
    if (base === undefined) return { type: UNRESOLVED, optional: parsed.optional, resolved: false };
    const type = parsed.array ? this.#shared(`${parsed.name}[]`, () => ({ kind: 'array', element: base })) : base;
    return { type, optional: parsed.optional, resolved: true };
  }

  #resolveName(name: string, at: Loc, reporter: Reporter): TypeRef | undefined {
    const primitive = PRIMITIVES.get(name);
    if (primitive !== undefined) return primitive;
    const kind = this.#named.get(name);
    if (kind !== undefined) return this.#shared(name, () => ({ kind, name }));
    const other = this.#symbols.get(name);
    if (other !== undefined) {
      reporter.report('ORX4002', valueSpan(at), { name, kind: other.kind });
      return undefined;
    }
    reporter.report('ORX4001', valueSpan(at), { name, suggestion: didYouMean(name, this.#candidates()) });
    return undefined;
  }

  #shared(key: string, make: () => TypeRef): TypeRef {
    let ref = this.#refs.get(key);
    if (ref === undefined) {
      ref = Object.freeze(make());
      this.#refs.set(key, ref);
    }
    return ref;
  }

  *#candidates(): Iterable<string> {
    yield* PRIMITIVE_TYPES;
    yield* this.#named.keys();
  }
}
