import { z } from 'zod';
import { erasureOf } from '../emit/erasure.js';
import { domainNames } from '../emit/domain-names.js';
import { zodFieldOn, zodTypeOn, type SchemaSide, type ZodTarget } from '../emit/zod-schema.js';
import type { AggregateModel, CommandModel, DomainModel, EventModel, EventVersionModel, FieldModel, NamedTypeModel, ReadModelModel } from '../model/model.js';
import type { PrimitiveName, TypeRef } from '../model/type-ref.js';

/** A JSON Schema document (draft-07), as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One message of a domain with the zod schema generated code validates it with. */
export interface MessageSchema {
  readonly kind: 'event' | 'command';
  readonly aggregate: AggregateModel;
  /** The event or command name. */
  readonly name: string;
  /** The type's name in generated code (`MoneyDeposited`, `MoneyDepositedV1`, `Deposit`): unique in the domain. */
  readonly typeName: string;
  /** The schema's name in generated code (`MoneyDepositedSchema`, `StoredAccountOpenedSchema`, `MoneyDepositedV1Schema`). */
  readonly generatedName: string;
  /** Events: the schema version; commands: 1. */
  readonly version: number;
  /** Whether this is the event's current version. */
  readonly latest: boolean;
  readonly description: string | undefined;
  readonly fields: readonly FieldModel[];
  /** Events are read back (stored shape, erased pii absent); commands are what callers send. */
  readonly io: 'output' | 'input';
  readonly schema: z.ZodType;
}

type Bounded = { min(value: number): z.ZodType; max(value: number): z.ZodType };
const isBounded = (schema: z.ZodType): schema is z.ZodType & Bounded =>
  typeof (schema as Partial<Bounded>).min === 'function' && typeof (schema as Partial<Bounded>).max === 'function';
const isPatterned = (schema: z.ZodType): schema is z.ZodString => typeof (schema as Partial<z.ZodString>).regex === 'function';

const PRIMITIVES: Readonly<Record<PrimitiveName, () => z.ZodType>> = {
  string: () => z.string(),
  integer: () => z.int(),
  number: () => z.number(),
  boolean: () => z.boolean(),
  uuid: () => z.uuid(),
  email: () => z.email(),
  url: () => z.url(),
  date: () => z.iso.date(),
  datetime: () => z.iso.datetime({ offset: true }),
};

/** Builds zod schemas of fields, read or write side, as the generated code does. */
interface SchemaBuilder {
  readonly shape: (fields: readonly FieldModel[], side: SchemaSide['side']) => Record<string, z.ZodType>;
  readonly typeSchema: (type: TypeRef) => z.ZodType;
  readonly differsOnRead: (fields: readonly FieldModel[]) => boolean;
}

function schemaBuilder(domain: DomainModel): SchemaBuilder {
  const erasure = erasureOf(domain);
  const types = new Map<string, NamedTypeModel>(domain.types.map((t) => [t.name, t]));
  const built = new Map<string, z.ZodType>();
  const names = domainNames(domain);
  const side = (which: SchemaSide['side']): SchemaSide => ({ side: which, names, use: () => undefined });
  const target: ZodTarget<z.ZodType> = {
    primitive: (name) => PRIMITIVES[name](),
    named: (schemaName, type) => namedSchema(schemaName, type.name, type.stored),
    array: (element) => z.array(element),
    bound: (schema, method, value) => {
      if (!isBounded(schema)) throw new Error(`a ${method} bound on a schema without one`);
      return method === 'min' ? schema.min(value) : schema.max(value);
    },
    regex: (schema, pattern) => {
      if (!isPatterned(schema)) throw new Error('a pattern on a schema that is not a string');
      return schema.regex(new RegExp(pattern, 'u'));
    },
    withDefault: (schema, value) => schema.default(value as never),
    optional: (schema) => schema.optional(),
  };
  const shape = (fields: readonly FieldModel[], which: SchemaSide['side']): Record<string, z.ZodType> =>
    Object.fromEntries(fields.map((f) => [f.name, zodFieldOn(target, f, side(which))]));

  // Named schemas are built on first use: `StoredAddressSchema` is the read side of `Address`.
  function namedSchema(schemaName: string, typeName: string, stored: boolean): z.ZodType {
    const cached = built.get(schemaName);
    if (cached !== undefined) return cached;
    const type = types.get(typeName);
    if (type === undefined) throw new Error(`no type for schema ${schemaName}`);
    const schema = type.kind === 'enum' ? z.enum(type.members as [string, ...string[]]) : z.strictObject(shape(type.fields, stored ? 'read' : 'write'));
    built.set(schemaName, schema);
    return schema;
  }

  return { shape, typeSchema: (type) => zodTypeOn(target, type, {}, side('write')), differsOnRead: (fields) => erasure.differsOnRead(fields) };
}

/**
 * Live zod schemas for a domain's messages, built by the same description of types that writes the
 * generated code (compiler/emit/zod-schema.ts), so they are the generated schemas (a test compares
 * their JSON Schemas with those of the committed example code).
 */
