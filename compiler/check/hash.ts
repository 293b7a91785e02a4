import { createHash } from 'node:crypto';
import type { FieldModel, NamedTypeModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';

/**
 * The state schema hash: sha256 (hex) of a canonical JSON description of what a snapshot stores.
 * It covers each state field's name, position, type, optionality and whether it is pii (pii is
 * stored encrypted), and expands the enums (members) and value types (fields, recursively) the
 * state uses, so changing a used type changes the hash. Defaults, constraints, descriptions and
 * erased values do not change stored data and are left out.
 */

const FORMAT = 'orchestrix.state-schema/1';

type Canonical = string | number | boolean | null | readonly Canonical[] | { readonly [key: string]: Canonical };

function describeField(field: FieldModel, types: ReadonlyMap<string, NamedTypeModel>, seen: ReadonlySet<string>): Canonical {
  return { name: field.name, type: describeType(field.type, types, seen), optional: field.optional, pii: field.pii !== undefined };
}

function describeType(type: TypeRef, types: ReadonlyMap<string, NamedTypeModel>, seen: ReadonlySet<string>): Canonical {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'array':
      return { array: describeType(type.element, types, seen) };
    case 'enum':
    case 'value': {
      const named = types.get(type.name);
      if (named === undefined || seen.has(type.name)) return { [type.kind]: type.name };
      if (named.kind === 'enum') return { enum: type.name, members: named.members };
      const inner = new Set(seen).add(type.name);
      return { value: type.name, fields: named.fields.map((f) => describeField(f, types, inner)) };
    }
  }
}

/** Objects are built with a fixed key order, so JSON.stringify is canonical here. */
export function stateSchemaHash(state: readonly FieldModel[], types: ReadonlyMap<string, NamedTypeModel>): string {
  const canonical: Canonical = { format: FORMAT, state: state.map((f) => describeField(f, types, new Set())) };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
