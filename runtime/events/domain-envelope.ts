import type { DomainEvent } from '../aggregate/definition.js';
import type { EventEnvelope } from './envelope.js';

/**
 * A stored event as a domain's own consumers see it (read models, automations, `domain.subscribe`):
 * personal data decrypted (or erased after a forget), `data` upcast to the event's current schema
 * version (`schemaVersion` says which), typed by the domain's event union, and tagged with the
 * aggregate instance it belongs to.
 */
export interface DomainEnvelope<Type extends string = string, Data = unknown> extends EventEnvelope<Type, Data> {
  /** The aggregate the event belongs to, e.g. `Account`. */
  readonly aggregate: string;
  /** The id of that aggregate instance (`id` in the DSL): the stream id without its category. */
  readonly aggregateId: string;
}

/** The domain envelope of each event in a union: `DomainEvent<'A', X> | DomainEvent<'B', Y>` -> `DomainEnvelope<'A', X> | DomainEnvelope<'B', Y>`. */
export type DomainEnvelopeOf<E extends DomainEvent> = E extends DomainEvent<infer Type, infer Data> ? DomainEnvelope<Type, Data> : never;
