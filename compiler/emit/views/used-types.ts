import type { DomainModel, FieldModel } from '../../model/model.js';
import type { TypeRef } from '../../model/type-ref.js';

/** The named types (enums, value objects) that these fields reference directly, sorted. */
export function usedNamedTypes(domain: DomainModel, fields: readonly FieldModel[]): readonly string[] {
  const declared = new Set(domain.types.map((t) => t.name));
  const used = new Set<string>();
  const visit = (type: TypeRef): void => {
    if (type.kind === 'array') visit(type.element);
    else if ((type.kind === 'enum' || type.kind === 'value') && declared.has(type.name)) used.add(type.name);
  };
  for (const field of fields) visit(field.type);
  return [...used].sort();
}
