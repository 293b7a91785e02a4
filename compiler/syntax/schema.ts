import type { z as Z } from 'zod';
import { zod } from './zod-module.js';

/**
 * The structure of a DSL file, as a Zod v4 schema. It is the single definition of which keys exist
 * and what shape their values take; structural diagnostics and the editor JSON Schema
 * (`orchestrix schema`) both come from it. It does not transform: a valid document's parsed value
 * has the same shape as the YAML, so diagnostic paths stay document paths.
 *
 * Names (PascalCase, camelCase), type references, expressions and cross-references are checked
 * later by compiler/check, which can report them with better messages than a schema can.
 *
 * The schemas are built on first use, with Zod loaded then: a valid spec is recognised by the
 * plain-data copy of this structure in shapes.ts (generated from it; a test keeps it current).
 */

/** `integer`, `uuid?`, `Address[]`, `string[]?`: a type name, optional `[]`, optional `?`. */
export const TYPE_EXPRESSION = /^[A-Za-z_$][A-Za-z0-9_$]*(\[\])?\??$/;

/** Lengths and counts in constraints: generous, but bounded like every number in the language. */
export const MAX_CONSTRAINT_COUNT = 1_000_000_000;

/** The refinement of `emits` entries and `execute`: one key (shapes.ts knows it by identity). */
export const oneKey = (value: Record<string, unknown>): boolean => Object.keys(value).length === 1;

/** An event's versions each need a `previous` entry; more than this is not a schema history but a mistake. */
export const MAX_EVENT_VERSION = 1000;
/** Snapshots further apart than this would never be taken in practice. */
export const MAX_SNAPSHOT_INTERVAL = 1_000_000;

export const VERSION_KEY = /^[1-9][0-9]*$/;

/** The largest `version:` of a read model: bumping it rebuilds the rows, so it only ever grows by one. */
export const MAX_READ_MODEL_VERSION = 1_000_000;

