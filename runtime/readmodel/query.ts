/**
 * The typed query API of one read model: `domain.readModels.<Name>`.
 */

/** Equality on an indexed field: a value, one of several values, or `null` for a row where the field is absent. */
export type WhereValue<V> = NonNullable<V> | readonly NonNullable<V>[] | (undefined extends V ? null : never);

/** Conditions on indexed fields, all of which must hold. */
export type Where<Row, Index extends string> = { readonly [K in Index & keyof Row]?: WhereValue<Row[K]> };

export type Direction = 'asc' | 'desc';

export interface FindQuery<Row, Index extends string> {
  readonly where?: Where<Row, Index> | undefined;
  /** An indexed field; default: the key. Rows with equal values are ordered by key. */
  readonly orderBy?: Index | undefined;
  /** Default `asc`. Absent values sort first in `asc`. */
  readonly direction?: Direction | undefined;
  /** Rows per page, 1 to MAX_PAGE_SIZE; default DEFAULT_PAGE_SIZE. */
  readonly limit?: number | undefined;
  /** The `next` cursor of the previous page, for the same where/orderBy/direction. */
  readonly after?: string | undefined;
}

/** One page of rows and the cursor of the next page (undefined on the last one). */
export interface Page<Row> {
  readonly rows: readonly Row[];
  readonly next: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ReadModelQuery<Row, Index extends string> {
  /** The row stored under `key`, or undefined. */
  get(key: string): Promise<Row | undefined>;
  /** Rows matching `where`, sorted, a page at a time (cursor pagination: stable under concurrent writes). */
  find(query?: FindQuery<Row, Index>): Promise<Page<Row>>;
  /** How many rows match `where`. */
  count(where?: Where<Row, Index>): Promise<number>;
}
