import type { DomainModel, FieldModel } from '../model/model.js';
import type { PrimitiveName, TypeRef } from '../model/type-ref.js';
import { Code, UnsafeOutputError, doc, ident, key } from './code.js';
import type { DomainNames } from './domain-names.js';

/**
 * The TypeScript types of the generated records, written out (interfaces and unions) instead of
 * inferred from their zod schemas with `z.infer`/`z.input`: a named interface costs the type checker
 * one type, an inferred one a chain of zod's mapped and conditional types at every use. Each schema
 * is tied to its type in the generated code (`satisfies z.ZodType<T, TInput>`), so a schema and its
 * type cannot drift apart.
 *
 * The types say exactly what the schemas parse to (`output`) and accept (`input`): a field with a
 * default is required in the output and optional in the input; an optional field is `?: T | undefined`,
 * as zod has it.
 */
export type TypeMode = 'output' | 'input';

/** How the types of one file are written: the side (read: erasable pii optional) and the value objects with an input type of their own. */
export interface TypeSide {
  readonly side: 'write' | 'read';
  /** The domain's generated names (`StoredAddress`, `AddressInput`). */
  readonly names: DomainNames;
  /** Value objects with a read-side variant (`StoredAddress`). */
  readonly storedValueTypes: ReadonlySet<string>;
  /** Value objects whose input differs from their output (a field with a default, directly or nested): `AddressInput`. */
  readonly inputValueTypes: ReadonlySet<string>;
  /** Records every named type (enum, value object) the written types refer to, for imports. */
  readonly useType: (name: string) => void;
}

/** One property of a written-out interface: `{{doc}}{{name}}{{#if optional}}?{{/if}}: {{type}};`. */
export interface TypeFieldView {
  readonly [key: string]: Code | boolean;
  readonly name: Code;
  readonly doc: Code;
  readonly optional: boolean;
  readonly type: Code;
}

const PRIMITIVE_TYPES: Readonly<Record<PrimitiveName, string>> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  uuid: 'string',
  email: 'string',
  url: 'string',
  date: 'string',
  datetime: 'string',
};

/** The TypeScript type a field's type parses to (or, in `input` mode, accepts), e.g. `number`, `StoredAddress[]`. */
export function tsType(type: TypeRef, side: TypeSide, mode: TypeMode): Code {
  switch (type.kind) {
    case 'primitive': {
      const ts = PRIMITIVE_TYPES[type.name];
      if (ts === undefined) throw new UnsafeOutputError(`no type for primitive ${type.name}`);
      return Code.trusted(ts);
    }
    case 'enum':
      side.useType(type.name);
      return ident(type.name);
    case 'value': {
      const stored = side.side === 'read' && side.storedValueTypes.has(type.name);
      // Read-side records are never inputs: only written value objects have an input type.
      const used = stored ? side.names.type(type.name).stored : mode === 'input' && side.inputValueTypes.has(type.name) ? side.names.type(type.name).input : type.name;
      side.useType(used);
      return ident(used);
    }
    case 'array':
      return Code.trusted(`${tsType(type.element, side, mode).text}[]`);
  }
}

/**
 * A field as a property: optional when declared so (on the read side: when erasure can remove it),
 * and in `input` mode also when it has a default; an optional property is `T | undefined`, as zod's.
 */
export function typeField(field: FieldModel, side: TypeSide, mode: TypeMode, withDoc = true): TypeFieldView {
  const type = tsType(field.type, side, mode);
  const optional = field.default !== undefined ? mode === 'input' : side.side === 'read' ? field.readOptional : field.optional;
  return {
    name: key(field.name),
    doc: withDoc ? doc(field.description) : Code.trusted(''),
    optional,
    type: optional ? Code.trusted(`${type.text} | undefined`) : type,
  };
}

/** Whether a record's input type differs from its output type (a field with a default, here or in a value object it holds). */
export const inputDiffers = (fields: readonly FieldModel[], inputValueTypes: ReadonlySet<string>): boolean =>
  fields.some((f) => f.default !== undefined || usesValueType(f.type, inputValueTypes));

/** The value objects whose input type differs from their output type. */
export function inputValueTypesOf(domain: DomainModel): ReadonlySet<string> {
  const valueFields = new Map(domain.types.flatMap((t) => (t.kind === 'value' ? [[t.name, t.fields] as const] : [])));
  const differ = new Set<string>();
  // To a fixed point: value types form no cycles, so this ends.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, fields] of valueFields) {
      if (!differ.has(name) && inputDiffers(fields, differ)) {
        differ.add(name);
        changed = true;
      }
    }
  }
  return differ;
}

const usesValueType = (type: TypeRef, set: ReadonlySet<string>): boolean =>
  type.kind === 'array' ? usesValueType(type.element, set) : type.kind === 'value' && set.has(type.name);

/**
 * The call that builds an object schema tied to its written-out type: `strictObjectOf<Address, AddressInput>`
 * (orchestrix/runtime checks each field's schema against the type's property and types the result
 * `z.ZodType<Address, AddressInput>`). `input`: the written-out input type; undefined for a record only
 * ever read back, whose schema is then `z.ZodType<T>` (its input is not checked), the very type the
 * runtime's definitions ask for. A command's schema (`commandSchemaOf<Deposit, DepositInput>`) checks
 * its fields' inputs too but is typed `z.ZodType<Deposit>`, the type its definition takes.
 */
export function objectSchemaOf(kind: 'object' | 'strictObject' | 'command', output: Code, input?: Code): Code {
  const args = input === undefined ? output.text : `${output.text}, ${input.text}`;
  const call = kind === 'object' ? 'objectOf' : kind === 'strictObject' ? 'strictObjectOf' : 'commandSchemaOf';
  return Code.trusted(`${call}<${args}>`);
}
