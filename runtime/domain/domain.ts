import { ConfigurationError } from '../errors/errors.js';
import type { Command, DomainEvent } from '../aggregate/definition.js';
import type { LoadedAggregate } from '../aggregate/repository.js';
import type { AnyAggregateDefinition } from '../aggregate/types.js';
import { UnknownCommandError } from '../command/errors.js';
import {
  createCommandExecutor,
  type CommandExecutor,
  type CommandExecutorOptions,
  type ExecuteOptions,
  type ExecuteResult,
} from '../command/executor.js';
import { checkGivenGdpr, encryptedComponent, type DomainGdprOptions } from '../gdpr/domain-gdpr.js';
import type { SubjectExport } from '../gdpr/export.js';
import { createGdpr, type Gdpr } from '../gdpr/gdpr.js';
import type { ForgetResult } from '../gdpr/key-store.js';
import type { Backend, BackendComponents, ComponentName } from '../store/backend.js';
import type { EventStore } from '../store/event-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { AutomationMap } from '../automation/definition.js';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import type { RedriveResult } from '../bus/redrive.js';
import type { ReadModelMap } from '../readmodel/definition.js';
import type { ReadModelQuery } from '../readmodel/query.js';
import { createInMemoryCheckpointStore } from '../store/memory/checkpoints.js';
import { createInMemoryDeadLetterQueue } from '../store/memory/dead-letters.js';
import { createInMemoryLeaseStore } from '../store/memory/leases.js';
import { createInMemoryReadModelStore } from '../store/memory/read-models.js';
import { createInMemoryScheduleStore } from '../store/memory/schedules.js';
import type { CheckpointedSubscription } from '../subscription/checkpointed-subscription.js';
import { checkInline, createReadSide, type CatchUpOptions, type DomainStatus, type DomainSubscriptionOptions, type ProcessingOptions, type ReadSide } from './read-side.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import { planDomainStores, type DomainStoreOptions } from './stores.js';
import type {
  AggregateEvent,
  AggregateMap,
  AggregateNameOf,
  AggregateState,
  CommandDataByName,
  CommandInputs,
  DomainCommandType,
  DomainEventEnvelopeOf,
  ReadModelQueries,
} from './types.js';

/**
 * What a generated domain factory (`createBanking(options)`) accepts: where the domain keeps its
 * components (connection strings, backends or stores; see DomainStoreOptions), the bus and the
 * execution policy; `keys` (or `gdpr`) turns on encryption of personal data at rest (docs/gdpr.md).
 */
export interface DomainOptions extends Omit<CommandExecutorOptions, 'store' | 'snapshots'>, DomainGdprOptions, DomainStoreOptions {
  /** How read models and automations run: page size, leases, polling, retries, catch-up timeout (docs/read-models.md). */
  readonly processing?: ProcessingOptions | undefined;
}

/** What a generated domain factory hands the runtime: the domain's name and its definitions. */
export interface DomainDefinition<A extends AggregateMap, R extends ReadModelMap = {}, U extends AutomationMap = {}> {
  readonly name: string;
  readonly aggregates: A;
  readonly readModels?: R | undefined;
  readonly automations?: U | undefined;
}

/**
 * The components a running domain works on, as its own code sees them: the event store, snapshot
 * store and dead-letter queue encrypted by the GDPR layer when it is on.
 */
export interface DomainStores {
  /** The event store commands append to (encrypting personal data when the GDPR layer is on). */
  readonly events: EventStore;
  /** Undefined when no aggregate of the domain takes snapshots, or none was given. */
  readonly snapshots: SnapshotStore | undefined;
  /** The GDPR layer; undefined without `keys` or `gdpr`. */
  readonly gdpr: Gdpr | undefined;
  /** The backend holding the events, when the domain was given a connection string or a backend for them. */
  readonly backend: Backend | undefined;
  /**
   * Any other component (checkpoints, dead letters...), opened on first request from where the
   * options put it (by default the events' backend); undefined when the domain has none. Dead
   * letters come encrypted by the GDPR layer when it is on.
   */
  component<N extends ComponentName>(name: N): Promise<BackendComponents[N] | undefined>;
}

/**
 * A running domain: typed command execution and aggregate loading over its stores and bus. `I` maps
 * each command name to the data callers pass (the schema's input: fields with defaults optional);
 * generated factories supply it.
 */
