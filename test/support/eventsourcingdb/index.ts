export { startEventSourcingDbTestServer } from './server.js';
export type {
  EventSourcingDbTestServer,
  EventSourcingDbTestServerFaults,
  EventSourcingDbTestServerOptions,
} from './server.js';
export type { StoredEvent, EventCandidate, JsonObject, JsonValue } from './protocol.js';
