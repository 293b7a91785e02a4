export { EventSourcingDbEventStore, createEventSourcingDbEventStore } from './event-store.js';
export type { EventSourcingDbEventStoreOptions, RegisterEventSchemaOptions } from './event-store.js';
export { EventSourcingDbHttpError, EventSourcingDbProtocolError, StreamStalledError } from './errors.js';
export { envelopeSchema, jsonSchemaFromZod, relaxSchemaAt } from './event-schemas.js';
export type { JsonSchema } from './event-schemas.js';
export { DEFAULT_EVENT_TYPE_PREFIX, createEventTypeMapping } from './event-type-mapping.js';
export type { EventTypeMapping, MappedEventType } from './event-type-mapping.js';
export { streamIdToSubject, subjectToStreamId } from './subject-mapping.js';
export type { ReconnectOptions } from './observe-log.js';
