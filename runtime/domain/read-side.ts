import { randomUUID } from 'node:crypto';
import type { AnyAutomationDefinition, AutomationMap } from '../automation/definition.js';
import { automationProcessorName, createReactor, type ReactionExecutor, type Reactor } from '../automation/reactor.js';
import type { ScheduleStore } from '../automation/schedule-store.js';
import { createScheduler, type Scheduler } from '../automation/scheduler.js';
import type { AnyAggregateDefinition } from '../aggregate/types.js';
import type { DeadLetter, DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { DeadLetterNotFoundError, HandlerNotFoundError } from '../bus/errors.js';
import { recordError } from '../bus/recorded-error.js';
import type { RedriveResult } from '../bus/redrive.js';
import { retryPolicy, type RetryPolicyOptions } from '../bus/retry.js';
import { resolveTiming, type Timing } from '../bus/timing.js';
import { ConfigurationError } from '../errors/errors.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { KeyStore } from '../gdpr/key-store.js';
import type { LeaseStore } from '../processor/lease-store.js';
import { MAX_LEASE_TTL_MS } from '../processor/lease-store.js';
import { createProcessor, type Processor, type ProcessorStatus } from '../processor/processor.js';
import type { AnyReadModelDefinition, ReadModelMap } from '../readmodel/definition.js';
import { createProjector, readModelProcessorName, tableSpecOf } from '../readmodel/projector.js';
import { createReadModelQuery } from '../readmodel/queries.js';
import type { ReadModelQuery } from '../readmodel/query.js';
import { encryptedRows, plainRows } from '../readmodel/row-codec.js';
import type { ReadModelStore } from '../readmodel/store.js';
import type { AppendWithin, EventStore } from '../store/event-store.js';
import type { NewEvent } from '../events/envelope.js';
import { andThen, createInlineProjection } from '../readmodel/inline.js';
import { startSubscription, type CheckpointedSubscription, type FailureMode } from '../subscription/checkpointed-subscription.js';
import type { CheckpointStore } from '../subscription/checkpoint-store.js';
import { createDomainEventDecoder } from './event-decoder.js';

/** The stores the read side works on; the domain opens them (one backend, or given objects). */
export interface ReadSideStores {
  /** The domain's event store as consumers read it: through the GDPR layer when there is one. */
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  readonly leases: LeaseStore;
  readonly checkpoints: CheckpointStore;
  /** Through the GDPR layer when there is one. */
  readonly deadLetters: DeadLetterQueue;
  /** Required when an automation has `after:`. */
  readonly schedules: ScheduleStore | undefined;
  /** Row encryption of read models with pii; undefined without GDPR. */
  readonly keys: KeyStore | undefined;
}

/** How read models and automations are run (DomainOptions.processing). Every field is optional. */
export interface ProcessingOptions {
  /** Events read per page (and per read-model transaction). Default 500; 1 to 10,000. */
  readonly batchSize?: number | undefined;
  /** How long a process's lease on a read model or automation lasts without renewal: a dead holder's work moves to another process after this. Default 10 s. */
  readonly leaseTtlMs?: number | undefined;
  /** How often an idle processor looks for events appended by other processes, and a follower at the holder's progress. Default 250 ms. */
  readonly pollIntervalMs?: number | undefined;
  /** Retries of a failing read-model page or automation command. Default: DEFAULT_RETRY_POLICY. */
  readonly retry?: RetryPolicyOptions | undefined;
  /** A read model whose page still fails after the retries: `stop` it (default; nothing is skipped) or `dead-letter` the failing event and go on. */
  readonly onReadModelFailure?: FailureMode | undefined;
  /** What `catchUp` waits at most before ProcessorTimeoutError. Default 30 s. */
  readonly catchUpTimeoutMs?: number | undefined;
  /** A new automation reacts to events committed after it first ran (`now`, default) or to the whole log (`beginning`). */
  readonly automationsStartAt?: 'now' | 'beginning' | undefined;
  /**
   * Read models projected inline: in the transaction of each command's append, so a query right
   * after `execute` sees its events without `catchUp()`. Needs the events and the read model in one
   * SQLite or PostgreSQL database, and (when personal data is encrypted) a read model without any; the processor still catches up with
   * what other processes append. Default none.
   */
  readonly inline?: readonly string[] | undefined;
  /** Clock, timer and randomness of retries (tests). */
  readonly timing?: Partial<Timing> | undefined;
}

/** A typed, checkpointed consumer of the domain's events for an application's own handlers (domain.subscribe). */
export interface DomainSubscriptionOptions<E extends DomainEnvelope, T extends E['type'] = E['type']> {
  /** Identifies the checkpoint: keep it stable across restarts. */
  readonly name: string;
  /** Only these event types; default all of the domain's. `handle` is typed for the ones listed. */
  readonly on?: readonly T[] | undefined;
  readonly handle: (event: Extract<E, { readonly type: T }>) => void | Promise<void>;
  readonly retry?: RetryPolicyOptions | undefined;
  /** `stop` (default) or `dead-letter` (into the domain's dead-letter queue). */
  readonly onFailure?: FailureMode | undefined;
  readonly batchSize?: number | undefined;
}

export interface CatchUpOptions {
  /** Default ProcessingOptions.catchUpTimeoutMs. */
  readonly timeoutMs?: number | undefined;
}

export interface DomainStatus {
  readonly processors: readonly ProcessorStatus[];
  /** Delayed commands waiting (up to 1,000 counted). */
  readonly scheduled: number;
}

export interface ReadSide {
  readonly queries: Readonly<Record<string, ReadModelQuery<object, string>>>;
  catchUp(options?: CatchUpOptions): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  status(): Promise<DomainStatus>;
  rebuild(readModel: string): Promise<void>;
  redrive(letterId: string): Promise<RedriveResult>;
  subscribe(options: DomainSubscriptionOptions<DomainEnvelope>): CheckpointedSubscription;
  /** The domain appended events (a command): wake the processors. */
  appended(): void;
  /** Resolves once automations know where they start (new ones: the head of the log). */
  ready(): Promise<void>;
  /** Whether any read model is projected inline (processing.inline). */
  readonly projectsInline: boolean;
  /** The inline read models' work inside the append of `events` (their plaintext), ready to run. */
  inlineWork(events: readonly NewEvent[]): Promise<AppendWithin | undefined>;
}

const DEFAULTS = { batchSize: 500, leaseTtlMs: 10_000, pollIntervalMs: 250, catchUpTimeoutMs: 30_000 };
/** Rounds of cascading automations catchUp follows before it calls it a loop. */
const MAX_CATCH_UP_ROUNDS = 1000;

function bounded(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < min || chosen > max) throw new ConfigurationError(`processing.${name} must be an integer from ${min} to ${max} (got ${String(value)})`);
  return chosen;
}

