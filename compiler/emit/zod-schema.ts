import type { Constraints, FieldModel } from '../model/model.js';
import type { LiteralValue, PrimitiveName, TypeRef } from '../model/type-ref.js';
import { Code, UnsafeOutputError, json, str } from './code.js';
import type { DomainNames } from './domain-names.js';

/**
 * Which shape a schema describes. `write`: what is validated going in (commands, emitted events),
 * fields optional as declared. `read`: what a reader of stored data may meet, fields optional as read
 * (erased pii removed) and value objects in their read-side variant where they have one.
 */
export interface SchemaSide {
  readonly side: 'write' | 'read';
  /** The domain's generated names (value objects with a read-side variant have their own schema there). */
  readonly names: DomainNames;
  /** Records every named-type schema the generated code refers to, for imports. */
  readonly use: (schema: string) => void;
}

/**
 * What a zod schema is built into: TypeScript text for generated code, or live zod schemas (for
 * exports that convert them to JSON Schema). One description of the DSL's types in zod serves both,
 * so exported schemas are the generated ones.
 */
export interface ZodTarget<T> {
  primitive(name: PrimitiveName): T;
  /**
   * A named schema (`AddressSchema`, `StoredAddressSchema`, `CurrencySchema`): the spec type it is
   * for, and whether it is the read-side variant of a value object.
   */
  named(schema: string, type: { readonly name: string; readonly stored: boolean }): T;
  array(element: T): T;
  /** `.min(n)` / `.max(n)`: bounds of numbers, lengths of strings, sizes of arrays. */
  bound(schema: T, method: 'min' | 'max', value: number): T;
  regex(schema: T, pattern: string): T;
  withDefault(schema: T, value: LiteralValue): T;
  optional(schema: T): T;
}

/**
 * The zod schema for a type with its constraints, e.g. `z.int().min(1)`,
 * `z.array(AddressSchema).max(3)`.
 */
export function zodTypeOn<T>(target: ZodTarget<T>, type: TypeRef, constraints: Constraints, side: SchemaSide): T {
  let schema = zodBase(target, type, side);
  const bound = (method: 'min' | 'max', value: number | undefined): void => {
    if (value !== undefined) schema = target.bound(schema, method, value);
  };
  if (type.kind === 'array') {
    bound('min', constraints.minItems);
    bound('max', constraints.maxItems);
  } else {
    bound('min', constraints.min);
    bound('max', constraints.max);
    bound('min', constraints.minLength);
    bound('max', constraints.maxLength);
    if (constraints.pattern !== undefined) schema = target.regex(schema, constraints.pattern);
  }
  return schema;
}

function zodBase<T>(target: ZodTarget<T>, type: TypeRef, side: SchemaSide): T {
  switch (type.kind) {
    case 'primitive':
      return target.primitive(type.name);
    case 'enum':
    case 'value': {
      const schema = side.names.typeSchema(type.name, side.side);
      side.use(schema);
      return target.named(schema, { name: type.name, stored: schema !== side.names.type(type.name).schema });
    }
    case 'array':
      return target.array(zodBase(target, type.element, side));
  }
}

/**
 * The zod schema for a field on the given side: its type, then `.default(...)` or `.optional()`
 * (optional as declared on the write side, as read on the read side).
 */
export function zodFieldOn<T>(target: ZodTarget<T>, field: FieldModel, side: SchemaSide): T {
  const type = zodTypeOn(target, field.type, field.constraints, side);
  if (field.default !== undefined) return target.withDefault(type, field.default.value);
  const optional = side.side === 'read' ? field.readOptional : field.optional;
  return optional ? target.optional(type) : type;
}

const PRIMITIVE_SCHEMAS: Readonly<Record<PrimitiveName, string>> = {
  string: 'z.string()',
  integer: 'z.int()',
  number: 'z.number()',
  boolean: 'z.boolean()',
  uuid: 'z.uuid()',
  email: 'z.email()',
  url: 'z.url()',
  date: 'z.iso.date()',
  datetime: 'z.iso.datetime({ offset: true })',
};

/** Generated TypeScript. */
const textTarget: ZodTarget<Code> = {
  primitive: (name) => {
    const schema = PRIMITIVE_SCHEMAS[name];
    if (schema === undefined) throw new UnsafeOutputError(`no schema for primitive ${name}`);
    return Code.trusted(schema);
  },
  named: (schema) => Code.trusted(schema),
  array: (element) => Code.trusted(`z.array(${element.text})`),
  bound: (schema, method, value) => Code.trusted(`${schema.text}.${method}(${number(value).text})`),
  regex: (schema, pattern) => Code.trusted(`${schema.text}.regex(new RegExp(${str(pattern).text}, 'u'))`),
  withDefault: (schema, value) => Code.trusted(`${schema.text}.default(${json(value).text})`),
  optional: (schema) => Code.trusted(`${schema.text}.optional()`),
};

/** The zod expression for a type with its constraints, as generated code. */
export const zodType = (type: TypeRef, constraints: Constraints, side: SchemaSide): Code => zodTypeOn(textTarget, type, constraints, side);

/** The zod expression for a field, as generated code. */
export const zodField = (field: FieldModel, side: SchemaSide): Code => zodFieldOn(textTarget, field, side);

const number = (n: number): Code => {
  if (!Number.isFinite(n)) throw new UnsafeOutputError(`not a finite number: ${n}`);
  return Code.trusted(String(n));
};
