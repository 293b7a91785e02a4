import { ValidationError } from '../errors/errors.js';
import type { AnyReadModelDefinition } from './definition.js';
import { MAX_ROW_KEY_LENGTH } from './fold.js';
import type { Page, ReadModelQuery } from './query.js';
import { encodeCursor, planFind, planWhere } from './query-plan.js';
import type { RowCodec } from './row-codec.js';
import type { ReadModelTable, StoredRow } from './store.js';

/**
 * `domain.readModels.<Name>`: reads of one read model's table, checked (ValidationError for a bad
 * key, filter, order, limit or cursor) and decrypted. Rows are what the projector last committed:
 * see docs/read-models.md on consistency (`catchUp`).
 */
export function createReadModelQuery(definition: AnyReadModelDefinition, table: () => Promise<ReadModelTable>, rows: RowCodec): ReadModelQuery<object, string> {
  const label = definition.name;
  const spec = { index: definition.index };
  return {
    async get(key) {
      if (typeof key !== 'string' || key.length === 0 || key.length > MAX_ROW_KEY_LENGTH) {
        throw new ValidationError(`key of ${label}`, [{ path: ['key'], code: 'invalid_key', message: `must be a non-empty string of at most ${MAX_ROW_KEY_LENGTH} characters` }]);
      }
      const stored = (await (await table()).getMany([key])).get(key);
      return stored === undefined ? undefined : rows.session().open(key, stored);
    },
    async find(query): Promise<Page<object>> {
      const plan = planFind(label, spec, query);
      // One row more than asked says whether there is a next page.
      const found = await (await table()).find({ ...plan, limit: plan.limit + 1 });
      const page = found.slice(0, plan.limit);
      const session = rows.session();
      const opened: StoredRow[] = [];
      for (const row of page) opened.push(await session.open(row.key, row.row));
      const last = page[page.length - 1];
      return {
        rows: opened,
        next: found.length > plan.limit && last !== undefined ? encodeCursor(plan.orderName, plan.direction, { value: last.sortValue, key: last.key }) : undefined,
      };
    },
    async count(where) {
      return (await table()).count(planWhere(label, spec, where));
    },
  };
}