/**
 * The read side of a domain: its read models' projectors and query APIs, its automations' reactors
 * and scheduler, `catchUp`, `start`/`stop`, status, rebuilds, redrives and typed subscriptions.
 */
export function createReadSide(
  domain: string,
  definitions: { readonly aggregates: Iterable<AnyAggregateDefinition>; readonly readModels: ReadModelMap; readonly automations: AutomationMap },
  stores: ReadSideStores,
  execute: ReactionExecutor,
  clock: () => Date,
  options: ProcessingOptions = {},
): ReadSide {
  const batchSize = bounded('batchSize', options.batchSize, DEFAULTS.batchSize, 1, 10_000);
  const leaseTtlMs = bounded('leaseTtlMs', options.leaseTtlMs, DEFAULTS.leaseTtlMs, 100, MAX_LEASE_TTL_MS);
  const pollIntervalMs = bounded('pollIntervalMs', options.pollIntervalMs, DEFAULTS.pollIntervalMs, 1, 3_600_000);
  const catchUpTimeoutMs = bounded('catchUpTimeoutMs', options.catchUpTimeoutMs, DEFAULTS.catchUpTimeoutMs, 1, 86_400_000);
  const retry = retryPolicy(options.retry);
  const timing = resolveTiming(options.timing ?? {});
  const owner = randomUUID();
  const decoder = createDomainEventDecoder(definitions.aggregates);
  const processorSettings = {
    events: stores.events,
    leases: stores.leases,
    owner,
    leaseTtlMs,
    batchSize,
    pollIntervalMs,
    retry,
    timing,
    deadLetters: stores.deadLetters,
  };

  const readModels = Object.values(definitions.readModels) as readonly AnyReadModelDefinition[];
  const automations = Object.values(definitions.automations) as readonly AnyAutomationDefinition[];
  for (const definition of [...readModels, ...automations]) {
    if (definition.domain !== domain) throw new ConfigurationError(`${definition.name} belongs to domain '${definition.domain}', not '${domain}'`);
  }
  if (automations.some((automation) => automation.delayMs > 0) && stores.schedules === undefined) {
    throw new ConfigurationError(`Domain '${domain}' has automations with \`after:\` but no schedule store: delayed commands need one (memory:, sqlite: or postgres:)`);
  }

  const inlineNames = checkInline(domain, definitions.readModels, options.inline, stores.keys !== undefined);

  const queries: Record<string, ReadModelQuery<object, string>> = {};
  const processors: Processor[] = [];
  const projectors = new Map<string, ReturnType<typeof createProjector>>();
  for (const definition of readModels) {
    const rows = stores.keys === undefined ? plainRows : encryptedRows(stores.keys, definition);
    const projector = createProjector(definition, { store: stores.readModels, decoder, rows });
    projectors.set(definition.name, projector);
    processors.push(createProcessor(projector, { ...processorSettings, onFailure: options.onReadModelFailure ?? 'stop' }));
    queries[definition.name] = createReadModelQuery(definition, projector.table, rows);
  }

  // Positions appended by reactions during a catchUp round: the next round's target.
  let appendedThrough = 0;
  const head = (): Promise<number> => logHead(stores.events);
  const reactors = new Map<string, Reactor>();
  for (const definition of automations) {
    const reactor = createReactor(definition, {
      decoder,
      execute,
      checkpoints: stores.checkpoints,
      schedules: stores.schedules,
      deadLetters: stores.deadLetters,
      retry,
      timing,
      appended: (position) => {
        appendedThrough = Math.max(appendedThrough, position);
      },
      startAt: options.automationsStartAt === 'beginning' ? async () => 0 : head,
    });
    reactors.set(definition.name, reactor);
    // Reactions never stop the automation (failures are dead-lettered per command); a failing store still does.
    processors.push(createProcessor(reactor, { ...processorSettings, onFailure: 'stop' }));
  }
  const byName = new Map(processors.map((processor) => [processor.name, processor]));
  const inline = inlineNames.map((name) => {
    const definition = readModels.find((candidate) => candidate.name === name);
    const projector = projectors.get(name);
    if (definition === undefined || projector === undefined) throw new ConfigurationError(`Domain '${domain}' has no read model '${name}'`);
    return { projection: createInlineProjection(definition, decoder), projector };
  });

  const readEvent = async (streamId: string, version: number): Promise<DomainEnvelope | undefined> => {
    for await (const envelope of stores.events.readStream(streamId, { fromVersion: version, toVersion: version })) return decoder.decode(envelope);
    return undefined;
  };
  const scheduler: Scheduler | undefined =
    stores.schedules === undefined || !automations.some((automation) => automation.delayMs > 0)
      ? undefined
      : createScheduler({ domain, schedules: stores.schedules, reactors, readEvent, leases: stores.leases, owner, leaseTtlMs, pollIntervalMs, clock });

  // A new automation starts at the head of the log as it is when the domain first runs with it.
  // Asked again after a failure (the store was down), so one bad moment is not forever.
  let starting: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (starting ??= Promise.all(processors.filter((processor) => processor.kind === 'automation').map((processor) => processor.pump(0, catchUpTimeoutMs))).then(
      () => undefined,
      (error: unknown) => {
        starting = undefined;
        throw error;
      },
    ));

  let started = false;
  const subscriptions = new Set<CheckpointedSubscription>();

  return {
    queries,
    ready,
    projectsInline: inline.length > 0,
    async inlineWork(events) {
      if (inline.length === 0) return undefined;
      for (const { projection, projector } of inline) {
        const table = await projector.table();
        if (table.joinTransaction === undefined) {
          throw new ConfigurationError(`Read model ${domain}.${projection.name} is projected inline, but its store cannot join an append's transaction: keep the events and the read model in one SQLite or PostgreSQL database, or drop it from processing.inline`);
        }
        projection.prepare(table);
      }
      return (stored, scope) => {
        // The store hands over what it stored (encrypted, under the GDPR layer); the rows are built from the plaintext.
        const plain = stored.map((envelope, index) => ({ ...envelope, data: events[index]?.data ?? envelope.data }));
        const projectFrom = (index: number): void | Promise<void> => {
          const next = inline[index];
          return next === undefined ? undefined : andThen(next.projection.project(plain, scope), () => projectFrom(index + 1));
        };
        return projectFrom(0);
      };
    },
    async catchUp(catchUpOptions = {}) {
      const timeoutMs = bounded('catchUpTimeoutMs', catchUpOptions.timeoutMs, catchUpTimeoutMs, 1, 86_400_000);
      const deadline = Date.now() + timeoutMs;
      await ready();
      let target = await head();
      for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
        appendedThrough = 0;
        await Promise.all(processors.map((processor) => processor.pump(target, Math.max(1, deadline - Date.now()))));
        await scheduler?.runDue();
        if (appendedThrough <= target) return;
        target = appendedThrough;
      }
      throw new ConfigurationError(`Domain '${domain}': catchUp followed ${MAX_CATCH_UP_ROUNDS} rounds of automations triggering each other; an automation loop never settles`);
    },
    start() {
      if (started) return;
      started = true;
      for (const processor of processors) processor.start();
      scheduler?.start();
    },
    async stop() {
      started = false;
      await Promise.all([...processors.map((processor) => processor.stop()), scheduler?.stop(), ...[...subscriptions].map((subscription) => subscription.stop())]);
    },
    async status() {
      const scheduled = stores.schedules === undefined ? 0 : (await stores.schedules.pending(domain, 1000)).length;
      return { processors: processors.map((processor) => processor.status()), scheduled };
    },
    async rebuild(name) {
      const definition = definitions.readModels[name];
      const projector = projectors.get(name);
      const processor = byName.get(readModelProcessorName({ domain, name }));
      if (definition === undefined || projector === undefined || processor === undefined) {
        throw new ConfigurationError(`Domain '${domain}' has no read model '${name}'${readModels.length === 0 ? '' : ` (it has ${readModels.map((d) => d.name).join(', ')})`}`);
      }
      const spec = tableSpecOf(definition);
      await processor.reset(() => stores.readModels.drop(spec.domain, spec.name, spec.shapeHash));
      await processor.pump(await head(), catchUpTimeoutMs);
    },
    async redrive(letterId) {
      const letter: DeadLetter | undefined = await stores.deadLetters.get(letterId);
      if (letter === undefined) throw new DeadLetterNotFoundError(letterId);
      const automation = automations.find((definition) => automationProcessorName(definition) === letter.handler);
      const reactor = automation === undefined ? undefined : reactors.get(automation.name);
      if (reactor === undefined) throw new HandlerNotFoundError(letter.handler);
      const event = decoder.decode(letter.event);
      if (event === undefined) throw new HandlerNotFoundError(letter.handler);
      const failure = await reactor.redrive(event);
      if (failure === undefined) {
        await stores.deadLetters.remove(letterId);
        return { status: 'delivered', attempts: 1 };
      }
      const updated = await stores.deadLetters.update(letterId, { error: recordError(failure.error), attempts: letter.attempts + failure.attempts, failedAt: timing.now().toISOString() });
      return { status: 'failed', letter: updated ?? letter };
    },
    subscribe(subscription) {
      const wanted = subscription.on === undefined ? undefined : new Set<string>(subscription.on);
      const started = startSubscription({
        name: subscription.name,
        store: stores.events,
        checkpoints: stores.checkpoints,
        deadLetters: stores.deadLetters,
        ...(subscription.retry === undefined ? {} : { retry: subscription.retry }),
        ...(subscription.onFailure === undefined ? {} : { onFailure: subscription.onFailure }),
        ...(subscription.batchSize === undefined ? {} : { batchSize: subscription.batchSize }),
        ...(options.timing === undefined ? {} : options.timing),
        handle: async (envelope) => {
          if (wanted !== undefined && !wanted.has(envelope.type)) return;
          const event = decoder.decode(envelope);
          if (event !== undefined) await subscription.handle(event);
        },
      });
      subscriptions.add(started);
      return started;
    },
    appended() {
      for (const processor of processors) processor.wake();
    },
  };
}

