import { isDeepStrictEqual } from 'node:util';
import { z, type ZodType } from 'zod';
import type { PiiPath } from '../../aggregate/definition.js';
import { ConfigurationError } from '../../errors/errors.js';
import { EventSourcingDbHttpError } from './errors.js';
import type { EventSourcingDbClient } from './http-client.js';

/**
 * JSON Schemas for EventSourcingDB's write-once schema registry. EventSourcingDB validates the
 * whole `data` of an event, which for us is the `{ data, meta }` transport envelope, so the event's
 * own schema is wrapped (envelopeSchema). Schemas come from the generated Zod schemas through zod v4's
 * `z.toJSONSchema`; pii paths are relaxed to accept any value, because what is stored there is
 * ciphertext whose shape the GDPR layer decides, not the plaintext the Zod schema describes.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const metaSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    metadata: { type: 'object' },
    time: { type: 'string' },
  },
  required: ['id', 'version', 'metadata'],
  additionalProperties: false,
};

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The schema EventSourcingDB sees: `{ data: <the event's schema>, meta: <our transport fields> }`. */
export function envelopeSchema(dataSchema: JsonSchema): JsonSchema {
  const { $schema: _draft, ...data } = dataSchema;
  return {
    $schema: DRAFT,
    type: 'object',
    properties: { data, meta: metaSchema },
    required: ['data', 'meta'],
    additionalProperties: false,
  };
}

/** Lets any value through at `path` (`'[]'` = every array element), also inside anyOf/oneOf branches. */
export function relaxSchemaAt(schema: unknown, path: readonly string[]): unknown {
  if (!isRecord(schema)) return schema;
  const [head, ...rest] = path;
  if (head === undefined) return {};
  let result: Record<string, unknown> = { ...schema };
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) result = { ...result, [combinator]: branches.map((branch: unknown) => relaxSchemaAt(branch, path)) };
  }
  if (head === '[]' && schema['items'] !== undefined) {
    result = { ...result, items: relaxSchemaAt(schema['items'], rest) };
  }
  const properties = schema['properties'];
  if (head !== '[]' && isRecord(properties) && properties[head] !== undefined) {
    result = { ...result, properties: { ...properties, [head]: relaxSchemaAt(properties[head], rest) } };
  }
  return result;
}

/** JSON Schema of a Zod schema (zod v4 `z.toJSONSchema`), with pii paths relaxed. */
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
 * Registers `schema` (already wrapped) for `eventType`. Registering the same schema again is a no-op,
 * so start-up code may register every time; a different schema for a registered type is a
 * ConfigurationError (schemas are write-once: a changed event needs a new schema version).
 */
export async function registerSchema(client: EventSourcingDbClient, eventType: string, schema: JsonSchema): Promise<void> {
  try {
    await client.postJson('register-event-schema', { eventType, schema });
  } catch (error) {
    if (!(error instanceof EventSourcingDbHttpError)) throw error;
    if (error.status === 409) {
      const existing = await client.postJson('read-event-type', { eventType });
      const sent: unknown = JSON.parse(JSON.stringify(schema));
      if (isRecord(existing) && isDeepStrictEqual(existing['schema'], sent)) return;
      throw new ConfigurationError(
        `EventSourcingDB already holds a different schema for '${eventType}'; schemas are write-once, so a changed event needs a new schema version`,
      );
    }
    if (error.status === 400) {
      throw new ConfigurationError(`EventSourcingDB refused the schema for '${eventType}': ${error.serverMessage}`);
    }
    throw error;
  }
}
