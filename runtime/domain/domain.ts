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
import type { AggregateEvent, AggregateMap, AggregateNameOf, AggregateState, DomainCommandData, DomainCommandType } from './types.js';

/** What a generated domain factory (`createBanking(options)`) accepts: the stores, the bus and the execution policy. */
export type DomainOptions = CommandExecutorOptions;

/** A running domain: typed command execution and aggregate loading over its stores and bus. */
export interface DomainRuntime<A extends AggregateMap> {
  readonly name: string;
  readonly aggregates: A;
  /** Executes a command by name, e.g. `execute('Deposit', { accountId, amount })`. See CommandExecutor.execute. */
  execute<T extends DomainCommandType<A>>(
    type: T,
    data: DomainCommandData<A, T>,
    options?: ExecuteOptions,
  ): Promise<ExecuteResult<AggregateEvent<A, AggregateNameOf<A, T>>>>;
  /** Loads an aggregate instance, e.g. `load('Account', id)`; `exists` is false for a stream with no events. */
  load<N extends keyof A & string>(aggregate: N, id: string): Promise<LoadedAggregate<AggregateState<A, N>>>;
  /** Drops every cached aggregate state (see `cacheSize`), e.g. after forgetting a data subject. */
  clearCache(): void;
}

type ErasedExecutor = CommandExecutor<unknown, Command, DomainEvent>;

/**
 * The runtime behind a generated domain factory:
 * `export const createBanking = (options: DomainOptions) => createDomainRuntime('banking', { Account }, options);`
 * Checks that every aggregate belongs to `domain`, is keyed by its name, and that command names are unique.
 */
export function createDomainRuntime<const A extends AggregateMap>(domain: string, aggregates: A, options: DomainOptions): DomainRuntime<A> {
  const byCommand = new Map<string, ErasedExecutor>();
  const byAggregate = new Map<string, ErasedExecutor>();
  for (const [name, definition] of Object.entries(aggregates)) {
    assertBelongs(domain, name, definition);
    const executor: ErasedExecutor = createCommandExecutor(definition, options);
    byAggregate.set(name, executor);
    for (const command of Object.keys(definition.commands)) {
      if (byCommand.has(command)) throw new ConfigurationError(`Domain '${domain}' declares command '${command}' in more than one aggregate`);
      byCommand.set(command, executor);
    }
  }

  return {
    name: domain,
    aggregates,
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
    clearCache() {
      for (const executor of byAggregate.values()) executor.clearCache();
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
