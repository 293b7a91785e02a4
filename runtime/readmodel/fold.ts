import type { DomainEventDecoder } from '../domain/event-decoder.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { AnyReadModelDefinition, ProjectionHandler } from './definition.js';
import { InvalidRowError } from './errors.js';
import type { StoredRow } from './store.js';

/** Keys longer than this (UTF-16 units) are refused: they are row ids, not data. */
export const MAX_ROW_KEY_LENGTH = 1024;

type AnyHandler = ProjectionHandler<object, DomainEnvelope>;

/** One event a read model handles, decoded, with the key of the row it changes. */
export interface RowChange {
  readonly handler: AnyHandler;
  readonly event: DomainEnvelope;
  readonly key: string;
}

/**
 * How a read model turns events into rows, whoever drives it (the projector a page at a time, inline
 * projection an append at a time): which events it handles and under which key, and the handlers run
 * in log order on the latest row, each result checked against the row schema.
 */
export interface RowFolder {
  /** The events among `events` the read model handles, decoded to their current version, with their keys. */
  changesOf(events: readonly EventEnvelope[]): RowChange[];
  /** Applies `changes` in order to `rows` (key -> current row, absent when none) and returns the keys changed. */
  fold(changes: readonly RowChange[], rows: Map<string, StoredRow | undefined>): ReadonlySet<string>;
}

export function createRowFolder(definition: AnyReadModelDefinition, decoder: DomainEventDecoder): RowFolder {
  const label = `${definition.domain}.${definition.name}`;
  const handlers = new Map<string, AnyHandler>(Object.entries(definition.on as Readonly<Record<string, AnyHandler | undefined>>).filter((entry): entry is [string, AnyHandler] => entry[1] !== undefined));

  const checkKey = (key: unknown): string => {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_ROW_KEY_LENGTH) {
      throw new InvalidRowError(label, String(key), [{ path: [definition.key], code: 'invalid_key', message: `must be a non-empty string of at most ${MAX_ROW_KEY_LENGTH} characters` }]);
    }
    return key;
  };
  const checkRow = (key: string, row: unknown): StoredRow => {
    const result = definition.schema.safeParse(row);
    if (!result.success) {
      throw new InvalidRowError(label, key, result.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), code: issue.code, message: issue.message })));
    }
    const stored = result.data as StoredRow;
    if (stored[definition.key] !== key) {
      throw new InvalidRowError(label, key, [{ path: [definition.key], code: 'key_mismatch', message: `must equal the row's key '${key.slice(0, 100)}'` }]);
    }
    return stored;
  };

  return {
    changesOf(events) {
      const changes: RowChange[] = [];
      for (const envelope of events) {
        const handler = handlers.get(envelope.type);
        if (handler === undefined) continue;
        const event = decoder.decode(envelope);
        if (event === undefined) continue;
        changes.push({ handler, event, key: checkKey(handler.key(event)) });
      }
      return changes;
    },
    fold(changes, rows) {
      const touched = new Set<string>();
      for (const { handler, event, key } of changes) {
        const outcome = handler.apply(rows.get(key), event, key);
        if (outcome === undefined) continue;
        rows.set(key, outcome === 'delete' ? undefined : checkRow(key, outcome));
        touched.add(key);
      }
      return touched;
    },
  };
}
