import type { DomainModel, ValueTypeModel } from '../../model/model.js';
import type { TypeRef } from '../../model/type-ref.js';
import { Code, doc, ident, join, key, str } from '../code.js';
import { domainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';
import { erasureOf } from '../erasure.js';
import { zodField, type SchemaSide } from '../zod-schema.js';
import type { FieldView } from './aggregate-view.js';

/** The view of `types.hbs`: the domain's enums and value objects. */
export interface TypesView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  readonly enums: readonly { readonly name: Code; readonly schema: Code; readonly doc: Code; readonly members: Code }[];
  /**
   * Value objects in dependency order (a value object's schema is declared after those it uses).
   * `stored` is the read-side variant (erasable pii optional), or false when reads match writes.
   */
  readonly values: readonly {
    readonly name: Code;
    readonly schema: Code;
    readonly doc: Code;
    readonly fields: readonly FieldView[];
    readonly stored: false | { readonly name: Code; readonly schema: Code; readonly fields: readonly FieldView[] };
  }[];
}

export function typesView(domain: DomainModel, banner: Code): TypesView {
  const names = domainNames(domain);
  const enums = domain.types.flatMap((t) =>
    t.kind === 'enum'
      ? [{ name: ident(t.name), schema: ident(names.type(t.name).schema), doc: doc(t.description), members: join(t.members.map(str), ', ') }]
      : [],
  );
  const erasure = erasureOf(domain);
  const side = (which: SchemaSide['side']): SchemaSide => ({ side: which, names, use: () => undefined });
  const fieldsOn = (t: ValueTypeModel, which: SchemaSide['side']) =>
    t.fields.map((f) => ({ name: key(f.name), doc: doc(f.description), zod: zodField(f, side(which)) }));
  const values = dependencyOrder(domain.types.filter((t): t is ValueTypeModel => t.kind === 'value')).map((t) => ({
    name: ident(t.name),
    schema: ident(names.type(t.name).schema),
    doc: doc(t.description),
    fields: fieldsOn(t, 'write'),
    stored: erasure.valueTypes.has(t.name)
      ? { name: ident(names.type(t.name).stored), schema: ident(names.type(t.name).storedSchema), fields: fieldsOn(t, 'read') }
      : (false as const),
  }));
  return { banner, enums, values };
}

/** Declaration order, except that a value type comes after the value types its fields reference. */
function dependencyOrder(types: readonly ValueTypeModel[]): readonly ValueTypeModel[] {
  const byName = new Map(types.map((t) => [t.name, t]));
  const ordered: ValueTypeModel[] = [];
  const done = new Set<string>();
  const visit = (type: ValueTypeModel): void => {
    if (done.has(type.name)) return;
    done.add(type.name); // the checker rejects cycles, so marking before recursing is safe
    for (const field of type.fields) {
      for (const name of valueTypeNames(field.type)) {
        const dependency = byName.get(name);
        if (dependency !== undefined) visit(dependency);
      }
    }
    ordered.push(type);
  };
  types.forEach(visit);
  return ordered;
}

const valueTypeNames = (type: TypeRef): readonly string[] =>
  type.kind === 'array' ? valueTypeNames(type.element) : type.kind === 'value' ? [type.name] : [];
