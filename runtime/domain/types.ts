import type { AnyAggregateDefinition, CommandNamed, CommandOf, EventOf, StateOf } from '../aggregate/types.js';
import type { DomainEnvelopeOf } from '../events/domain-envelope.js';
import type { IndexOf, ReadModelMap, RowOf } from '../readmodel/definition.js';
import type { ReadModelQuery } from '../readmodel/query.js';

/** A domain's aggregates by name, e.g. `{ Account: accountDefinition }`. */
export type AggregateMap = { readonly [name: string]: AnyAggregateDefinition };

/** The union of every command of every aggregate in the domain. */
export type DomainCommand<A extends AggregateMap> = { [N in keyof A]: CommandOf<A[N]> }[keyof A];

/** Every command name of the domain (unique across its aggregates). */
export type DomainCommandType<A extends AggregateMap> = DomainCommand<A>['type'];

/** The data of the command named `T` (it includes the aggregate's id field). */
export type DomainCommandData<A extends AggregateMap, T extends DomainCommandType<A>> = CommandNamed<DomainCommand<A>, T>['data'];

/**
 * The data callers pass for each command, by name. By default the command data as `decide` sees it;
 * generated domains supply the schemas' input types instead (fields with defaults become optional).
 */
export type CommandInputs<A extends AggregateMap> = { readonly [T in DomainCommandType<A>]: unknown };

/** The default CommandInputs: exactly the command data. */
export type CommandDataByName<A extends AggregateMap> = { readonly [T in DomainCommandType<A>]: DomainCommandData<A, T> };

/** The name of the aggregate that handles command `T`. */
export type AggregateNameOf<A extends AggregateMap, T extends DomainCommandType<A>> = {
  [N in keyof A]: T extends CommandOf<A[N]>['type'] ? N : never;
}[keyof A];

/** The event union of the aggregate named `N`. */
export type AggregateEvent<A extends AggregateMap, N extends keyof A> = EventOf<A[N]>;

/** The state of the aggregate named `N`. */
export type AggregateState<A extends AggregateMap, N extends keyof A> = StateOf<A[N]>;

/** The union of every event of every aggregate in the domain. */
export type DomainEventOf<A extends AggregateMap> = { [N in keyof A]: EventOf<A[N]> }[keyof A];

/** The envelope of every event of the domain, as its consumers receive it (typed, upcast, decrypted). */
export type DomainEventEnvelopeOf<A extends AggregateMap> = DomainEnvelopeOf<DomainEventOf<A>>;

/** The query API of each read model of a domain, by name. */
export type ReadModelQueries<R extends ReadModelMap> = { readonly [N in keyof R]: ReadModelQuery<RowOf<R[N]>, IndexOf<R[N]>> };
