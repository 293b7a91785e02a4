/** The EventSourcingDB backend (HTTP API v1 over fetch): events only. */
export { openEventSourcingDbBackend, type EventSourcingDbBackend, type EventSourcingDbBackendConfig } from './backend.js';
export { EventSourcingDbHttpError, EventSourcingDbProtocolError, StreamStalledError } from './internal/errors.js';
export { envelopeSchema, relaxSchemaAt, type EventSchema, type JsonSchema } from './internal/schema-registration.js';
export { eventSchemasOf, jsonSchemaFromZod } from './internal/zod-schemas.js';
export { DEFAULT_EVENT_TYPE_PREFIX, createEventTypeMapping, type EventTypeMapping, type MappedEventType } from './internal/event-type-mapping.js';
export { streamIdToSubject, subjectToStreamId } from './internal/subject-mapping.js';
export type { ReconnectOptions } from './internal/observe-log.js';