function build() {
  const z = zod();
  const description = z
    .string()
    .meta({ description: 'Free text; carried into generated doc comments and docs.' });

  const typeExpression = z.string().regex(TYPE_EXPRESSION, {
    message: "a type is a name, optionally followed by '[]' (array) and '?' (optional), e.g. 'uuid?' or 'Address[]'",
  }).meta({
    description:
      "A type: string, integer, number, boolean, uuid, email, url, date, datetime, or a name from `types:`; suffix '[]' for an array and '?' for optional.",
  });

  /** The pattern-checked type string, for diagnostics that name what a field's type should look like. */
  const typeExpressionSchema = typeExpression;

  const jsonValue = z.json();
  /** Any JSON value (defaults, erased values); named in the JSON Schema export. */
  const jsonValueSchema = jsonValue;

  const nonNegativeInteger = z.number().int().nonnegative().max(MAX_CONSTRAINT_COUNT);

  const piiOptions = z
    .strictObject({
      subject: z
        .string()
        .meta({ description: "The field holding this value's data subject id (default: the aggregate's `subject`)." })
        .optional(),
      erased: jsonValue
        .meta({ description: 'The value readers get once the subject is forgotten (default depends on the type).' })
        .optional(),
    })
    .meta({ description: 'Personal data with options.' });

  const fieldObjectSchema = z
    .strictObject({
      type: typeExpression,
      optional: z.boolean().meta({ description: 'The field may be absent. Same as a `?` suffix on the type.' }).optional(),
      default: jsonValue.meta({ description: 'Initial value (state) or value used when absent (commands).' }).optional(),
      pii: z
        .union([z.boolean(), piiOptions])
        .meta({ description: 'Personal data: encrypted per data subject at rest, erased by `forget`.' })
        .optional(),
      description: description.optional(),
      min: z.number().meta({ description: 'Smallest allowed number (inclusive).' }).optional(),
      max: z.number().meta({ description: 'Largest allowed number (inclusive).' }).optional(),
      minLength: nonNegativeInteger.meta({ description: 'Shortest allowed string.' }).optional(),
      maxLength: nonNegativeInteger.meta({ description: 'Longest allowed string.' }).optional(),
      pattern: z.string().meta({ description: 'ECMAScript regular expression the string must match.' }).optional(),
      minItems: nonNegativeInteger.meta({ description: 'Fewest allowed array elements.' }).optional(),
      maxItems: nonNegativeInteger.meta({ description: 'Most allowed array elements.' }).optional(),
    })
    .meta({ description: 'A field in long form.' });

  /** A field: the short form is just its type (`uuid?`), the long form an object. */
  const fieldSchema = z.union([typeExpression, fieldObjectSchema]);

  /** Fields by name, in declaration order. */
  const fieldsSchema = z.record(z.string(), fieldSchema).meta({ description: 'Fields by name (camelCase).' });

  /**
   * An expression of the DSL's expression language: a string is expression text; unquoted YAML
   * numbers, booleans and null are literals; a YAML mapping is a value object and a YAML sequence an
   * array, whose strings are expression text again (`{ amount: nights * rate, currency: EUR }`).
   * Any JSON-shaped value is structurally valid: the expression checker says what fits where.
   */
  const expressionSchema = jsonValue.meta({
    description:
      'An expression, e.g. `state.balance + amount`, `open`, `0`, `[]`, or a value object `{ amount: nights * rate, currency: EUR }`.',
  });

  /** Field name -> expression. */
  const assignmentsSchema = z.record(z.string(), expressionSchema);

  const requirementSchema = z.union([
    z.string().meta({ description: 'A boolean expression; when false the command fails with PreconditionFailed.' }),
    z
      .strictObject({
        check: z.string().meta({ description: 'A boolean expression that must hold.' }),
        error: z.string().meta({ description: 'Error code (PascalCase) raised when the check is false.' }).optional(),
        message: z.string().meta({ description: 'Error message raised when the check is false.' }).optional(),
      })
      .meta({ description: 'A precondition with its own error code and message.' }),
  ]);

  const emissionSchema = z.union([
    z.string().meta({ description: 'An event name; its fields are taken from same-named command fields.' }),
    z
      .record(z.string(), z.union([assignmentsSchema, z.null()]))
      .refine(oneKey, { message: 'an emits entry maps exactly one event name to its field values' })
      .meta({
        description: 'An event name mapped to expressions for its fields; other fields come from same-named command fields.',
        minProperties: 1,
        maxProperties: 1,
      }),
  ]);

  const commandSchema = z
    .strictObject({
      description: description.optional(),
      creates: z.boolean().meta({ description: 'The command starts the aggregate: its stream must not exist yet.' }).optional(),
      handler: z
        .enum(['generated', 'custom'])
        .meta({ description: '`custom`: decide() is written by hand in a scaffolded file; `emits` lists what it may return.' })
        .optional(),
      fields: fieldsSchema.optional(),
      requires: z.array(requirementSchema).meta({ description: 'Preconditions, checked in order.' }).optional(),
      emits: z.array(emissionSchema).meta({ description: 'The events the command produces, in order.' }).optional(),
    })
    .meta({ description: 'A command (PascalCase name).' });

  const positiveInteger = z.number().int().positive();

  const previousVersionSchema = z
    .strictObject({
      fields: fieldsSchema.optional(),
      upcast: assignmentsSchema
        .meta({ description: 'Values for fields of the next version; other fields are copied by name.' })
        .optional(),
    })
    .meta({ description: 'An older stored shape of the event and how to lift it to the next version.' });

  const eventSchema = z
    .strictObject({
      description: description.optional(),
      version: positiveInteger.max(MAX_EVENT_VERSION).meta({ description: 'The current schema version (default 1).' }).optional(),
      fields: fieldsSchema.optional(),
      apply: assignmentsSchema
        .meta({ description: 'State updates; same-named event fields are copied into state unless listed here.' })
        .optional(),
      previous: z
        .record(z.string().regex(VERSION_KEY, { message: 'a previous version is a positive integer' }), previousVersionSchema)
        .meta({ description: 'Older stored versions by number: 1 .. version-1.' })
        .optional(),
    })
    .meta({ description: 'An event (PascalCase name).' });

  const aggregateIdSchema = z.union([
    z.string().meta({ description: 'The id field name; its type is uuid.' }),
    z.strictObject({
      name: z.string().meta({ description: 'The id field name (camelCase).' }),
      type: z.string().meta({ description: 'uuid (default) or string.' }),
    }),
  ]);

  const aggregateSchema = z
    .strictObject({
      description: description.optional(),
      id: aggregateIdSchema
        .meta({ description: 'The id field carried by every command, e.g. `accountId` (default: <aggregate>Id).' })
        .optional(),
      subject: z
        .string()
        .meta({ description: 'GDPR data subject: a state field holding the person id, or `id`. Required with pii.' })
        .optional(),
      snapshot: z
        .strictObject({ every: positiveInteger.max(MAX_SNAPSHOT_INTERVAL).meta({ description: 'Take a snapshot every N events.' }) })
        .meta({ description: 'Snapshot policy.' })
        .optional(),
      state: fieldsSchema.optional(),
      commands: z.record(z.string(), z.union([commandSchema, z.null()])).optional(),
      events: z.record(z.string(), z.union([eventSchema, z.null()])).optional(),
    })
    .meta({ description: 'An aggregate (PascalCase name): state, commands and events of one consistency boundary.' });

  const namedTypeSchema = z.union([
    z
      .strictObject({
        description: description.optional(),
        enum: z.array(z.string()).min(1).meta({ description: 'The members, in order.' }),
      })
      .meta({ description: 'An enumeration.' }),
    z
      .strictObject({
        description: description.optional(),
        fields: fieldsSchema,
      })
      .meta({ description: 'A value object: a record type without identity.' }),
  ]);

  const projectionSchema = z
    .strictObject({
      description: description.optional(),
      key: expressionSchema
        .meta({ description: "The key of the row the event changes (default `id`, the event's aggregate id)." })
        .optional(),
      when: expressionSchema
        .meta({ description: 'A boolean expression; when false the event leaves the read model as it is.' })
        .optional(),
      set: assignmentsSchema
        .meta({ description: 'Upsert: a missing row starts from the field defaults and the key; then these fields are set.' })
        .optional(),
      update: assignmentsSchema
        .meta({ description: 'Changes these fields of an existing row; a missing row stays missing.' })
        .optional(),
      delete: z.literal(true).meta({ description: 'Deletes the row.' }).optional(),
      handler: z
        .literal('custom')
        .meta({ description: 'The row change is written by hand in a scaffolded, type-checked function.' })
        .optional(),
    })
    .meta({ description: 'What an event does to a row: exactly one of `set`, `update`, `delete: true` or `handler: custom`.' });

  const readModelSchema = z
    .strictObject({
      description: description.optional(),
      key: z.string().meta({ description: 'The field that identifies a row (one of `fields`): one row per key.' }),
      fields: fieldsSchema,
      index: z
        .array(z.string())
        .meta({ description: 'Fields that `find` and `count` filter on and `find` sorts by: scalar, never pii.' })
        .optional(),
      subject: z
        .string()
        .meta({ description: 'GDPR data subject of the row: a field holding the person id (or the key field). Required with pii.' })
        .optional(),
      version: positiveInteger
        .max(MAX_READ_MODEL_VERSION)
        .meta({ description: 'Bump to rebuild the rows from the start of the log (default 1).' })
        .optional(),
      on: z
        .record(z.string(), projectionSchema)
        .meta({ description: 'Event name -> what it does to a row. The read model reads no other events.' }),
    })
    .meta({ description: 'A read model (PascalCase name): a queryable view built from the domain\'s events.' });

  const automationSchema = z
    .strictObject({
      description: description.optional(),
      on: z.string().meta({ description: 'The event that triggers the automation.' }),
      forEach: expressionSchema
        .meta({ description: 'A list expression: one command per element, which is `item` in the mapping and `when`.' })
        .optional(),
      when: expressionSchema
        .meta({ description: 'A boolean expression; when false nothing is executed (with `forEach`: for that element).' })
        .optional(),
      after: z
        .union([z.string(), z.number()])
        .meta({ description: "A durable delay from the event's time: a positive whole number and a unit, `30s`, `30m`, `2h`, `7d`." })
        .optional(),
      execute: z
        .record(z.string(), z.union([assignmentsSchema, z.null()]))
        .refine(oneKey, { message: 'execute maps exactly one command name to its field values' })
        .meta({
          description: 'The command to execute and its field values (every field without a default, including the id field).',
          minProperties: 1,
          maxProperties: 1,
        }),
      ignore: z
        .array(z.string())
        .meta({ description: 'Error codes of the command that end the reaction quietly instead of being retried.' })
        .optional(),
    })
    .meta({ description: 'An automation (PascalCase name): an event leads to a command, durably, exactly once in effect.' });

  const specFileSchema = z
    .strictObject({
      domain: z
        .string()
        .meta({ description: 'Domain name ([a-z][a-zA-Z0-9]*). Files with the same domain merge.' }),
      description: description.optional(),
      types: z.record(z.string(), namedTypeSchema).meta({ description: 'Enums and value objects.' }).optional(),
      aggregates: z.record(z.string(), aggregateSchema).optional(),
      readModels: z
        .record(z.string(), readModelSchema)
        .meta({ description: "Read models: queryable views built from the domain's events." })
        .optional(),
      automations: z
        .record(z.string(), automationSchema)
        .meta({ description: 'Automations: durable reactions from an event to a command.' })
        .optional(),
    })
    .meta({ title: 'Orchestrix domain specification', description: 'An Orchestrix DSL file.' });
  return { typeExpressionSchema, jsonValueSchema, fieldObjectSchema, fieldSchema, fieldsSchema, expressionSchema, assignmentsSchema, requirementSchema, emissionSchema, commandSchema, previousVersionSchema, eventSchema, aggregateIdSchema, aggregateSchema, namedTypeSchema, projectionSchema, readModelSchema, automationSchema, specFileSchema };
}

