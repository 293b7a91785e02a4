import type { z } from 'zod';
import { zod } from './zod-module.js';
import { NAME_RULES, type NameRule } from '../model/name-rules.js';
import { dslSchemas } from './schema.js';

/** `z.json()` is a lazy union: references point at the union it resolved to. */
function resolvedLazy(schema: z.core.$ZodType): z.core.$ZodType {
  return schema instanceof zod().ZodLazy ? (schema._zod.innerType as z.core.$ZodType) : schema;
}

/** Named definitions, so the document reads like the DSL and each shape is written once. */
function definitions(): ReadonlyMap<z.core.$ZodType, string> {
  const {
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
    typeExpressionSchema,
  } = dslSchemas();
  return new Map<z.core.$ZodType, string>([
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
}

/** The global metadata (descriptions), plus definition ids for the schemas above. */
function metadata(): z.core.$ZodRegistry<Record<string, unknown>> {
  const registry = zod().registry<Record<string, unknown>>();
  const DEFINITIONS = definitions();
  const lookup = (schema: z.core.$ZodType): Record<string, unknown> | undefined => {
    const meta = zod().globalRegistry.get(schema);
    const id = DEFINITIONS.get(schema);
    return id === undefined ? meta : { ...meta, id };
  };
  registry.get = lookup as typeof registry.get;
  return registry;
}

type JsonSchemaNode = Record<string, unknown>;

/** The node at `path` (object keys, array indexes); a missing node is a bug here, not in a spec. */
function nodeAt(root: JsonSchemaNode, path: readonly (string | number)[]): JsonSchemaNode {
  let node: unknown = root;
  for (const step of path) {
    node = (node as Record<string | number, unknown> | undefined)?.[step];
    if (node === null || typeof node !== 'object') throw new Error(`dslJsonSchema: no node at ${path.join('.')}`);
  }
  return node as JsonSchemaNode;
}

/** A naming rule as JSON Schema keywords: the checker's pattern, and its refused names as `not: { enum }`. */
function nameKeywords(rule: NameRule): JsonSchemaNode {
  return {
    pattern: rule.pattern.source,
    ...(rule.refused.size === 0 ? {} : { not: { enum: [...rule.refused].sort() } }),
  };
}

/** Where each naming rule applies: `value` constrains a string, `keys` the property names of a mapping. */
const NAMED: readonly { readonly path: readonly (string | number)[]; readonly rule: NameRule; readonly keys: boolean }[] = [
  { path: ['properties', 'domain'], rule: NAME_RULES.domain, keys: false },
  { path: ['properties', 'types'], rule: NAME_RULES.declaration, keys: true },
  { path: ['properties', 'aggregates'], rule: NAME_RULES.declaration, keys: true },
  { path: ['properties', 'readModels'], rule: NAME_RULES.declaration, keys: true },
  { path: ['properties', 'automations'], rule: NAME_RULES.declaration, keys: true },
  { path: ['definitions', 'Aggregate', 'properties', 'commands'], rule: NAME_RULES.declaration, keys: true },
  { path: ['definitions', 'Aggregate', 'properties', 'events'], rule: NAME_RULES.declaration, keys: true },
  { path: ['definitions', 'Aggregate', 'properties', 'id', 'anyOf', 0], rule: NAME_RULES.field, keys: false },
  { path: ['definitions', 'Aggregate', 'properties', 'id', 'anyOf', 1, 'properties', 'name'], rule: NAME_RULES.field, keys: false },
  { path: ['definitions', 'Fields'], rule: NAME_RULES.field, keys: true },
  { path: ['definitions', 'Command', 'properties', 'fields'], rule: NAME_RULES.commandField, keys: true },
  { path: ['definitions', 'NamedType', 'anyOf', 0, 'properties', 'enum', 'items'], rule: NAME_RULES.enumMember, keys: false },
  { path: ['definitions', 'Requirement', 'anyOf', 1, 'properties', 'error'], rule: NAME_RULES.errorCode, keys: false },
  // A command's raisable codes are error codes or AggregateNotFound/AggregateAlreadyExists: all fit.
  { path: ['definitions', 'Automation', 'properties', 'ignore', 'items'], rule: NAME_RULES.errorCode, keys: false },
];

const ANNOTATIONS = new Set(['type', 'description', 'title']);

/**
 * `type: ['string', 'number']` as `anyOf: [{ type: 'string' }, { type: 'number' }]`: the same
 * meaning, and ajv's strict mode (strictTypes) refuses union types without `allowUnionTypes`.
 */
function splitUnionTypes(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) splitUnionTypes(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as JsonSchemaNode;
  for (const value of Object.values(schema)) splitUnionTypes(value);
  const type = schema['type'];
  if (!Array.isArray(type)) return;
  if (Object.keys(schema).some((key) => !ANNOTATIONS.has(key))) throw new Error(`dslJsonSchema: cannot split the union type of ${JSON.stringify(schema)}`);
  delete schema['type'];
  schema['anyOf'] = type.map((t: unknown) => ({ type: t }));
}

/**
 * The DSL's JSON Schema (draft-07) with descriptions, generated from the Zod schema, for editors:
 * `# yaml-language-server: $schema=...` gives completion and hover. The package ships it as
 * schema/orchestrix.schema.json (a test keeps that file current and compiles it with ajv in strict
 * mode). The Zod schema leaves names to the checker (whose messages are better); here the checker's
 * own naming rules (check/names.ts) become patterns, so an editor flags `domain: Hotel` too.
 */
export function dslJsonSchema(): object {
  const schema = zod().toJSONSchema(dslSchemas().specFileSchema, { target: 'draft-07', metadata: metadata() }) as JsonSchemaNode;
  for (const { path, rule, keys } of NAMED) {
    const node = nodeAt(schema, path);
    if (keys) Object.assign(node, { type: 'object', propertyNames: { type: 'string', ...nameKeywords(rule) } });
    else Object.assign(node, nameKeywords(rule));
  }
  splitUnionTypes(schema);
  return schema;
}
