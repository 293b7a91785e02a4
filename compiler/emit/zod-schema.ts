import type { Constraints, FieldModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import { Code, UnsafeOutputError, json, str } from './code.js';
import { names } from './naming.js';

/**
 * Which shape a schema describes. `write`: what is validated going in (commands, emitted events),
 * fields optional as declared. `read`: what a reader of stored data may meet, fields optional as read
 * (erased pii removed) and value objects in their read-side variant where they have one.
 */
export interface SchemaSide {
  readonly side: 'write' | 'read';
  /** Value objects that have a read-side variant (see erasure.ts). */
  readonly storedValueTypes: ReadonlySet<string>;
  /** Records every named-type schema the generated code refers to, for imports. */
  readonly use: (schema: string) => void;
}

/**
 * The zod expression for a type with its constraints, e.g. `z.int().min(1)`,
 * `z.array(AddressSchema).max(3)`.
 */
export function zodType(type: TypeRef, constraints: Constraints, side: SchemaSide): Code {
  const parts: string[] = [zodBase(type, side).text];
  if (type.kind === 'array') {
    if (constraints.minItems !== undefined) parts.push(`.min(${number(constraints.minItems)})`);
    if (constraints.maxItems !== undefined) parts.push(`.max(${number(constraints.maxItems)})`);
  } else {
    if (constraints.min !== undefined) parts.push(`.min(${number(constraints.min)})`);
    if (constraints.max !== undefined) parts.push(`.max(${number(constraints.max)})`);
    if (constraints.minLength !== undefined) parts.push(`.min(${number(constraints.minLength)})`);
    if (constraints.maxLength !== undefined) parts.push(`.max(${number(constraints.maxLength)})`);
    if (constraints.pattern !== undefined) parts.push(`.regex(new RegExp(${str(constraints.pattern).text}, 'u'))`);
  }
  return Code.trusted(parts.join(''));
}

const PRIMITIVE_SCHEMAS: Readonly<Record<string, string>> = {
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

function zodBase(type: TypeRef, side: SchemaSide): Code {
  switch (type.kind) {
    case 'primitive': {
      const schema = PRIMITIVE_SCHEMAS[type.name];
      if (schema === undefined) throw new UnsafeOutputError(`no schema for primitive ${type.name}`);
      return Code.trusted(schema);
    }
    case 'enum': {
      const schema = names.schema(type.name);
      side.use(schema);
      return Code.trusted(schema);
    }
    case 'value': {
      const stored = side.side === 'read' && side.storedValueTypes.has(type.name);
      const schema = names.schema(stored ? names.stored(type.name) : type.name);
      side.use(schema);
      return Code.trusted(schema);
    }
    case 'array':
      return Code.trusted(`z.array(${zodBase(type.element, side).text})`);
  }
}

/**
 * The zod expression for a field on the given side: its type, then `.default(...)` or
 * `.optional()` (optional as declared on the write side, as read on the read side).
 */
export function zodField(field: FieldModel, side: SchemaSide): Code {
  const type = zodType(field.type, field.constraints, side);
  if (field.default !== undefined) return Code.trusted(`${type.text}.default(${json(field.default.value).text})`);
  const optional = side.side === 'read' ? field.readOptional : field.optional;
  return optional ? Code.trusted(`${type.text}.optional()`) : type;
}

const number = (n: number): Code => {
  if (!Number.isFinite(n)) throw new UnsafeOutputError(`not a finite number: ${n}`);
  return Code.trusted(String(n));
};
