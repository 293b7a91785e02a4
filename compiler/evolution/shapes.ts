import type { DomainModel, EnumTypeModel, FieldModel, NamedTypeModel, ValueTypeModel } from '../model/model.js';
import type { PrimitiveName, TypeRef } from '../model/type-ref.js';

/**
 * A field type with its named types resolved. Stored data and command input carry values, never
 * type names: renaming a value type or an enum changes nothing a reader meets, so types are
 * compared by structure (enum members, value-object fields) and not by name.
 */
export type Shape =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'enum'; readonly type: EnumTypeModel }
  | { readonly kind: 'value'; readonly type: ValueTypeModel }
  | { readonly kind: 'array'; readonly element: Shape };

/** The named types of one version of a domain, for resolving `TypeRef`s. */
export class TypeTable {
  readonly #types: ReadonlyMap<string, NamedTypeModel>;

  constructor(domain: DomainModel) {
    this.#types = new Map(domain.types.map((t) => [t.name, t]));
  }

  shape(type: TypeRef): Shape {
    switch (type.kind) {
      case 'primitive':
        return type;
      case 'array':
        return { kind: 'array', element: this.shape(type.element) };
      case 'enum':
      case 'value': {
        const named = this.#types.get(type.name);
        // The model guarantees every reference resolves; a miss is a compiler bug.
        if (named === undefined || named.kind !== type.kind) throw new Error(`unresolved ${type.kind} type '${type.name}'`);
        return named.kind === 'enum' ? { kind: 'enum', type: named } : { kind: 'value', type: named };
      }
    }
  }

  /** True when values of `type` can hold a member of the enum `name` (directly, in arrays or value objects). */
  uses(type: TypeRef, name: string, seen: Set<string> = new Set()): boolean {
    switch (type.kind) {
      case 'primitive':
        return false;
      case 'array':
        return this.uses(type.element, name, seen);
      case 'enum':
        return type.name === name;
      case 'value': {
        if (seen.has(type.name)) return false;
        seen.add(type.name);
        const named = this.#types.get(type.name);
        return named?.kind === 'value' && named.fields.some((f) => this.uses(f.type, name, seen));
      }
    }
  }
}

/** How the values a shape accepts changed: `widened` accepts every old value, `narrowed` a subset of them. */
export type Direction = 'same' | 'widened' | 'narrowed' | 'changed';

/** Formats (uuid, email, ...) are strings with a rule: a plain string holds all of them. */
const STRING_FORMATS: ReadonlySet<PrimitiveName> = new Set(['uuid', 'email', 'url', 'date', 'datetime']);

/** How a primitive type relates to another: integer -> number and a format -> string widen. */
export function primitiveDirection(before: PrimitiveName, after: PrimitiveName): Direction {
  if (before === after) return 'same';
  if (before === 'integer' && after === 'number') return 'widened';
  if (before === 'number' && after === 'integer') return 'narrowed';
  if (STRING_FORMATS.has(before) && after === 'string') return 'widened';
  if (before === 'string' && STRING_FORMATS.has(after)) return 'narrowed';
  return 'changed';
}

/** How enum members relate: a superset widens, a subset narrows. */
export function membersDirection(before: readonly string[], after: readonly string[]): Direction {
  const removed = before.filter((m) => !after.includes(m));
  const added = after.filter((m) => !before.includes(m));
  if (removed.length === 0 && added.length === 0) return 'same';
  if (removed.length === 0) return 'widened';
  if (added.length === 0) return 'narrowed';
  return 'changed';
}

/** `integer`, `Address`, `Currency[]`: how a shape is written in a spec. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case 'primitive':
      return shape.name;
    case 'enum':
    case 'value':
      return shape.type.name;
    case 'array':
      return `${describeShape(shape.element)}[]`;
  }
}

/** A field as a caller of a command sees it: required unless optional or defaulted. */
export const isRequiredInput = (field: FieldModel): boolean => !field.optional && field.default === undefined;
