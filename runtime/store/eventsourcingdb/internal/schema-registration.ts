import { isDeepStrictEqual } from 'node:util';
import { ConfigurationError } from '../../../errors/errors.js';
import { DEFAULT_SOURCE } from '../../../events/envelope.js';
import type { EventSourcingDbConnection } from '../connection.js';
import { EventSourcingDbHttpError } from './errors.js';

/**
 * EventSourcingDB's write-once schema registry, fed with plain JSON Schemas. EventSourcingDB
 * validates the whole `data` of an event, which for us is the `{ data, meta }` transport envelope,
 * so the event's own schema is wrapped (envelopeSchema). Paths that hold personal data must accept
 * any value (relaxSchemaAt): what is stored there is ciphertext whose shape the GDPR layer decides.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The schema of one event type at one schema version. */
export interface EventSchema {
  /** The event's type, e.g. `MoneyDeposited`. */
  readonly type: string;
  /** The JSON Schema of the event's own `data`. */
  readonly schema: JsonSchema;
  /** The events' envelope `source`. Default DEFAULT_SOURCE (`orchestrix`); generated code uses `orchestrix:<domain>`. */
  readonly source?: string | undefined;
  /** Default 1. */
  readonly schemaVersion?: number | undefined;
}

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

/**
 * Registers each schema, wrapped in the transport envelope, under its EventSourcingDB type (one per
 * event type and schema version). Registering the same schema again is a no-op, so start-up code may
 * register every time; a different schema for a registered type is a ConfigurationError (schemas are
 * write-once: a changed event needs a new schema version), and so is a schema the events already
 * stored under that type violate (the server's reason is in the message).
 */
export async function registerEventSchemas(connection: EventSourcingDbConnection, schemas: readonly EventSchema[]): Promise<void> {
  for (const entry of schemas) {
    const eventType = connection.types.toEventSourcingDb(entry.source ?? DEFAULT_SOURCE, entry.type, entry.schemaVersion ?? 1);
    await registerSchema(connection, eventType, envelopeSchema(entry.schema));
  }
}

async function registerSchema(connection: EventSourcingDbConnection, eventType: string, schema: JsonSchema): Promise<void> {
  const { client } = connection;
  try {
    await client.postJson('register-event-schema', { eventType, schema });
  } catch (error) {
    if (!(error instanceof EventSourcingDbHttpError) || (error.status !== 409 && error.status !== 400)) throw error;
    const existing = error.status === 409 ? await client.postJson('read-event-type', { eventType }) : undefined;
    const registered = isRecord(existing) ? existing['schema'] : undefined;
    if (registered !== undefined && isDeepStrictEqual(registered, JSON.parse(JSON.stringify(schema)))) return;
    if (registered !== undefined) {
      throw new ConfigurationError(
        `EventSourcingDB already holds a different schema for '${eventType}'; schemas are write-once, so a changed event needs a new schema version`,
      );
    }
    throw new ConfigurationError(`EventSourcingDB refused the schema for '${eventType}': ${error.serverMessage}`);
  }
}