export interface DomainRuntime<A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>, R extends ReadModelMap = {}> {
  readonly name: string;
  readonly aggregates: A;
  /** The typed query API of each read model: `readModels.AccountSummary.get(id)`, `.find({ where })`, `.count()`. */
  readonly readModels: ReadModelQueries<R>;
  /**
   * Resolves once every read model and automation has handled every event committed before the
   * call, and every event those automations appended meanwhile (cascades settle); delayed commands
   * that are due run too, later ones are not awaited. Without `start()`, the work is done here.
   * Rejects with ProcessorFailedError if one of them failed, ProcessorTimeoutError after the timeout.
   */
  catchUp(options?: CatchUpOptions): Promise<void>;
  /** Runs read models, automations and delayed commands in the background until `close()`. */
  start(): Promise<void>;
  /** Where each read model and automation is, what it did, and why it stopped if it failed. */
  status(): Promise<DomainStatus>;
  /** Drops a read model's rows and builds it again from the start of the log; resolves when rebuilt. */
  rebuild(readModel: keyof R & string): Promise<void>;
  /**
   * Reacts again to the event of a failed automation's dead letter (commands already executed are
   * no-ops): on success the letter is removed; on failure it stays with the new error.
   */
  redrive(deadLetterId: string): Promise<RedriveResult>;
  /** Where failed reactions (and subscription events in dead-letter mode) are kept. */
  deadLetters(): Promise<DeadLetterQueue>;
  /**
   * A checkpointed consumer of the domain's events for the application's own handlers: typed,
   * decrypted, upcast to current versions, resumed after a restart (stop it with its `stop()`, or `close()`).
   */
  subscribe<T extends DomainEventEnvelopeOf<A>['type'] = DomainEventEnvelopeOf<A>['type']>(
    options: DomainSubscriptionOptions<DomainEventEnvelopeOf<A>, T>,
  ): Promise<CheckpointedSubscription>;
  /** Executes a command by name, e.g. `execute('Deposit', { accountId, amount })`. See CommandExecutor.execute. */
  execute<T extends DomainCommandType<A>>(
    type: T,
    data: NoInfer<I[T]>,
    options?: ExecuteOptions,
  ): Promise<ExecuteResult<AggregateEvent<A, AggregateNameOf<A, T>>>>;
  /** Loads an aggregate instance, e.g. `load('Account', id)`; `exists` is false for a stream with no events. */
  load<N extends keyof A & string>(aggregate: N, id: string): Promise<LoadedAggregate<AggregateState<A, N>>>;
  /** Drops every cached aggregate state (see `cacheSize`), e.g. after forgetting a data subject. */
  clearCache(): void;
  /** The domain's stores, once open (connection strings are opened on first use). */
  stores(): Promise<DomainStores>;
  /**
   * Forgets a data subject (destroys its key, then drops cached states): every later read yields
   * the erased values; commands keep working. Harmless to repeat. Needs `keys` or `gdpr`.
   */
  forget(subject: string): Promise<ForgetResult>;
  /** Every personal data value held on a subject, decrypted, with where it lives (right of access). Needs `keys` or `gdpr`. */
  exportSubject(subject: string): Promise<SubjectExport>;
  /** Stops read models, automations and subscriptions, then closes the backends the domain opened from connection strings (stores and backends passed in stay open). */
  close(): Promise<void>;
}

type ErasedExecutor = CommandExecutor<unknown, Command, DomainEvent>;

/** What the domain builds once its stores are open. */
interface Running {
  readonly stores: DomainStores;
  readonly executors: ReadonlyMap<string, ErasedExecutor>;
  readonly readSide: ReadSide;
  readonly deadLetters: DeadLetterQueue;
}

/**
 * The runtime behind a generated domain factory:
 * `export const createBanking = (options: DomainOptions) => createDomainRuntime('banking', { Account }, options);`
 * Checks at once that every aggregate belongs to `domain`, is keyed by its name, that command names
 * are unique, and that every connection string is well-formed; connecting happens on first use, and
 * a failure to connect is that call's error.
 */
