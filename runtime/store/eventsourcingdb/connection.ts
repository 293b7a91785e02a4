import type { OpenedConnection } from '../backend.js';
import type { EventSourcingDbBackendConfig } from './backend.js';
import { createEventTypeMapping, type EventTypeMapping } from './internal/event-type-mapping.js';
import { createEventSourcingDbClient, type EventSourcingDbClient } from './internal/http-client.js';
import type { ReconnectOptions } from './internal/observe-log.js';
import { StreamHeads } from './internal/stream-heads.js';

/**
 * The EventSourcingDB backend's connection: one HTTP client (base URL, token, timeouts) over the
 * global `fetch`, and what every request needs to know. EventSourcingDB has no transactions across
 * requests: a write is atomic (with its preconditions), nothing more.
 */
export interface EventSourcingDbConnection {
  readonly client: EventSourcingDbClient;
  readonly types: EventTypeMapping;
  /** The last (version, event id) this client saw of each stream. */
  readonly heads: StreamHeads;
  readonly heartbeatTimeoutMs: number;
  readonly reconnect: Required<ReconnectOptions>;
  /** Aborted when the backend closes: every request and stream then ends. */
  readonly closed: AbortSignal;
}

/** Checks the URL and token, then that the server answers as EventSourcingDB and accepts the token. */
export async function connectEventSourcingDb(config: EventSourcingDbBackendConfig): Promise<OpenedConnection<EventSourcingDbConnection>> {
  const closing = new AbortController();
  const client = createEventSourcingDbClient({
    url: config.url,
    apiToken: config.apiToken,
    requestTimeoutMs: config.requestTimeoutMs ?? 30_000,
    closed: closing.signal,
  });
  const connection: EventSourcingDbConnection = {
    client,
    types: createEventTypeMapping(config.eventTypePrefix),
    heads: new StreamHeads(),
    heartbeatTimeoutMs: config.heartbeatTimeoutMs ?? 30_000,
    reconnect: { initialDelayMs: config.reconnect?.initialDelayMs ?? 100, maxDelayMs: config.reconnect?.maxDelayMs ?? 5_000 },
    closed: closing.signal,
  };
  await client.getJson('ping');
  await client.postJson('verify-api-token', undefined);
  return { connection, close: async () => closing.abort() };
}
