/**
 * orchestrix/runtime — what generated code and applications import.
 */
export * from './errors/index.js';
export type * from './events/envelope.js';
export { DEFAULT_SOURCE } from './events/envelope.js';
export type * from './store/event-store.js';
export type * from './aggregate/definition.js';
export { streamIdOf } from './aggregate/definition.js';
export type * from './snapshot/snapshot-store.js';
export type * from './subscription/checkpoint-store.js';
export type * from './bus/dead-letter-queue.js';
// Event and snapshot stores: in-memory and SQLite, plus the helpers every adapter builds on.
export { createInMemoryEventStore, InMemoryEventStore } from './store/memory/event-store.js';
export { createInMemorySnapshotStore, InMemorySnapshotStore } from './store/memory/snapshot-store.js';
export { createSqliteEventStore, SqliteEventStore, type SqliteEventStoreOptions } from './store/sqlite/event-store.js';
export { createSqliteSnapshotStore, SqliteSnapshotStore } from './store/sqlite/snapshot-store.js';
export { checkExpectedVersion, meetsExpectedVersion } from './store/expected-version.js';
export { createChangeNotifier, subscribeToLog, type ChangeNotifier, type ChangePolling, type ChangeSignal, type LogSubscription } from './store/subscription-loop.js';
