import { z, type ZodType } from 'zod';
import type { AggregateDefinition, PiiPath } from '../../../aggregate/definition.js';
import { ConfigurationError } from '../../../errors/errors.js';
import { DEFAULT_SOURCE } from '../../../events/envelope.js';
import { relaxSchemaAt, type EventSchema, type JsonSchema } from './schema-registration.js';

/**
 * JSON Schemas for EventSourcingDB derived from generated code: zod v4's `z.toJSONSchema`, with the
 * paths that hold personal data relaxed to accept any value (they hold ciphertext at rest).
 */

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON Schema of a Zod schema, with pii paths relaxed. */
export function jsonSchemaFromZod(schema: ZodType, pii: readonly PiiPath[] = []): JsonSchema {
  let json: unknown;
  try {
    json = z.toJSONSchema(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigurationError(`This Zod schema has no JSON Schema form (${reason})`);
  }
  const relaxed = pii.reduce<unknown>((current, entry) => relaxSchemaAt(current, entry.path), json);
  if (!isRecord(relaxed)) throw new ConfigurationError('The JSON Schema of this Zod schema is not an object');
  return relaxed;
}

/**
 * The schema of the current version of every event of an aggregate, with source
 * `orchestrix:<domain>`: what `registerEventSchemas` takes.
 */
export function eventSchemasOf(definition: Pick<AggregateDefinition, 'domain' | 'events'>): EventSchema[] {
  return Object.values(definition.events).map((event) => {
    // The definition only promises safeParse; JSON Schema derivation needs the zod schema itself.
    if (!(event.schema instanceof z.ZodType)) {
      throw new ConfigurationError(`Event '${event.type}' has no zod schema; eventSchemasOf derives JSON Schema from zod`);
    }
    return {
      type: event.type,
      schema: jsonSchemaFromZod(event.schema, event.pii[event.schemaVersion] ?? []),
      source: `${DEFAULT_SOURCE}:${definition.domain}`,
      schemaVersion: event.schemaVersion,
    };
  });
}
