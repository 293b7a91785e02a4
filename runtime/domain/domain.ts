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
import { planDomainStores, type DomainStoreOptions } from './stores.js';
import type { AggregateEvent, AggregateMap, AggregateNameOf, AggregateState, CommandDataByName, CommandInputs, DomainCommandType } from './types.js';

/**
 * What a generated domain factory (`createBanking(options)`) accepts: where the domain keeps its
 * components (connection strings, backends or stores; see DomainStoreOptions), the bus and the
 * execution policy; `keys` (or `gdpr`) turns on encryption of personal data at rest (docs/gdpr.md).
 */
export interface DomainOptions extends Omit<CommandExecutorOptions, 'store' | 'snapshots'>, DomainGdprOptions, DomainStoreOptions {}

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
export interface DomainRuntime<A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>> {
  readonly name: string;
  readonly aggregates: A;
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
  /** Closes the backends the domain opened from connection strings (stores and backends passed in stay open). */
  close(): Promise<void>;
}

type ErasedExecutor = CommandExecutor<unknown, Command, DomainEvent>;

/** What the domain builds once its stores are open. */
interface Running {
  readonly stores: DomainStores;
  readonly executors: ReadonlyMap<string, ErasedExecutor>;
}

/**
 * The runtime behind a generated domain factory:
 * `export const createBanking = (options: DomainOptions) => createDomainRuntime('banking', { Account }, options);`
 * Checks at once that every aggregate belongs to `domain`, is keyed by its name, that command names
 * are unique, and that every connection string is well-formed; connecting happens on first use, and
 * a failure to connect is that call's error.
 */
export function createDomainRuntime<const A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>>(
  domain: string,
  aggregates: A,
  domainOptions: DomainOptions,
): DomainRuntime<A, I> {
  const aggregateOfCommand = new Map<string, string>();
  for (const [name, definition] of Object.entries(aggregates)) {
    assertBelongs(domain, name, definition);
    for (const command of Object.keys(definition.commands)) {
      if (aggregateOfCommand.has(command)) throw new ConfigurationError(`Domain '${domain}' declares command '${command}' in more than one aggregate`);
      aggregateOfCommand.set(command, name);
    }
  }
  checkGivenGdpr(domain, aggregates, domainOptions.gdpr, domainOptions.keys !== undefined);
  const { store: _store, snapshots: _snapshots, checkpoints: _checkpoints, deadLetters: _deadLetters, keys: _keys, gdpr: givenGdpr, ...executorOptions } = domainOptions;
  const plan = planDomainStores(domainOptions);
  const takesSnapshots = Object.values(aggregates).some((definition) => definition.snapshot !== undefined);
  let executors: ReadonlyMap<string, ErasedExecutor> | undefined;
  const clearCache = (): void => {
    for (const executor of executors?.values() ?? []) executor.clearCache();
  };

  let starting: Promise<Running> | undefined;
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
    const byAggregate = new Map<string, ErasedExecutor>();
    for (const [name, definition] of Object.entries(aggregates)) {
      byAggregate.set(name, createCommandExecutor(definition, { ...executorOptions, store: stores.events, snapshots: stores.snapshots }));
    }
    executors = byAggregate;
    return { stores, executors: byAggregate };
  };
  const running = (): Promise<Running> => (starting ??= start());

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
    async execute(type, data, executeOptions) {
      const aggregate = aggregateOfCommand.get(type);
      if (aggregate === undefined) throw new UnknownCommandError(`Domain '${domain}'`, type);
      const executor = (await running()).executors.get(aggregate);
      if (executor === undefined) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
      // The executor was chosen by command name, so its events are that aggregate's.
      return executor.execute(type, data, executeOptions) as Promise<ExecuteResult<AggregateEvent<A, AggregateNameOf<A, typeof type>>>>;
    },
    async load(aggregate, id) {
      if (!Object.hasOwn(aggregates, aggregate)) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
      const executor = (await running()).executors.get(aggregate);
      if (executor === undefined) throw new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`);
      return executor.load(id) as Promise<LoadedAggregate<AggregateState<A, typeof aggregate>>>;
    },
    clearCache,
    stores: async () => (await running()).stores,
    async close() {
      await starting?.catch(() => undefined);
      await plan.close();
    },
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
