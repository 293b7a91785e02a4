import { z } from 'zod';
import {
  aggregateSchema,
  automationSchema,
  commandSchema,
  emissionSchema,
  eventSchema,
  expressionSchema,
  fieldObjectSchema,
  fieldSchema,
  fieldsSchema,
  jsonValueSchema,
  namedTypeSchema,
  previousVersionSchema,
  projectionSchema,
  readModelSchema,
  requirementSchema,
  specFileSchema,
  typeExpressionSchema,
} from './schema.js';

/** `z.json()` is a lazy union: references point at the union it resolved to. */
function resolvedLazy(schema: z.core.$ZodType): z.core.$ZodType {
  return schema instanceof z.ZodLazy ? (schema._zod.innerType as z.core.$ZodType) : schema;
}

/** Named definitions, so the document reads like the DSL and each shape is written once. */
const DEFINITIONS = new Map<z.core.$ZodType, string>([
  [aggregateSchema, 'Aggregate'],
  [commandSchema, 'Command'],
  [eventSchema, 'Event'],
  [previousVersionSchema, 'PreviousVersion'],
  [namedTypeSchema, 'NamedType'],
  [fieldsSchema, 'Fields'],
  [fieldSchema, 'Field'],
  [fieldObjectSchema, 'FieldObject'],
  [typeExpressionSchema, 'TypeExpression'],
  [expressionSchema, 'Expression'],
  [requirementSchema, 'Requirement'],
  [emissionSchema, 'Emission'],
  [readModelSchema, 'ReadModel'],
  [projectionSchema, 'Projection'],
  [automationSchema, 'Automation'],
  [resolvedLazy(jsonValueSchema), 'JsonValue'],
]);

/** The global metadata (descriptions), plus definition ids for the schemas above. */
function metadata(): z.core.$ZodRegistry<Record<string, unknown>> {
  const registry = z.registry<Record<string, unknown>>();
  const lookup = (schema: z.core.$ZodType): Record<string, unknown> | undefined => {
    const meta = z.globalRegistry.get(schema);
    const id = DEFINITIONS.get(schema);
    return id === undefined ? meta : { ...meta, id };
  };
  registry.get = lookup as typeof registry.get;
  return registry;
}

/**
 * The DSL's JSON Schema (draft-07) with descriptions, generated from the Zod schema, for editors:
 * `# yaml-language-server: $schema=...` gives completion and hover. The package ships it as
 * schema/orchestrix.schema.json (a test keeps that file current).
 */
export function dslJsonSchema(): object {
  return z.toJSONSchema(specFileSchema, { target: 'draft-07', metadata: metadata() });
}
