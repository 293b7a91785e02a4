import type { EventEnvelope } from '../events/envelope.js';
import type { AggregateDefinition, Command, DomainEvent } from './definition.js';

/**
 * Any aggregate definition, whatever its state, commands and events. Every concrete
 * `AggregateDefinition<State, C, E>` is assignable to it, so runtime code that does not care about
 * the types (maps, registries) can hold definitions without `any`.
 */
export type AnyAggregateDefinition = AggregateDefinition<unknown, Command, DomainEvent>;

/** The state type of a definition. */
export type StateOf<D extends AnyAggregateDefinition> = D['initialState'];

/** The command union of a definition. */
export type CommandOf<D extends AnyAggregateDefinition> = Parameters<D['decide']>[1];

/** The event union of a definition. */
export type EventOf<D extends AnyAggregateDefinition> = ReturnType<D['decide']>[number];

/** The command of union `C` whose type is `T` (all of `C` when its type is plain `string`: an untyped caller). */
export type CommandNamed<C extends Command, T extends C['type']> = string extends C['type'] ? C : Extract<C, { readonly type: T }>;

/** The stored envelope of each event in a union: `DomainEvent<'A', X> | DomainEvent<'B', Y>` -> `EventEnvelope<'A', X> | EventEnvelope<'B', Y>`. */
export type EnvelopeOf<E extends DomainEvent> = E extends DomainEvent<infer Type, infer Data> ? EventEnvelope<Type, Data> : never;
