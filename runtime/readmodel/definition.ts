import type { DataSchema, PiiPath } from '../aggregate/definition.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';

/**
 * What generated code hands the runtime for each read model (`readModels:` in a spec): pure
 * functions and data. The runtime stores rows in a table of the configured backend, feeds the
 * handlers the domain's events in log order, and answers `get`/`find`/`count`.
 */

/** What a handler does to the row: the row to store (insert or replace), `'delete'`, or `undefined` to leave it as it is. */
export type RowChange<Row> = Row | 'delete' | undefined;

/** How one event type changes a read model (`on: { <Event>: ... }`). */
export interface ProjectionHandler<Row, E extends DomainEnvelope = DomainEnvelope> {
  /** The key of the row the event changes (`key:`; default the event's aggregate id). */
  key(event: E): string;
  /**
   * The row after the event, from the row stored under `key` (undefined when there is none). Pure:
   * never mutates `row`. `set` starts a missing row from the field defaults with the key field set
   * to `key`; `update` leaves a missing row missing; `delete: true` returns 'delete'; a `when` that
   * does not hold returns undefined.
   */
  apply(row: Row | undefined, event: E, key: string): RowChange<Row>;
}

/** A field that `find` and `count` may filter on and `find` may sort by: a real column in the table. */
export interface IndexedField<Name extends string = string> {
  readonly name: Name;
  /** How the column is stored and compared: text (strings, uuids, enums, dates), integer, real or boolean. */
  readonly type: 'text' | 'integer' | 'real' | 'boolean';
  /** The field may be absent from a row (stored as NULL; matched by `null` in `where`). */
  readonly optional: boolean;
}

export interface ReadModelDefinition<
  Row extends object = Record<string, unknown>,
  E extends DomainEnvelope = DomainEnvelope,
  Index extends string = string,
> {
  readonly domain: string;
  /** PascalCase, unique in the domain, e.g. `AccountSummary`. */
  readonly name: string;
  /** The name of the key field: one row per key. */
  readonly key: string;
  /** The row as readers see it (a forgotten subject's pii fields absent or at their erased value). */
  readonly schema: DataSchema<Row>;
  readonly index: readonly IndexedField<Index>[];
  /**
   * sha256 of everything that decides the rows (fields, key, index, handlers, `version:`). Rows built
   * under another hash are rebuilt from the start of the log.
   */
  readonly shapeHash: string;
  /** Pii values in a row; each subject is a field of the row (`{ kind: 'field' }`) or its key. */
  readonly pii: readonly PiiPath[];
  /** The events that change rows, and how. The read model reads no other events. */
  readonly on: { readonly [T in E['type']]?: ProjectionHandler<Row, Extract<E, { readonly type: T }>> };
}

/** Any read model definition, whatever its row and events. */
export type AnyReadModelDefinition = ReadModelDefinition<object, DomainEnvelope, string>;

/** The row type of a definition. */
export type RowOf<D> = D extends ReadModelDefinition<infer Row, DomainEnvelope, string> ? Row : never;

/** The indexed field names of a definition. */
export type IndexOf<D> = D extends ReadModelDefinition<object, DomainEnvelope, infer Index> ? Index : never;

/** A domain's read models by name, e.g. `{ AccountSummary: accountSummaryReadModel }`. */
export type ReadModelMap = { readonly [name: string]: AnyReadModelDefinition };
