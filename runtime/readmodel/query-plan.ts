import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import type { IndexedField } from './definition.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Direction } from './query.js';
import type { ColumnCondition, IndexValue, PageStart, ReadModelTableSpec, StoredRow, TableQuery } from './store.js';

/**
 * Turns the typed query API's arguments (`find`, `count`) into storage terms, checking everything a
 * caller can get wrong at run time (an untyped caller, a stale cursor) with a ValidationError that
 * names the argument. Adapters receive only checked queries.
 */

/** At most this many values in one `where` list. */
export const MAX_WHERE_VALUES = 100;
/** Cursors longer than this are refused unread. */
const MAX_CURSOR_LENGTH = 4096;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of an indexed field of `row` as its column stores it. */
export function indexValueOf(field: IndexedField, row: StoredRow): IndexValue {
  const value = row[field.name];
  return value === undefined ? null : (value as IndexValue);
}

/** The indexed columns of a row, in `spec.index` order. */
export const indexValuesOf = (spec: Pick<ReadModelTableSpec, 'index'>, row: StoredRow): readonly IndexValue[] => spec.index.map((field) => indexValueOf(field, row));

function checkValue(field: IndexedField, value: unknown, path: readonly (string | number)[], issues: ValidationIssue[]): IndexValue | undefined {
  if (value === null) {
    if (field.optional) return null;
    issues.push({ path, code: 'invalid_type', message: `is never absent, so null matches nothing; give a value` });
    return undefined;
  }
  const ok =
    field.type === 'text'
      ? typeof value === 'string'
      : field.type === 'integer'
        ? Number.isSafeInteger(value)
        : field.type === 'real'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === 'boolean';
  if (ok) return value as IndexValue;
  const expected = field.type === 'text' ? 'a string' : field.type === 'integer' ? 'an integer' : field.type === 'real' ? 'a finite number' : 'a boolean';
  issues.push({ path, code: 'invalid_type', message: `must be ${expected}${field.optional ? ' or null' : ''}` });
  return undefined;
}

/** Checks a `where` object against the indexed fields. */
export function planWhere(readModel: string, spec: Pick<ReadModelTableSpec, 'index'>, where: unknown): readonly ColumnCondition[] {
  if (where === undefined) return [];
  const issues: ValidationIssue[] = [];
  if (!isRecord(where)) throw new ValidationError(`query of ${readModel}`, [{ path: ['where'], code: 'invalid_type', message: 'must be an object of indexed fields' }]);
  const conditions: ColumnCondition[] = [];
  for (const [name, wanted] of Object.entries(where)) {
    if (wanted === undefined) continue;
    const column = spec.index.findIndex((field) => field.name === name);
    const field = spec.index[column];
    if (field === undefined) {
      const indexed = spec.index.map((f) => f.name);
      issues.push({ path: ['where', name], code: 'not_indexed', message: `is not an indexed field of ${readModel}${indexed.length === 0 ? ' (it has none)' : ` (indexed: ${indexed.join(', ')})`}` });
      continue;
    }
    const list = Array.isArray(wanted) ? (wanted as readonly unknown[]) : [wanted];
    if (Array.isArray(wanted) && (list.length === 0 || list.length > MAX_WHERE_VALUES)) {
      issues.push({ path: ['where', name], code: 'invalid_length', message: `must list 1 to ${MAX_WHERE_VALUES} values (got ${list.length})` });
      continue;
    }
    const values: IndexValue[] = [];
    list.forEach((value, i) => {
      const checked = checkValue(field, value, Array.isArray(wanted) ? ['where', name, i] : ['where', name], issues);
      if (checked !== undefined) values.push(checked);
    });
    conditions.push({ column, values: [...new Set(values)] });
  }
  if (issues.length > 0) throw new ValidationError(`query of ${readModel}`, issues);
  return conditions;
}

interface CursorData {
  readonly o: string;
  readonly d: Direction;
  readonly v: IndexValue;
  readonly k: string;
}

/** The opaque cursor of the page after `start`, for a query ordered by `orderBy`. */
export function encodeCursor(orderBy: string, direction: Direction, start: PageStart): string {
  const data: CursorData = { o: orderBy, d: direction, v: start.value, k: start.key };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

function decodeCursor(readModel: string, cursor: unknown, orderBy: string, direction: Direction, orderField: IndexedField | undefined): PageStart {
  const refuse = (message: string): never => {
    throw new ValidationError(`query of ${readModel}`, [{ path: ['after'], code: 'invalid_cursor', message }]);
  };
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) return refuse('must be the `next` cursor of a previous page');
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse('is not a cursor of this API (pass the `next` of a previous page)');
  }
  if (!isRecord(data) || typeof data['k'] !== 'string' || typeof data['o'] !== 'string' || (data['d'] !== 'asc' && data['d'] !== 'desc')) {
    return refuse('is not a cursor of this API (pass the `next` of a previous page)');
  }
  if (data['o'] !== orderBy || data['d'] !== direction) {
    return refuse(`belongs to a query ordered by ${data['o'] || 'key'} ${data['d']}, not ${orderBy || 'key'} ${direction}: keep orderBy and direction across pages`);
  }
  const value = data['v'];
  if (orderField === undefined) {
    if (value !== data['k']) refuse('is damaged');
    return { value: data['k'], key: data['k'] };
  }
  const issues: ValidationIssue[] = [];
  const checked = checkValue(orderField, value, ['after'], issues);
  if (checked === undefined) return refuse('is damaged');
  return { value: checked, key: data['k'] };
}

/** Checks a `find` query (as any caller may pass it) and plans it. */
export function planFind(readModel: string, spec: Pick<ReadModelTableSpec, 'index'>, query: unknown): TableQuery & { readonly orderName: string } {
  if (query !== undefined && !isRecord(query)) {
    throw new ValidationError(`query of ${readModel}`, [{ path: [], code: 'invalid_type', message: 'must be an object ({ where, orderBy, direction, limit, after })' }]);
  }
  const options: Readonly<Record<string, unknown>> = query ?? {};
  const issues: ValidationIssue[] = [];
  const known = new Set(['where', 'orderBy', 'direction', 'limit', 'after']);
  for (const name of Object.keys(options)) if (!known.has(name)) issues.push({ path: [name], code: 'unrecognized_key', message: 'is not an option of find (where, orderBy, direction, limit, after)' });
  const where = planWhere(readModel, spec, options['where']);
  let orderBy: number | 'key' = 'key';
  let orderName = '';
  if (options['orderBy'] !== undefined) {
    const column = spec.index.findIndex((field) => field.name === options['orderBy']);
    if (column < 0) issues.push({ path: ['orderBy'], code: 'not_indexed', message: `must be an indexed field of ${readModel}` });
    else {
      orderBy = column;
      orderName = (spec.index[column] as IndexedField).name;
    }
  }
  const direction = options['direction'] ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') issues.push({ path: ['direction'], code: 'invalid_value', message: "must be 'asc' or 'desc'" });
  const limit = options['limit'] ?? DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    issues.push({ path: ['limit'], code: 'too_big', message: `must be an integer from 1 to ${MAX_PAGE_SIZE} (got ${String(limit)})` });
  }
  if (issues.length > 0) throw new ValidationError(`query of ${readModel}`, issues);
  const sort = direction as Direction;
  const orderField = orderBy === 'key' ? undefined : spec.index[orderBy];
  const after = options['after'] === undefined ? undefined : decodeCursor(readModel, options['after'], orderName, sort, orderField);
  return { where, orderBy, direction: sort, limit: limit as number, after, orderName };
}
