import type { EventEnvelope } from '../events/envelope.js';
import type { AggregateDefinition, Command, DomainEvent, EventDefinition, Upcaster } from './definition.js';
import { UnknownEventError, UpcastError } from './errors.js';

/** Turns a stored envelope into the event `evolve` expects, at the event's current schema version. */
export type EventReader<E extends DomainEvent> = (envelope: EventEnvelope) => E;

/** The event definitions of an aggregate by type. A Map, so a stored type like `constructor` cannot hit Object.prototype. */
export function eventDefinitionsOf(definition: Pick<AggregateDefinition<unknown, Command, DomainEvent>, 'events'>): ReadonlyMap<string, EventDefinition> {
  return new Map<string, EventDefinition>(Object.entries(definition.events));
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Lifts `data`, stored at `fromVersion`, through `upcasters[fromVersion]`, `upcasters[fromVersion + 1]`...
 * up to the event's current schema version. Pure: the stored data is never modified.
 */
export function upcastData(event: EventDefinition, fromVersion: number, data: unknown): unknown {
  const to = event.schemaVersion;
  if (fromVersion === to) return data;
  if (!Number.isInteger(fromVersion) || fromVersion < 1) {
    throw new UpcastError(event.type, fromVersion, to, 'the stored schema version is not a positive integer');
  }
  if (fromVersion > to) {
    throw new UpcastError(event.type, fromVersion, to, 'it was written by a newer version of the domain; upgrade the reader');
  }
  let lifted = data;
  for (let version = fromVersion; version < to; version++) {
    const upcaster: Upcaster | undefined = event.upcasters[version];
    if (upcaster === undefined) throw new UpcastError(event.type, fromVersion, to, `no upcaster from version ${version}`);
    if (!isRecord(lifted)) throw new UpcastError(event.type, fromVersion, to, `the data at version ${version} is not an object`);
    try {
      lifted = upcaster(lifted);
    } catch (error) {
      throw new UpcastError(event.type, fromVersion, to, `the upcaster from version ${version} failed`, { cause: error });
    }
  }
  return lifted;
}

/**
 * A reader for one aggregate's streams. Stored data is trusted (it was validated when written), so
 * the current-version path does no schema work and no copy: `evolve` receives the envelope, which
 * carries `type` and `data` (and more it ignores).
 */
export function createEventReader<E extends DomainEvent>(
  definition: Pick<AggregateDefinition<unknown, Command, E>, 'name' | 'events'>,
): EventReader<E> {
  const reader = new StreamEventReader(definition);
  return (envelope) => reader.read(envelope);
}

/**
 * createEventReader's reader, as a class: aggregate loads call `read` for every folded event, and a
 * method is one function for all readers of the process, optimized once (a closure per reader would
 * be optimized again for each repository).
 */
export class StreamEventReader<E extends DomainEvent> {
  readonly #name: string;
  readonly #events: ReadonlyMap<string, EventDefinition>;
  // A stream mostly repeats a few types: the definition of the previous event's type is kept, so
  // the common case is one string comparison instead of a map lookup per folded event.
  #lastType: string | undefined;
  #lastEvent: EventDefinition | undefined;

  constructor(definition: Pick<AggregateDefinition<unknown, Command, E>, 'name' | 'events'>) {
    this.#name = definition.name;
    this.#events = eventDefinitionsOf(definition);
  }

  read(envelope: EventEnvelope): E {
    let event = this.#lastEvent;
    if (envelope.type !== this.#lastType || event === undefined) {
      event = this.#events.get(envelope.type);
      if (event === undefined) throw new UnknownEventError(this.#name, envelope.streamId, envelope.type, envelope.version);
      this.#lastType = envelope.type;
      this.#lastEvent = event;
    }
    // The type names a declared event and the data is at its current version: this is an E. The
    // envelope itself serves as the event on the common path (no copy per folded event).
    if (envelope.schemaVersion === event.schemaVersion) return envelope as DomainEvent as E;
    return { type: envelope.type, data: upcastData(event, envelope.schemaVersion, envelope.data) } as E;
  }
}
