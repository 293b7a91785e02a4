/**
 * orchestrix/runtime — what generated code and applications import.
 */
export * from './errors/index.js';
export type * from './events/envelope.js';
export type * from './events/domain-envelope.js';
export { DEFAULT_SOURCE } from './events/envelope.js';
export type * from './store/event-store.js';
export type * from './aggregate/definition.js';
export { streamIdOf } from './aggregate/definition.js';
export type * from './snapshot/snapshot-store.js';
export type * from './subscription/checkpoint-store.js';
export type * from './bus/dead-letter-queue.js';
// Backends: one database opened once, handing out every component it holds (events, snapshots,
// checkpoints, dead letters, keys). Drivers are loaded only when a backend that needs one opens.
export { COMPONENT_LABELS, isBackend, openBackendWith, type Backend, type BackendComponents, type BackendDefinition, type ComponentName, type ComponentOpener, type ComponentOpeners, type OpenedConnection } from './store/backend.js';
export { createLifecycle, type Lifecycle } from './store/lifecycle.js';
export { MissingDriverError } from './store/driver-loader.js';
export * from './store/memory/index.js';
export * from './store/sqlite/index.js';
export { checkExpectedVersion, meetsExpectedVersion } from './store/expected-version.js';
export { createChangeNotifier, subscribeToLog, type ChangeNotifier, type ChangePolling, type ChangeSignal, type LogSubscription } from './store/subscription-loop.js';
// Aggregates (load, upcast, snapshot policy), command execution, the domain runtime behind generated factories, given/when/then.
export type * from './aggregate/types.js';
export { UnknownEventError, UpcastError } from './aggregate/errors.js';
export { createEventReader, upcastData, type EventReader } from './aggregate/upcast.js';
export { omitUndefined } from './aggregate/records.js';
export { commandSchemaOf, objectOf, strictObjectOf, type FieldSchema, type ObjectShape } from './aggregate/schema.js';
export { upcaster } from './aggregate/upcaster.js';
export { isSnapshotDue, type SnapshotPolicy } from './aggregate/snapshot-policy.js';
export { warnOnError, type ErrorReporter, type ReportedErrorContext, type ReportedPhase } from './aggregate/error-reporter.js';
export { createAggregateRepository, type AggregateRepository, type AggregateRepositoryOptions, type LoadedAggregate } from './aggregate/repository.js';
export { createStateCache, type CachedAggregate, type StateCache } from './aggregate/state-cache.js';
export { InvalidEventError, UnknownCommandError } from './command/errors.js';
export { createDecider, type Decider, type ValidCommand } from './command/decision.js';
export {
  createCommandExecutor,
  DEFAULT_CONFLICT_RETRY,
  type Clock,
  type CommandExecutor,
  type CommandExecutorOptions,
  type ConflictRetry,
  type EventPublisher,
  type ExecuteOptions,
  type ExecuteResult,
} from './command/executor.js';
export { EXECUTE_OPTION_LIMITS } from './command/execute-options.js';
export type * from './domain/types.js';
export { createDomainRuntime, type DomainDefinition, type DomainOptions, type DomainRuntime, type DomainStores } from './domain/domain.js';
export type { CatchUpOptions, DomainStatus, DomainSubscriptionOptions, ProcessingOptions } from './domain/read-side.js';
// Read models (rows in real tables, typed queries) and automations (durable reactions, delayed commands), on the durable processor.
export type * from './readmodel/definition.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Direction, type FindQuery, type Page, type ReadModelQuery, type Where, type WhereValue } from './readmodel/query.js';
export { PositionMovedError, type ReadModelStore, type ReadModelTable, type ReadModelTableSpec, type StoredRow, type TableInfo } from './readmodel/store.js';
export { InvalidRowError } from './readmodel/errors.js';
export type * from './automation/definition.js';
export type { ScheduledCommand, ScheduleStore } from './automation/schedule-store.js';
export { reactionCommandId } from './automation/reactor.js';
export { MAX_LEASE_TTL_MS, type LeaseStore } from './processor/lease-store.js';
export type { ProcessorKind, ProcessorState, ProcessorStatus } from './processor/processor.js';
export { ProcessorFailedError, ProcessorTimeoutError } from './processor/errors.js';
export type { ComponentOption, DomainStoreOptions } from './domain/stores.js';
export { given, DEFAULT_TEST_NOW, type GivenOptions, type Outcome, type Scenario } from './testing/given.js';
// Message bus (sequential/concurrent dispatch, retry with backoff, dead letters, redrive), dead-letter queues.
export { createMessageBus, type BusSubscription, type Dispatch, type EventOfType, type MessageBus, type MessageBusOptions, type RedriveOptions, type Unsubscribe } from './bus/message-bus.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, retryPolicy, runWithRetry, type RetryOutcome, type RetryPolicy, type RetryPolicyOptions, type RetryRun } from './bus/retry.js';
export { systemTiming, type Timing } from './bus/timing.js';
export { recordError } from './bus/recorded-error.js';
export type { RedriveResult, RedriveSummary } from './bus/redrive.js';
export { DeadLetterNotFoundError, DeadLetterWriteError, HandlerNotFoundError } from './bus/errors.js';
// Checkpointed catch-up subscriptions (projections) and checkpoint stores.
export { startSubscription, type CheckpointedSubscription, type CheckpointedSubscriptionOptions, type FailureMode, type SubscriptionHandler, type SubscriptionStatus } from './subscription/checkpointed-subscription.js';
export { SubscriptionFailedError, SubscriptionStoppedError } from './subscription/errors.js';
export { checkPosition } from './subscription/checkpoint-store.js';
// EventSourcingDB (HTTP API v1 over fetch): events, schema registration, its errors.
export {
  eventSchemasOf,
  EventSourcingDbHttpError,
  EventSourcingDbProtocolError,
  jsonSchemaFromZod,
  openEventSourcingDbBackend,
  relaxSchemaAt,
  StreamStalledError,
  type EventSchema,
  type EventSourcingDbBackend,
  type EventSourcingDbBackendConfig,
  type JsonSchema,
  type ReconnectOptions,
} from './store/eventsourcingdb/index.js';

/** zod, re-exported so generated code and applications use the same instance as the runtime. */
export { z } from 'zod';
// PostgreSQL (a server through pg, or embedded PGlite; one code path).
export * from './store/postgres/index.js';
// GDPR: per-subject keys (in-memory, SQLite, PostgreSQL/PGlite), the encryption layer for every store, forget, exportSubject.
export * from './gdpr/index.js';

// Backends from connection strings: memory:, sqlite:, pglite:, postgres://, eventsourcingdb://
export * from './connect/index.js';
