import type { DomainEventDecoder } from '../domain/event-decoder.js';
import { ConfigurationError } from '../errors/errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { TransactionScope } from '../store/event-store.js';
import type { AnyReadModelDefinition } from './definition.js';
import { createRowFolder } from './fold.js';
import { indexValuesOf } from './query-plan.js';
import type { ReadModelTable, RowWrite, StoredRow } from './store.js';

/**
 * Inline projection of one read model: its rows change in the transaction of the append that
 * stores the events, so a query right after `execute` sees them (no catchUp). It joins an append
 * only when the table has applied every earlier event (its position is the one just before the
 * batch); otherwise, or when another process appended, the read model's processor catches up as
 * usual, and the position check in every commit keeps each event applied once.
 */
export interface InlineProjection {
  readonly name: string;
  /** Checks where the table lives and opens it; call before each append (cheap once open). */
  prepare(table: ReadModelTable): void;
  /** Runs inside the append's transaction, with the stored events carrying their plaintext data; synchronous on SQLite. */
  project(stored: readonly EventEnvelope[], scope: TransactionScope): void | Promise<void>;
}

/** `next(value)`, at once when `value` is not a promise: keeps synchronous stores synchronous. */
export function andThen<T, R>(value: T | Promise<T>, next: (resolved: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Rows are written as the handlers return them: under the GDPR layer, `definition` must hold no personal data (see checkInline). */
export function createInlineProjection(definition: AnyReadModelDefinition, decoder: DomainEventDecoder): InlineProjection {
  const label = `${definition.domain}.${definition.name}`;
  const folder = createRowFolder(definition, decoder);
  let table: ReadModelTable | undefined;
  const spec = { index: definition.index };
  return {
    name: definition.name,
    prepare(opened) {
      table = opened;
    },
    project(stored, scope) {
      const joined = table?.joinTransaction?.(scope);
      if (joined === undefined) {
        throw new ConfigurationError(`Read model ${label} is projected inline, but its table is not in the events' ${scope.database} database: keep both in one database, or drop it from processing.inline`);
      }
      const first = stored[0];
      const last = stored.at(-1);
      if (first === undefined || last === undefined) return;
      // Each step waits only where the database is asynchronous: on SQLite the whole projection runs synchronously.
      const changes = folder.changesOf(stored);
      return andThen(joined.getMany([...new Set(changes.map((change) => change.key))]), (found) => {
        const rows = new Map<string, StoredRow | undefined>(found);
        const upserts: RowWrite[] = [];
        const deletes: string[] = [];
        for (const key of folder.fold(changes, rows)) {
          const row = rows.get(key);
          if (row === undefined) deletes.push(key);
          else upserts.push({ key, row, index: indexValuesOf(spec, row) });
        }
        // Only a table at the position just before the batch takes it; one that is behind (or ahead,
        // after another process) is left to the processor, which applies the events in order.
        return andThen(joined.commitIfAt({ from: first.position - 1, through: last.position, upserts, deletes }), () => undefined);
      });
    },
  };
}
