/** The in-memory backend (`memory:`): every component in process memory, lost on exit. */
export { openMemoryBackend, type MemoryBackendOptions } from './backend.js';
export { createInMemoryEventStore } from './events.js';
export { createInMemorySnapshotStore } from './snapshots.js';
export { createInMemoryCheckpointStore } from './checkpoints.js';
export { createInMemoryDeadLetterQueue } from './dead-letters.js';
export { createInMemoryKeyStore, type InMemoryKeyStoreOptions } from './keys.js';
export type { MemoryConnection } from './connection.js';
export { createInMemoryReadModelStore } from './read-models.js';
export { createInMemoryLeaseStore } from './leases.js';
export { createInMemoryScheduleStore } from './schedules.js';
