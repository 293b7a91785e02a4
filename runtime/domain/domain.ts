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
import { domainGdpr, encryptedStores, type DomainGdprOptions } from '../gdpr/domain-gdpr.js';
import type { SubjectExport } from '../gdpr/export.js';
import type { Gdpr } from '../gdpr/gdpr.js';
import type { ForgetResult } from '../gdpr/key-store.js';
import { createEventStore, createKeyStore, createSnapshotStore } from '../connect/create-stores.js';
import { lazyEventStore, lazyStore } from '../connect/lazy.js';
import { parseStoreUrl } from '../connect/store-url.js';
import type { KeyStore } from '../gdpr/key-store.js';
import type { SnapshotStore } from '../snapshot/snapshot-store.js';
import type { EventStore } from '../store/event-store.js';
import type { AggregateEvent, AggregateMap, AggregateNameOf, AggregateState, CommandDataByName, CommandInputs, DomainCommandType } from './types.js';

/**
 * What a generated domain factory (`createBanking(options)`) accepts: the stores, the bus and the
 * execution policy; `keys` (or `gdpr`) turns on encryption of personal data at rest (docs/gdpr.md).
 * Stores may be given as connection strings (`'sqlite:./app.db'`, `'postgres://...'`; see
 * createEventStore): the domain then opens them itself, and `close()` closes them.
 */
export interface DomainOptions extends Omit<CommandExecutorOptions, 'store' | 'snapshots'>, Omit<DomainGdprOptions, 'keys'> {
  readonly store: EventStore | string;
  readonly snapshots?: SnapshotStore | string | undefined;
  readonly keys?: KeyStore | string | undefined;
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
  /** The GDPR layer wrapping the domain's stores; undefined without `keys` or `gdpr`. */
  readonly gdpr: Gdpr | undefined;
  /**
   * Forgets a data subject (destroys its key, then drops cached states): every later read yields
   * the erased values; commands keep working. Harmless to repeat. Needs `keys` or `gdpr`.
   */
  forget(subject: string): Promise<ForgetResult>;
  /** Every personal data value held on a subject, decrypted, with where it lives (right of access). Needs `keys` or `gdpr`. */
  exportSubject(subject: string): Promise<SubjectExport>;
  /** Closes the stores the domain opened from connection strings (stores passed in stay open). */
  close(): Promise<void>;
}

type ErasedExecutor = CommandExecutor<unknown, Command, DomainEvent>;

/**
 * The runtime behind a generated domain factory:
 * `export const createBanking = (options: DomainOptions) => createDomainRuntime('banking', { Account }, options);`
 * Checks that every aggregate belongs to `domain`, is keyed by its name, and that command names are unique.
 */
export function createDomainRuntime<const A extends AggregateMap, I extends CommandInputs<A> = CommandDataByName<A>>(
  domain: string,
  aggregates: A,
  domainOptions: DomainOptions,
): DomainRuntime<A, I> {
  const byCommand = new Map<string, ErasedExecutor>();
  const byAggregate = new Map<string, ErasedExecutor>();
  const { options, owned } = openStores(domainOptions);
  const gdpr = domainGdpr(domain, aggregates, options);
  const executorOptions = gdpr === undefined ? options : encryptedStores(gdpr, options);
  for (const [name, definition] of Object.entries(aggregates)) {
    assertBelongs(domain, name, definition);
    const executor: ErasedExecutor = createCommandExecutor(definition, executorOptions);
    byAggregate.set(name, executor);
    for (const command of Object.keys(definition.commands)) {
      if (byCommand.has(command)) throw new ConfigurationError(`Domain '${domain}' declares command '${command}' in more than one aggregate`);
      byCommand.set(command, executor);
    }
  }

  const clearCache = (): void => {
    for (const executor of byAggregate.values()) executor.clearCache();
  };
  // Cached states hold decrypted personal data: drop them whenever the layer forgets somebody.
  gdpr?.onForget(clearCache);
  const needGdpr = (): Gdpr => {
    if (gdpr !== undefined) return gdpr;
    throw new ConfigurationError(`Domain '${domain}' has no key store: pass \`keys\` (or \`gdpr\`) to its factory to forget or export data subjects`);
  };

  return {
    name: domain,
    aggregates,
    gdpr,
    forget: async (subject) => needGdpr().forget(subject),
    exportSubject: async (subject) => needGdpr().exportSubject(subject),
    execute(type, data, executeOptions) {
      const executor = byCommand.get(type);
      if (executor === undefined) return Promise.reject(new UnknownCommandError(`Domain '${domain}'`, type));
      // The executor was chosen by command name, so its events are that aggregate's.
      return executor.execute(type, data, executeOptions) as Promise<ExecuteResult<AggregateEvent<A, AggregateNameOf<A, typeof type>>>>;
    },
    load(aggregate, id) {
      const executor = byAggregate.get(aggregate);
      if (executor === undefined) return Promise.reject(new ConfigurationError(`Domain '${domain}' has no aggregate '${aggregate}'`));
      return executor.load(id) as Promise<LoadedAggregate<AggregateState<A, typeof aggregate>>>;
    },
    clearCache,
    async close() {
      await Promise.all(owned.map((store) => store.close()));
    },
  };
}

/**
 * Opens the stores given as connection strings. A malformed string fails here, synchronously, with
 * a ConfigurationError naming the wrong part; connecting happens in the background and a failure
 * surfaces on first use.
 */
function openStores(options: DomainOptions): {
  readonly options: CommandExecutorOptions & DomainGdprOptions;
  readonly owned: readonly { close(): Promise<void> }[];
} {
  const owned: { close(): Promise<void> }[] = [];
  const own = <T extends { close(): Promise<void> }>(store: T): T => {
    owned.push(store);
    return store;
  };
  const { store, snapshots, keys, ...rest } = options;
  const resolved = {
    ...rest,
    store: typeof store === 'string' ? own(lazyEventStore(createEventStore(parseStoreUrl(store)))) : store,
    snapshots:
      typeof snapshots === 'string'
        ? own(lazyStore<SnapshotStore>(createSnapshotStore(parseStoreUrl(snapshots)), ['load', 'save', 'delete', 'close']))
        : snapshots,
    keys:
      typeof keys === 'string'
        ? own(lazyStore<KeyStore>(createKeyStore(parseStoreUrl(keys)), ['activeKey', 'lookup', 'forget', 'keysOf', 'close']))
        : keys,
  };
  return { options: resolved, owned };
}

function assertBelongs(domain: string, name: string, definition: AnyAggregateDefinition): void {
  if (definition.name !== name) {
    throw new ConfigurationError(`Domain '${domain}' lists aggregate '${definition.name}' under the name '${name}'`);
  }
  if (definition.domain !== domain) {
    throw new ConfigurationError(`Aggregate '${name}' belongs to domain '${definition.domain}', not '${domain}'`);
  }
}
