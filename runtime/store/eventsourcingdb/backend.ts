import { openBackendWith, type Backend } from '../backend.js';
import { connectEventSourcingDb } from './connection.js';
import { openEventSourcingDbEvents } from './events.js';
import type { ReconnectOptions } from './internal/observe-log.js';
import { registerEventSchemas, type EventSchema } from './internal/schema-registration.js';

export interface EventSourcingDbBackendConfig {
  /** Base URL of the server, e.g. `http://localhost:3000` (without `/api/v1`). */
  readonly url: string;
  /** Sent as a bearer token; never logged, never part of an error. */
  readonly apiToken: string;
  /** First words of every event type. Default `io.orchestrix`. */
  readonly eventTypePrefix?: string | undefined;
  /** A subscription reconnects after this long without a line (heartbeats included). Default 30 000 ms. */
  readonly heartbeatTimeoutMs?: number | undefined;
  /** Wait for response headers, and for each line of a read. Default 30 000 ms. */
  readonly requestTimeoutMs?: number | undefined;
  readonly reconnect?: ReconnectOptions | undefined;
}

export interface EventSourcingDbBackend extends Backend {
  /**
   * Registers JSON Schemas in EventSourcingDB, which then refuses (ValidationError) any event of
   * that type whose data does not match. Idempotent. See `eventSchemasOf` to derive them from
   * generated aggregate definitions.
   */
  registerEventSchemas(schemas: readonly EventSchema[]): Promise<void>;
}

/**
 * An EventSourcingDB server (`eventsourcingdb://TOKEN@host:3000`), spoken to over its HTTP API v1
 * with the global `fetch` (no driver to install). It holds events only: keep the other components
 * in another backend. Opening checks that the server answers and accepts the token.
 */
export async function openEventSourcingDbBackend(config: EventSourcingDbBackendConfig): Promise<EventSourcingDbBackend> {
  const opened = await connectEventSourcingDb(config);
  const backend = await openBackendWith({
    name: 'EventSourcingDB',
    location: opened.connection.client.baseUrl,
    connect: async () => opened,
    components: { events: openEventSourcingDbEvents },
    missing: () => 'EventSourcingDB stores only events; keep snapshots, checkpoints, dead letters and keys in memory:, sqlite:, pglite: or postgres://',
  });
  return {
    ...backend,
    registerEventSchemas: async (schemas) => registerEventSchemas(opened.connection, schemas),
  };
}
