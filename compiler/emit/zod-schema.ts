import type { Constraints, FieldModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import { Code, UnsafeOutputError, json, str, ts } from './code.js';
import { names } from './naming.js';

/** How a record's fields are validated: commands reject unknown keys; stored data tolerates them. */
export type ObjectKind = 'strict' | 'tolerant';

/**
 * The zod expression for a type with its constraints, e.g. `z.int().min(1)`,
 * `z.array(AddressSchema).max(3)`.
 */
export function zodType(type: TypeRef, constraints: Constraints = {}): Code {
  const base = zodBase(type);
  const parts: string[] = [base.text];
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

function zodBase(type: TypeRef): Code {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          return Code.trusted('z.string()');
        case 'integer':
          return Code.trusted('z.int()');
        case 'number':
          return Code.trusted('z.number()');
        case 'boolean':
          return Code.trusted('z.boolean()');
        case 'uuid':
          return Code.trusted('z.uuid()');
        case 'email':
          return Code.trusted('z.email()');
        case 'url':
          return Code.trusted('z.url()');
        case 'date':
          return Code.trusted('z.iso.date()');
        case 'datetime':
          return Code.trusted('z.iso.datetime({ offset: true })');
      }
    // falls through (unreachable: the switch above is exhaustive)
    case 'enum':
    case 'value':
      return Code.trusted(names.schema(type.name));
    case 'array':
      return ts`z.array(${zodBase(type.element)})`;
  }
}

/**
 * The zod expression for a field: its type, then `.default(...)` or `.optional()`.
 * `optional` chooses which optionality applies (declared, or as read back from storage).
 */
export function zodField(field: FieldModel, optional: boolean): Code {
  const type = zodType(field.type, field.constraints);
  if (field.default !== undefined) return ts`${type}.default(${json(field.default.value)})`;
  return optional ? ts`${type}.optional()` : type;
}

const number = (n: number): Code => {
  if (!Number.isFinite(n)) throw new UnsafeOutputError(`not a finite number: ${n}`);
  return Code.trusted(String(n));
};

/** `z.object({...})` or `z.strictObject({...})` over already-rendered field entries. */
export const zodObject = (kind: ObjectKind, entries: Code): Code =>
  kind === 'strict' ? ts`z.strictObject({${entries}})` : ts`z.object({${entries}})`;
