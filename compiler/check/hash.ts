import { createHash } from 'node:crypto';
import type { FieldModel, NamedTypeModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import { MAX_VALUE_DEPTH } from './value-graph.js';

/**
 * The state schema hash: sha256 (hex) of a canonical JSON description of what a snapshot stores.
 * It covers each state field's name, position, type, optionality and whether it is pii (pii is
 * stored encrypted), and expands the enums (members) and value types (fields, recursively) the
 * state uses, so changing a used type changes the hash. Defaults, constraints, descriptions and
 * erased values do not change stored data and are left out.
 */

const FORMAT = 'orchestrix.state-schema/1';

/** Objects are built with a fixed key order, so JSON.stringify is canonical here. */
export type Canonical = string | number | boolean | null | readonly Canonical[] | { readonly [key: string]: Canonical };

/** sha256 (hex) of a canonical description. */
export const sha256Of = (canonical: Canonical): string => createHash('sha256').update(JSON.stringify(canonical)).digest('hex');

/** Hashes state shapes of one domain; each named type is described once. */
export class StateHasher {
  readonly #types: ReadonlyMap<string, NamedTypeModel>;
  readonly #described = new Map<string, Canonical>();

  constructor(types: ReadonlyMap<string, NamedTypeModel>) {
    this.#types = types;
  }

  hash(state: readonly FieldModel[]): string {
    return sha256Of({ format: FORMAT, state: this.describe(state) });
  }

  /** The canonical description of a record's fields (names, positions, types expanded, optionality, pii). */
  describe(fields: readonly FieldModel[]): Canonical[] {
    return fields.map((f) => this.#field(f, new Set()));
  }

  #field(field: FieldModel, seen: ReadonlySet<string>): Canonical {
    return {
      name: field.name,
      type: this.#type(field.type, seen),
      optional: field.optional,
      pii: field.pii !== undefined,
    };
  }

  #type(type: TypeRef, seen: ReadonlySet<string>): Canonical {
    switch (type.kind) {
      case 'primitive':
        return type.name;
      case 'array':
        return { array: this.#type(type.element, seen) };
      case 'enum':
      case 'value':
        return this.#named(type.kind, type.name, seen);
    }
  }

  #named(kind: 'enum' | 'value', name: string, seen: ReadonlySet<string>): Canonical {
    const known = this.#described.get(name);
    if (known !== undefined) return known;
    const named = this.#types.get(name);
    // A type that did not resolve, a cycle or over-deep nesting (all reported): describe by name only.
    if (named === undefined || seen.has(name) || seen.size > MAX_VALUE_DEPTH) return { [kind]: name };
    const inner = new Set(seen).add(name);
    const described: Canonical =
      named.kind === 'enum'
        ? { enum: name, members: named.members }
        : { value: name, fields: named.fields.map((f) => this.#field(f, inner)) };
    this.#described.set(name, described);
    return described;
  }
}
