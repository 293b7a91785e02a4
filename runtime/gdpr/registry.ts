import type { AggregateDefinition, PiiPath } from '../aggregate/definition.js';
import type { AnyAggregateDefinition } from '../aggregate/types.js';
import { ConfigurationError } from '../errors/errors.js';

/**
 * Where pii sits, per stream category (`<domain>/<Aggregate>`): for every event type and stored
 * schema version, and for the state. Built from the generated AggregateDefinitions, so the layer
 * needs no reflection. Only aggregates that hold pii somewhere are registered.
 */
export interface CategoryPii {
  readonly category: string;
  readonly domain: string;
  readonly aggregate: string;
  readonly subject: AggregateDefinition['subject'];
  readonly statePii: readonly PiiPath[];
  /**
   * The pii paths of `type` stored at `schemaVersion`: `[]` when it has none, `'unknown-version'`
   * when the type is declared but that version is not, undefined for an undeclared type.
   */
  eventPii(type: string, schemaVersion: number): readonly PiiPath[] | 'unknown-version' | undefined;
}

/** A stream id split into its category's pii and the aggregate id. */
export interface StreamPii {
  readonly category: CategoryPii;
  /** The aggregate id (URI-decoded), the subject of `{ kind: 'id' }` values. */
  readonly aggregateId: string;
}

export interface PiiRegistry {
  /** The pii of a stream's category; undefined when the stream holds no pii (or is not an aggregate's). */
  stream(streamId: string): StreamPii | undefined;
  readonly categories: ReadonlyMap<string, CategoryPii>;
}

function categoryOf(definition: AnyAggregateDefinition): CategoryPii | undefined {
  const events = new Map<string, ReadonlyMap<number, readonly PiiPath[]>>();
  let holdsPii = definition.statePii.length > 0;
  for (const [type, event] of Object.entries(definition.events)) {
    const versions = new Map<number, readonly PiiPath[]>();
    for (const [version, paths] of Object.entries(event.pii)) {
      versions.set(Number(version), paths);
      if (paths.length > 0) holdsPii = true;
    }
    events.set(type, versions);
  }
  if (!holdsPii) return undefined;
  return {
    category: definition.category,
    domain: definition.domain,
    aggregate: definition.name,
    subject: definition.subject,
    statePii: definition.statePii,
    eventPii(type, schemaVersion) {
      const versions = events.get(type);
      if (versions === undefined) return undefined;
      return versions.get(schemaVersion) ?? 'unknown-version';
    },
  };
}

/** A registry of the given aggregates (a domain's map, or definitions of several domains). */
export function createPiiRegistry(definitions: Iterable<AnyAggregateDefinition> | Readonly<Record<string, AnyAggregateDefinition>>): PiiRegistry {
  const list: Iterable<AnyAggregateDefinition> = Symbol.iterator in definitions ? (definitions as Iterable<AnyAggregateDefinition>) : Object.values(definitions);
  const categories = new Map<string, CategoryPii>();
  const seen = new Map<string, AnyAggregateDefinition>();
  for (const definition of list) {
    const earlier = seen.get(definition.category);
    if (earlier !== undefined && earlier !== definition) {
      throw new ConfigurationError(`Two aggregate definitions share the stream category '${definition.category}'`);
    }
    seen.set(definition.category, definition);
    const pii = categoryOf(definition);
    if (pii !== undefined) categories.set(definition.category, pii);
  }
  return {
    categories,
    stream(streamId) {
      const slash = streamId.lastIndexOf('/');
      if (slash <= 0) return undefined;
      const category = categories.get(streamId.slice(0, slash));
      if (category === undefined) return undefined;
      return { category, aggregateId: decodeId(streamId.slice(slash + 1)) };
    },
  };
}

function decodeId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
