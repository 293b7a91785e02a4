import { OrchestrixError } from '../errors/errors.js';
import type { IndexedField } from './definition.js';
import type { TransactionScope } from '../store/event-store.js';
import type { Direction } from './query.js';

/**
 * Where read models keep their rows: one component per backend (memory, SQLite, PostgreSQL/PGlite),
 * each passing test/readmodel/read-model-store.contract.ts. A read model VERSION (one shape hash)
 * is one table: a text key, a column per indexed field, the row as JSON, and the position of the
 * last event applied to it, which changes in the same transaction as the rows (exactly once in
 * effect). The runtime (runtime/readmodel) decides what to write; a store only keeps it.
 */

/** A row as stored: JSON data (pii fields already encrypted by the runtime when GDPR is on). */
export type StoredRow = Readonly<Record<string, unknown>>;

/** Which table: one version of one read model. */
export interface ReadModelTableSpec {
  readonly domain: string;
  readonly name: string;
  readonly shapeHash: string;
  readonly index: readonly IndexedField[];
}

/** A value of an indexed column: what `where` compares and `orderBy` sorts. */
export type IndexValue = string | number | boolean | null;

/** A row to write: its key, its data and the values of its indexed columns (in `spec.index` order). */
export interface RowWrite {
  readonly key: string;
  readonly row: StoredRow;
  readonly index: readonly IndexValue[];
}

/** Everything one batch of events changed, with the positions it moves the table between. */
export interface TableCommit {
  /** The table's position before the batch; the commit fails with PositionMovedError if it is no longer that. */
  readonly from: number;
  /** The position of the batch's last event (applied or skipped). */
  readonly through: number;
  readonly upserts: readonly RowWrite[];
  readonly deletes: readonly string[];
}

/** One condition of a query: the indexed column at `column` (an index into `spec.index`) is one of `values` (null: absent). */
export interface ColumnCondition {
  readonly column: number;
  readonly values: readonly IndexValue[];
}

/** Where a page starts: after the row with this sort value and key. */
export interface PageStart {
  readonly value: IndexValue;
  readonly key: string;
}

/** A query in storage terms: checked and normalized by runtime/readmodel/query-plan.ts. */
export interface TableQuery {
  readonly where: readonly ColumnCondition[];
  /** An index into `spec.index`, or `key` to sort by the key alone. */
  readonly orderBy: number | 'key';
  readonly direction: Direction;
  readonly limit: number;
  readonly after: PageStart | undefined;
}

export type TableStatus = 'building' | 'active';

/** What a store knows of one version of a read model. */
export interface TableInfo {
  readonly shapeHash: string;
  readonly status: TableStatus;
  readonly position: number;
  /** The number of rows. */
  readonly rows: number;
}

export interface ReadModelTable {
  readonly spec: ReadModelTableSpec;
  /** The position of the last event applied (0 before the first). */
  position(): Promise<number>;
  status(): Promise<TableStatus>;
  /** The stored rows under these keys (missing keys are absent from the map). */
  getMany(keys: readonly string[]): Promise<ReadonlyMap<string, StoredRow>>;
  /**
   * Writes the changes and moves the position from `from` to `through`, atomically: all or
   * nothing. Raises PositionMovedError (and writes nothing) when the position is no longer `from`
   * (another process applied these events first).
   */
  commit(changes: TableCommit): Promise<void>;
  /** Rows matching the query, in its order, with their keys and sort values (for the next page's start). */
  find(query: TableQuery): Promise<readonly FoundRow[]>;
  count(where: readonly ColumnCondition[]): Promise<number>;
  /**
   * Makes this version the one readers of the read model use, and drops every other version of it
   * (their tables and rows). Called once the version has caught up with the log.
   */
  activate(): Promise<void>;
  /**
   * The table's reads and commit as steps of an append's transaction (inline projection): offered
   * when the table lives in the database `scope` names (SQLite: synchronous steps; PostgreSQL:
   * statements on the transaction's session); undefined otherwise.
   */
  joinTransaction?(scope: TransactionScope): TableInTransaction | undefined;
}

/**
 * A read model table's operations inside another component's transaction (see
 * ReadModelTable.joinTransaction): synchronous where the database is (SQLite), promises otherwise.
 */
export interface TableInTransaction {
  getMany(keys: readonly string[]): ReadonlyMap<string, StoredRow> | Promise<ReadonlyMap<string, StoredRow>>;
  /**
   * As ReadModelTable.commit, as part of the surrounding transaction, but a position that is no
   * longer `from` is an answer, not an error: false, and nothing is written.
   */
  commitIfAt(changes: TableCommit): boolean | Promise<boolean>;
}

export interface FoundRow {
  readonly key: string;
  readonly row: StoredRow;
  /** The value of the `orderBy` column (the key when ordering by key). */
  readonly sortValue: IndexValue;
}

export interface ReadModelStore {
  /** The table of one read model version, created (empty, status `building`, position 0) when it does not exist. */
  table(spec: ReadModelTableSpec): Promise<ReadModelTable>;
  /** Every stored version of a read model, the active one first. */
  versions(domain: string, name: string): Promise<readonly TableInfo[]>;
  /** Drops a version's table and bookkeeping; dropping a missing one is not an error. */
  drop(domain: string, name: string, shapeHash: string): Promise<void>;
  close(): Promise<void>;
}

/** A commit found the table's position moved by someone else: reload the position and go on from there. */
export class PositionMovedError extends OrchestrixError {
  readonly table: string;
  readonly expected: number;
  readonly actual: number | undefined;
  constructor(table: string, expected: number, actual: number | undefined) {
    super('POSITION_MOVED', `Read model table ${table} is no longer at position ${expected} (now ${actual ?? 'dropped'}): another process applied these events`);
    this.table = table;
    this.expected = expected;
    this.actual = actual;
  }
}

/** `domain.Name@hash8`, for messages. */
export const describeTable = (spec: Pick<ReadModelTableSpec, 'domain' | 'name' | 'shapeHash'>): string =>
  `${spec.domain}.${spec.name}@${spec.shapeHash.slice(0, 8)}`;