export function createDomainRuntime<const A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>, R extends ReadModelMap = {}>(
  definition: DomainDefinition<A, R, AutomationMap>,
  domainOptions: DomainOptions,
): DomainRuntime<A, I, R>;
export function createDomainRuntime<const A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>>(
  domain: string,
  aggregates: A,
  domainOptions: DomainOptions,
): DomainRuntime<A, I>;
export function createDomainRuntime(
  definitionOrName: DomainDefinition<AggregateMap, ReadModelMap, AutomationMap> | string,
  aggregatesOrOptions: AggregateMap | DomainOptions,
  maybeOptions?: DomainOptions,
): DomainRuntime<AggregateMap, CommandInputs<AggregateMap>, ReadModelMap> {
  const definition: DomainDefinition<AggregateMap, ReadModelMap, AutomationMap> =
    typeof definitionOrName === 'string' ? { name: definitionOrName, aggregates: aggregatesOrOptions as AggregateMap } : definitionOrName;
  const domainOptions = (typeof definitionOrName === 'string' ? maybeOptions : aggregatesOrOptions) as DomainOptions;
  const { name: domain, aggregates } = definition;
  const readModelDefinitions = definition.readModels ?? {};
  const aggregateOfCommand = new Map<string, string>();
  for (const [name, definition] of Object.entries(aggregates)) {
    assertBelongs(domain, name, definition);
    for (const command of Object.keys(definition.commands)) {
      if (aggregateOfCommand.has(command)) throw new ConfigurationError(`Domain '${domain}' declares command '${command}' in more than one aggregate`);
      aggregateOfCommand.set(command, name);
    }
  }
  checkGivenGdpr(domain, aggregates, domainOptions.gdpr, domainOptions.keys !== undefined);
  checkInline(domain, readModelDefinitions, domainOptions.processing?.inline, domainOptions.keys !== undefined || domainOptions.gdpr !== undefined);
  const {
    store: _store,
    snapshots: _snapshots,
    checkpoints: _checkpoints,
    deadLetters: _deadLetters,
    keys: _keys,
    readModels: _readModels,
    leases: _leases,
    schedules: _schedules,
    processing,
    gdpr: givenGdpr,
    ...executorOptions
  } = domainOptions;
  const plan = planDomainStores(domainOptions);
  const takesSnapshots = Object.values(aggregates).some((definition) => definition.snapshot !== undefined);
  let executors: ReadonlyMap<string, ErasedExecutor> | undefined;
  const clearCache = (): void => {
    for (const executor of executors?.values() ?? []) executor.clearCache();
  };

  let starting: Promise<Running> | undefined;
  /** What `starting` resolved to, once it did: commands then skip the await. */
  let started: { readonly running: Running; ready: boolean } | undefined;
  const start = async (): Promise<Running> => {
    const events = await plan.component('events');
    if (events === undefined) throw new ConfigurationError(`Domain '${domain}' has no event store: pass \`store\``);
    const snapshots = takesSnapshots ? await plan.component('snapshots') : undefined;
    const keys = await plan.component('keys');
    const gdpr = givenGdpr ?? (keys === undefined ? undefined : createGdpr({ keys, aggregates }));
    // Cached states hold decrypted personal data: drop them whenever the layer forgets somebody.
    gdpr?.onForget(clearCache);
    const stores: DomainStores = {
      events: gdpr === undefined ? events : encryptedComponent(gdpr, 'events', events),
      snapshots: snapshots === undefined || gdpr === undefined ? snapshots : encryptedComponent(gdpr, 'snapshots', snapshots),
      gdpr,
      backend: await plan.eventBackend(),
      async component(name) {
        const component = await plan.component(name);
        return gdpr === undefined || component === undefined ? component : encryptedComponent(gdpr, name, component);
      },
    };
    // The read side's components live where the options put them (by default the events' backend),
    // or in memory when that backend has none (an EventStore object was given, or EventSourcingDB).
    const deadLetters = (await stores.component('deadLetters')) ?? (gdpr === undefined ? createInMemoryDeadLetterQueue() : encryptedComponent(gdpr, 'deadLetters', createInMemoryDeadLetterQueue()));
    const readSide = createReadSide(
      domain,
      { aggregates: Object.values(aggregates), readModels: readModelDefinitions, automations: definition.automations ?? {} },
      {
        events: stores.events,
        readModels: (await plan.component('readModels')) ?? createInMemoryReadModelStore(),
        leases: (await plan.component('leases')) ?? createInMemoryLeaseStore(),
        checkpoints: (await plan.component('checkpoints')) ?? createInMemoryCheckpointStore(),
        deadLetters,
        schedules: (await plan.component('schedules')) ?? createInMemoryScheduleStore(),
        keys: gdpr?.keys,
      },
      (command, data, reactionOptions) => execute(command, data, reactionOptions),
      executorOptions.clock ?? (() => new Date()),
      processing,
    );
    // Inline read models change their rows in each command's append transaction.
    const appendTo = readSide.projectsInline ? appendingWithin(stores.events, readSide) : stores.events;
    const byAggregate = new Map<string, ErasedExecutor>();
    for (const [name, aggregate] of Object.entries(aggregates)) {
      byAggregate.set(name, createCommandExecutor(aggregate, { ...executorOptions, store: appendTo, snapshots: stores.snapshots }));
    }
    executors = byAggregate;
    const running: Running = { stores, executors: byAggregate, readSide, deadLetters };
    started = { running, ready: false };
    return running;
  };
  const running = (): Promise<Running> => (starting ??= start());

  async function execute(type: string, data: unknown, executeOptions: ExecuteOptions | undefined): Promise<ExecuteResult<DomainEvent>> {
    const aggregate = aggregateOfCommand.get(type);
    if (aggregate === undefined) throw new UnknownCommandError(`Domain '${domain}'`, type);
    const { executors: byAggregate, readSide } = started?.running ?? (await running());
    const executor = byAggregate.get(aggregate);
    if (executor === undefined) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
    // New automations start at the head of the log as it was before this runtime's first command.
    if (started?.ready !== true) {
      await readSide.ready();
      if (started !== undefined) started.ready = true;
    }
    const result = await executor.execute(type, data, executeOptions);
    if (result.events.length > 0) readSide.appended();
    return result;
  }
  const readSide = async (): Promise<ReadSide> => (await running()).readSide;
  const queries: Record<string, ReadModelQuery<object, string>> = {};
  for (const name of Object.keys(readModelDefinitions)) {
    const query = async (): Promise<ReadModelQuery<object, string>> => {
      const found = (await readSide()).queries[name];
      if (found === undefined) throw new ConfigurationError(`Domain '${domain}' has no read model '${name}'`);
      return found;
    };
    queries[name] = {
      get: async (key) => (await query()).get(key),
      find: async (findQuery) => (await query()).find(findQuery),
      count: async (where) => (await query()).count(where),
    };
  }

  const needGdpr = async (): Promise<Gdpr> => {
    const { gdpr } = (await running()).stores;
    if (gdpr !== undefined) return gdpr;
    throw new ConfigurationError(`Domain '${domain}' has no key store: pass \`keys\` (or \`gdpr\`) to its factory to forget or export data subjects`);
  };

  return {
    name: domain,
    aggregates,
    forget: async (subject) => (await needGdpr()).forget(subject),
    exportSubject: async (subject) => (await needGdpr()).exportSubject(subject),
    execute,
    readModels: queries,
    catchUp: async (options) => (await readSide()).catchUp(options),
    start: async () => (await readSide()).start(),
    status: async () => (await readSide()).status(),
    rebuild: async (readModel) => (await readSide()).rebuild(readModel),
    redrive: async (letterId) => (await readSide()).redrive(letterId),
    deadLetters: async () => (await running()).deadLetters,
    // The read side hands `handle` only the events of the `on` types, so its narrower parameter is safe.
    subscribe: async (subscription) => (await readSide()).subscribe(subscription as unknown as DomainSubscriptionOptions<DomainEnvelope>),
    async load(aggregate, id) {
      if (!Object.hasOwn(aggregates, aggregate)) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
      const executor = (await running()).executors.get(aggregate);
      if (executor === undefined) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
      return executor.load(id);
    },
    clearCache,
    stores: async () => (await running()).stores,
    async close() {
      const started = await starting?.catch(() => undefined);
      await started?.readSide.stop();
      await plan.close();
    },
  };
}

/** The event store commands append to, with the inline read models' work in every append's transaction. */
function appendingWithin(store: EventStore, readSide: ReadSide): EventStore {
  return {
    append: async (streamId, events, options) => store.append(streamId, events, { ...options, within: await readSide.inlineWork(events) }),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readStreamPages: (streamId, options) => store.readStreamPages(streamId, options),
    streamVersion: (streamId) => store.streamVersion(streamId),
    headPosition: () => store.headPosition(),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}

function assertBelongs(domain: string, name: string, definition: AnyAggregateDefinition): void {
  if (definition.name !== name) {
    throw new ConfigurationError(`Domain '${domain}' lists aggregate '${definition.name}' under the name '${name}'`);
  }
  if (definition.domain !== domain) {
    throw new ConfigurationError(`Aggregate '${name}' belongs to domain '${definition.domain}', not '${domain}'`);
  }
}
