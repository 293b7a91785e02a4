import type { DomainModel, FieldModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';

/**
 * What readers of stored data may meet that writers never produce: forgetting a data subject
 * removes pii values that have no `erased:` replacement (FieldModel.readOptional). Records holding
 * such a field, directly or inside a value object, get a read-side ("stored") schema and type in
 * which those fields are optional, so the types say where an erased value can appear.
 */
export interface Erasure {
  /** Value objects with a read-side variant (`StoredAddress`). */
  readonly valueTypes: ReadonlySet<string>;
  /** Whether a record read back from storage can differ from what was written. */
  differsOnRead(fields: readonly FieldModel[]): boolean;
}

export function erasureOf(domain: DomainModel): Erasure {
  const valueFields = new Map(domain.types.flatMap((t) => (t.kind === 'value' ? [[t.name, t.fields] as const] : [])));
  const erasable = new Set<string>();
  // A value type is erasable when one of its fields is, or references an erasable value type:
  // iterate to a fixed point (value types form no cycles, so this ends).
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, fields] of valueFields) {
      if (!erasable.has(name) && fields.some((f) => fieldDiffers(f, erasable))) {
        erasable.add(name);
        changed = true;
      }
    }
  }
  return {
    valueTypes: erasable,
    differsOnRead: (fields) => fields.some((f) => fieldDiffers(f, erasable)),
  };
}

function fieldDiffers(field: FieldModel, erasable: ReadonlySet<string>): boolean {
  return (field.readOptional && !field.optional) || usesValueType(field.type, erasable);
}

const usesValueType = (type: TypeRef, names: ReadonlySet<string>): boolean =>
  type.kind === 'array' ? usesValueType(type.element, names) : type.kind === 'value' && names.has(type.name);
