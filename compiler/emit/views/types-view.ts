import type { DomainModel, ValueTypeModel } from '../../model/model.js';
import type { TypeRef } from '../../model/type-ref.js';
import { Code, doc, ident, join, key, str } from '../code.js';
import { domainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';
import { erasureOf } from '../erasure.js';
import { zodField, type SchemaSide } from '../zod-schema.js';
import type { FieldView } from './aggregate-view.js';
import { inputDiffers, inputValueTypesOf, objectSchemaOf, typeField, type TypeFieldView, type TypeSide } from '../ts-type.js';

/** The view of `types.hbs`: the domain's enums and value objects. */
export interface TypesView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  /** What the file imports from orchestrix/runtime: `strictObjectOf, type FieldSchema, z`. */
  readonly runtimeImports: Code;
  readonly enums: readonly {
    readonly name: Code;
    readonly schema: Code;
    readonly doc: Code;
    readonly members: Code;
    /** The members as a union of literals: `'EUR' | 'USD'`. */
    readonly union: Code;
  }[];
  /**
   * Value objects in dependency order (a value object's schema is declared after those it uses).
   * `stored` is the read-side variant (erasable pii optional), or false when reads match writes.
   */
  readonly values: readonly {
    readonly name: Code;
    readonly schema: Code;
    readonly doc: Code;
    readonly fields: readonly FieldView[];
    /** The written-out interface's properties; `inputFields` those of `<Name>Input` when fields with defaults make the input differ, else false. */
    readonly typeFields: readonly TypeFieldView[];
    readonly input: Code;
    readonly inputFields: false | readonly TypeFieldView[];
    /** The call that builds the schema, tied to the type: `strictObjectOf<Address>`. */
    readonly of: Code;
    readonly stored:
      | false
      | { readonly name: Code; readonly schema: Code; readonly fields: readonly FieldView[]; readonly typeFields: readonly TypeFieldView[]; readonly of: Code };
  }[];
}

export function typesView(domain: DomainModel, banner: Code): TypesView {
  const names = domainNames(domain);
  const enums = domain.types.flatMap((t) =>
    t.kind === 'enum'
      ? [
          {
            name: ident(t.name),
            schema: ident(names.type(t.name).schema),
            doc: doc(t.description),
            members: join(t.members.map(str), ', '),
            union: t.members.length === 0 ? Code.trusted('never') : join(t.members.map(str), ' | '),
          },
        ]
      : [],
  );
  const erasure = erasureOf(domain);
  const side = (which: SchemaSide['side']): SchemaSide => ({ side: which, names, use: () => undefined });
  const inputValueTypes = inputValueTypesOf(domain);
  const typeSide = (which: TypeSide['side']): TypeSide => ({ side: which, names, storedValueTypes: erasure.valueTypes, inputValueTypes, useType: () => undefined });
  // Descriptions go on the written-out types, where editors show them.
  const fieldsOn = (t: ValueTypeModel, which: SchemaSide['side']) =>
    t.fields.map((f) => ({ name: key(f.name), doc: Code.trusted(''), zod: zodField(f, side(which)) }));
  const values = dependencyOrder(domain.types.filter((t): t is ValueTypeModel => t.kind === 'value')).map((t) => ({
    name: ident(t.name),
    schema: ident(names.type(t.name).schema),
    doc: doc(t.description),
    fields: fieldsOn(t, 'write'),
    typeFields: t.fields.map((f) => typeField(f, typeSide('write'), 'output')),
    input: inputValueTypes.has(t.name) ? ident(names.type(t.name).input) : ident(t.name),
    inputFields: inputDiffers(t.fields, inputValueTypes) ? t.fields.map((f) => typeField(f, typeSide('write'), 'input', false)) : (false as const),
    of: objectSchemaOf('strictObject', ident(t.name), inputValueTypes.has(t.name) ? ident(names.type(t.name).input) : ident(t.name)),
    stored: erasure.valueTypes.has(t.name)
      ? {
          name: ident(names.type(t.name).stored),
          schema: ident(names.type(t.name).storedSchema),
          fields: fieldsOn(t, 'read'),
          typeFields: t.fields.map((f) => typeField(f, typeSide('read'), 'output', false)),
          of: objectSchemaOf('strictObject', ident(names.type(t.name).stored)),
        }
      : (false as const),
  }));
  const runtime = ['z'];
  if (enums.length > 0) runtime.push('type FieldSchema');
  if (values.length > 0) runtime.push('strictObjectOf');
  const runtimeImports = Code.trusted(runtime.sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', ''))).join(', '));
  return { banner, runtimeImports, enums, values };
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