export type DslSchemas = ReturnType<typeof build>;
let built: DslSchemas | undefined;

/** The DSL's Zod schemas, built on first use (Zod is loaded then; see zod-module.ts). */
export const dslSchemas = (): DslSchemas => (built ??= build());

export type SpecFile = Z.infer<DslSchemas['specFileSchema']>;
export type FieldSpec = Z.infer<DslSchemas['fieldSchema']>;
export type FieldObjectSpec = Z.infer<DslSchemas['fieldObjectSchema']>;
export type ExpressionSpec = Z.infer<DslSchemas['expressionSchema']>;
export type RequirementSpec = Z.infer<DslSchemas['requirementSchema']>;
export type EmissionSpec = Z.infer<DslSchemas['emissionSchema']>;
export type CommandSpec = Z.infer<DslSchemas['commandSchema']>;
export type EventSpec = Z.infer<DslSchemas['eventSchema']>;
export type PreviousVersionSpec = Z.infer<DslSchemas['previousVersionSchema']>;
export type AggregateSpec = Z.infer<DslSchemas['aggregateSchema']>;
export type NamedTypeSpec = Z.infer<DslSchemas['namedTypeSchema']>;
export type ProjectionSpec = Z.infer<DslSchemas['projectionSchema']>;
export type ReadModelSpec = Z.infer<DslSchemas['readModelSchema']>;
export type AutomationSpec = Z.infer<DslSchemas['automationSchema']>;
