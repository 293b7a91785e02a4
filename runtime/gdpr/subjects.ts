import type { AggregateDefinition, Command, DomainEvent, SubjectSource } from '../aggregate/definition.js';
import { eventDefinitionsOf } from '../aggregate/upcast.js';

/**
 * Whose personal data a value is. The generated metadata says where each value's subject id comes
 * from: the aggregate id (`id`), a field of the same record (`field`), or a state field as it is
 * after the event is applied (`state`). Events carry the state-field subjects in `metadata.piiSubjects`,
 * which the command executor fills in (see createPiiSubjectAnnotator) and which is stored with them.
 */

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What one record being written knows about its subjects. */
export interface SubjectScope {
  /** The aggregate id (from the stream id). */
  readonly aggregateId: string;
  /** The record holding the values, for `field` sources. */
  readonly record: unknown;
  /** State field values by name, for `state` sources; undefined when the writer gave none. */
  readonly state: Readonly<Record<string, unknown>> | undefined;
}

export type SubjectResolution = { readonly subject: string } | { readonly problem: string };

const usable = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function resolveSubject(source: SubjectSource, scope: SubjectScope): SubjectResolution {
  switch (source.kind) {
    case 'id':
      return usable(scope.aggregateId) ? { subject: scope.aggregateId } : { problem: 'the aggregate id is empty' };
    case 'field': {
      const value = isRecord(scope.record) ? scope.record[source.name] : undefined;
      return usable(value) ? { subject: value } : { problem: `its subject field '${source.name}' is missing or not a non-empty string` };
    }
    case 'state': {
      if (scope.state === undefined) {
        return {
          problem: `its subject is the state field '${source.name}', which only the command executor knows; execute a command, or give the event metadata: { piiSubjects: { ${source.name}: <subject id> } }`,
        };
      }
      const value = scope.state[source.name];
      return usable(value) ? { subject: value } : { problem: `the state field '${source.name}' holding its subject is missing or not a non-empty string` };
    }
  }
}

/** For each event of a batch, the state-field subjects its pii needs (undefined when it needs none). */
export type PiiSubjectAnnotator<State, E extends DomainEvent> = (state: State, events: readonly E[]) => readonly (Readonly<Record<string, string>> | undefined)[];

/**
 * What the command executor calls before appending `decide`'s events: folds them over the loaded
 * state and, after each one, picks the state fields its pii subjects name. Undefined (nothing to do,
 * no extra `evolve`) when no event's current version has a state-field subject.
 */
export function createPiiSubjectAnnotator<State, C extends Command, E extends DomainEvent>(
  definition: AggregateDefinition<State, C, E>,
): PiiSubjectAnnotator<State, E> | undefined {
  const fieldsByType = new Map<string, readonly string[]>();
  for (const [type, event] of eventDefinitionsOf(definition)) {
    const names = new Set<string>();
    for (const path of event.pii[event.schemaVersion] ?? []) if (path.subject.kind === 'state') names.add(path.subject.name);
    if (names.size > 0) fieldsByType.set(type, [...names]);
  }
  if (fieldsByType.size === 0) return undefined;
  return (state, events) => {
    let current = state;
    return events.map((event) => {
      current = definition.evolve(current, event);
      const fields = fieldsByType.get(event.type);
      if (fields === undefined) return undefined;
      const subjects: Record<string, string> = {};
      for (const name of fields) {
        const value = isRecord(current) ? current[name] : undefined;
        if (usable(value)) subjects[name] = value;
      }
      return subjects;
    });
  };
}