export function messageSchemas(domain: DomainModel): readonly MessageSchema[] {
  const { shape, typeSchema, differsOnRead } = schemaBuilder(domain);
  const names = domainNames(domain);
  const messages: MessageSchema[] = [];
  for (const aggregate of domain.aggregates) {
    for (const event of aggregate.events) {
      for (const version of [...event.previous, event]) messages.push(eventMessage(aggregate, event, version, differsOnRead(version.fields)));
    }
    for (const command of aggregate.commands) messages.push(commandMessage(aggregate, command));
  }
  return messages;

  function eventMessage(aggregate: AggregateModel, event: EventModel, version: EventVersionModel, differsOnRead: boolean): MessageSchema {
    const latest = version.version === event.version;
    const eventNames = names.event(event.name);
    return {
      kind: 'event',
      aggregate,
      name: event.name,
      typeName: latest ? event.name : eventNames.version(version.version).type,
      generatedName: latest ? (differsOnRead ? eventNames.storedSchema : eventNames.schema) : eventNames.version(version.version).schema,
      version: version.version,
      latest,
      description: event.description,
      fields: version.fields,
      io: 'output',
      // Stored events as readers get them: older versions and erasable pii on the read side.
      schema: z.object(shape(version.fields, latest && !differsOnRead ? 'write' : 'read')),
    };
  }

  function commandMessage(aggregate: AggregateModel, command: CommandModel): MessageSchema {
    const id = typeSchema(aggregate.id.type);
    return {
      kind: 'command',
      aggregate,
      name: command.name,
      typeName: command.name,
      generatedName: names.command(command.name).schema,
      version: 1,
      latest: true,
      description: command.description,
      fields: command.fields,
      io: 'input',
      schema: z.strictObject({ [aggregate.id.name]: id, ...shape(command.fields, 'write') }),
    };
  }
}

/** A read model's row with the zod schema generated code validates it with (`<Name>RowSchema`). */
export interface RowSchema {
  readonly readModel: ReadModelModel;
  readonly generatedName: string;
  readonly schema: z.ZodType;
}

/** The row schemas of a domain's read models: rows as readers get them (pii may be erased). */
export function rowSchemas(domain: DomainModel): readonly RowSchema[] {
  const { shape } = schemaBuilder(domain);
  return domain.readModels.map((readModel) => ({
    readModel,
    generatedName: domainNames(domain).readModel(readModel.name).rowSchema,
    schema: z.object(shape(readModel.fields, 'read')),
  }));
}

/** The JSON Schema (draft-07) of a row, annotated like a message's. */
export function rowJsonSchema(domain: DomainModel, row: RowSchema): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(row.schema, { target: 'draft-7', io: 'output' }) as Record<string, unknown>;
  const types = new Map(domain.types.map((t) => [t.name, t]));
  return annotate(schema, row.readModel.fields, types, row.readModel.description);
}

/**
 * The JSON Schema (draft-07) of a message, with the spec's descriptions and `x-personal-data: true`
 * on every personal-data value (also inside value objects and list elements).
 */
export function messageJsonSchema(domain: DomainModel, message: MessageSchema): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(message.schema, { target: 'draft-7', io: message.io }) as Record<string, unknown>;
  const types = new Map(domain.types.map((t) => [t.name, t]));
  return annotate(schema, message.fields, types, message.description);
}

function annotate(schema: Record<string, unknown>, fields: readonly FieldModel[], types: ReadonlyMap<string, NamedTypeModel>, description: string | undefined): JsonSchema {
  const properties = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
  const annotated: Record<string, unknown> = description === undefined ? { ...schema } : { description, ...schema };
  if (properties === undefined) return annotated;
  const next: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const field = fields.find((f) => f.name === name);
    next[name] = field === undefined ? property : annotateField(property, field, types);
  }
  annotated['properties'] = next;
  return annotated;
}

function annotateField(property: Record<string, unknown>, field: FieldModel, types: ReadonlyMap<string, NamedTypeModel>): Record<string, unknown> {
  let out: Record<string, unknown> = { ...property };
  if (field.description !== undefined) out = { description: field.description, ...out };
  if (field.pii !== undefined) out['x-personal-data'] = true;
  // Value objects and lists of them: annotate their fields too.
  let type = field.type;
  let at = out;
  while (type.kind === 'array' && typeof at['items'] === 'object' && at['items'] !== null) {
    const items = { ...(at['items'] as Record<string, unknown>) };
    at['items'] = items;
    at = items;
    type = type.element;
  }
  if (type.kind === 'value') {
    const valueType = types.get(type.name);
    if (valueType?.kind === 'value') Object.assign(at, annotate(at, valueType.fields, types, valueType.description));
  } else if (type.kind === 'enum') {
    const enumType = types.get(type.name);
    if (enumType?.description !== undefined && at['description'] === undefined) at['description'] = enumType.description;
  }
  return out;
}
