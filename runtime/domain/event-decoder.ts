import type { EventDefinition } from '../aggregate/definition.js';
import { UnknownEventError } from '../aggregate/errors.js';
import type { AnyAggregateDefinition } from '../aggregate/types.js';
import { eventDefinitionsOf, upcastData } from '../aggregate/upcast.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { EventEnvelope } from '../events/envelope.js';

/**
 * Turns stored events into what a domain's consumers expect (DomainEnvelope): which aggregate and
 * instance the event belongs to (from its stream id, `<domain>/<Aggregate>/<encoded id>`), its data
 * lifted to the current schema version. Events of other domains sharing the store are not its own.
 * Decryption is not done here: consumers read through the domain's GDPR-wrapped store.
 */
export interface DomainEventDecoder {
  /** The domain envelope, or undefined for an event of another domain (or of no aggregate). */
  decode(envelope: EventEnvelope): DomainEnvelope | undefined;
}

interface AggregateEntry {
  readonly name: string;
  readonly events: ReadonlyMap<string, EventDefinition>;
}

export function createDomainEventDecoder(aggregates: Iterable<AnyAggregateDefinition>): DomainEventDecoder {
  const byCategory = new Map<string, AggregateEntry>();
  for (const definition of aggregates) byCategory.set(definition.category, { name: definition.name, events: eventDefinitionsOf(definition) });
  return {
    decode(envelope) {
      const slash = envelope.streamId.lastIndexOf('/');
      if (slash < 0) return undefined;
      const aggregate = byCategory.get(envelope.streamId.slice(0, slash));
      if (aggregate === undefined) return undefined;
      const event = aggregate.events.get(envelope.type);
      if (event === undefined) throw new UnknownEventError(aggregate.name, envelope.streamId, envelope.type, envelope.version);
      const encodedId = envelope.streamId.slice(slash + 1);
      let aggregateId = encodedId;
      if (encodedId.includes('%')) {
        try {
          aggregateId = decodeURIComponent(encodedId);
        } catch {
          return undefined;
        }
      }
      const current = envelope.schemaVersion === event.schemaVersion;
      // Built field by field (not spread): this runs once per event a consumer reads.
      return {
        id: envelope.id,
        type: envelope.type,
        source: envelope.source,
        subject: envelope.subject,
        time: envelope.time,
        data: current ? envelope.data : upcastData(event, envelope.schemaVersion, envelope.data),
        streamId: envelope.streamId,
        version: envelope.version,
        position: envelope.position,
        schemaVersion: event.schemaVersion,
        metadata: envelope.metadata,
        aggregate: aggregate.name,
        aggregateId,
      };
    },
  };
}
