import type { Direction } from './query.js';
import type { IndexValue } from './store.js';

/**
 * The order every read-model store sorts in, so a query pages the same way on memory, SQLite and
 * PostgreSQL: absent (null) first in ascending order, numbers numerically, false before true, text
 * by Unicode code point (SQLite's BINARY collation, PostgreSQL's "C"), ties broken by key.
 */

const hasSurrogate = (text: string): boolean => /[\uD800-\uDFFF]/.test(text);

/** Code point order; `<` on strings compares UTF-16 units, which differs only around surrogates. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (!hasSurrogate(a) && !hasSurrogate(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function compareValues(a: IndexValue, b: IndexValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  return Number(a) - Number(b);
}

/** Compares (value, key) pairs in `direction`. */
export function compareRows(a: { readonly value: IndexValue; readonly key: string }, b: { readonly value: IndexValue; readonly key: string }, direction: Direction): number {
  const order = compareValues(a.value, b.value) || compareText(a.key, b.key);
  return direction === 'asc' ? order : -order;
}