/**
 * The read models `processing.inline` names, checked: distinct read models of the domain, and, when
 * personal data is encrypted (`encrypts`), none with personal data (sealing rows needs keys fetched
 * asynchronously, which a synchronous transaction cannot wait for). Throws ConfigurationError; the
 * domain factory calls it at once.
 */
export function checkInline(domain: string, readModels: ReadModelMap, inline: readonly string[] | undefined, encrypts: boolean): readonly string[] {
  if (inline === undefined) return [];
  const names = Object.keys(readModels);
  const known = names.join(', ') || 'it has none';
  if (!Array.isArray(inline) || inline.length > names.length || new Set(inline).size !== inline.length) {
    throw new ConfigurationError(`processing.inline must list distinct read models of domain '${domain}' (${known})`);
  }
  for (const name of inline as readonly unknown[]) {
    const definition = typeof name === 'string' && Object.hasOwn(readModels, name) ? (readModels[name] as AnyReadModelDefinition) : undefined;
    if (definition === undefined) throw new ConfigurationError(`processing.inline names '${String(name)}', which is not a read model of domain '${domain}' (${known})`);
    if (encrypts && definition.pii.length > 0) {
      throw new ConfigurationError(`Read model ${domain}.${definition.name} holds personal data, encrypted under keys, and cannot be projected inline: drop it from processing.inline and call catchUp() after commands`);
    }
  }
  return inline;
}

/** The position of the last event in the log (0 when empty). */
async function logHead(store: EventStore): Promise<number> {
  const withHead = store as EventStore & { headPosition?: () => Promise<number> };
  if (typeof withHead.headPosition === 'function') return withHead.headPosition();
  let last = 0;
  for await (const event of store.readAll({ after: 0 })) last = event.position;
  return last;
}
