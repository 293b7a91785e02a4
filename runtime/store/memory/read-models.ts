import { StoreError } from '../../errors/errors.js';
import type { ComponentOpener } from '../backend.js';
import { createLifecycle, type Lifecycle } from '../lifecycle.js';
import type { MemoryConnection } from './connection.js';
import { compareRows, compareValues } from '../../readmodel/order.js';
import {
  describeTable,
  PositionMovedError,
  type ColumnCondition,
  type FoundRow,
  type IndexValue,
  type ReadModelStore,
  type ReadModelTable,
  type ReadModelTableSpec,
  type StoredRow,
  type TableCommit,
  type TableInfo,
  type TableStatus,
} from '../../readmodel/store.js';
import { cloneJson } from '../json-clone.js';

interface MemoryRow {
  readonly row: StoredRow;
  readonly index: readonly IndexValue[];
}

interface MemoryTableState {
  readonly spec: ReadModelTableSpec;
  status: TableStatus;
  position: number;
  readonly rows: Map<string, MemoryRow>;
  dropped: boolean;
}

const matches = (entry: MemoryRow, where: readonly ColumnCondition[]): boolean =>
  where.every((condition) => condition.values.some((value) => compareValues(entry.index[condition.column] ?? null, value) === 0));

/** Read-model tables in process memory: for tests and for read models rebuilt at every start. */
export function createInMemoryReadModelStore(lifecycle: Lifecycle = createLifecycle('in-memory read-model store')): ReadModelStore {
  const tables = new Map<string, MemoryTableState>();
  const assertOpen = (): void => lifecycle.assertOpen();
  const idOf = (domain: string, name: string, shapeHash: string): string => `${domain}\u0000${name}\u0000${shapeHash}`;
  const versionsOf = (domain: string, name: string): MemoryTableState[] =>
    [...tables.values()].filter((state) => state.spec.domain === domain && state.spec.name === name);

  const handle = (state: MemoryTableState): ReadModelTable => {
    const live = (): MemoryTableState => {
      assertOpen();
      if (state.dropped) throw new StoreError(`Read model table ${describeTable(state.spec)} was dropped`);
      return state;
    };
    return {
      spec: state.spec,
      position: async () => live().position,
      status: async () => live().status,
      async getMany(keys) {
        const { rows } = live();
        const found = new Map<string, StoredRow>();
        for (const key of keys) {
          const entry = rows.get(key);
          if (entry !== undefined) found.set(key, cloneJson(entry.row));
        }
        return found;
      },
      async commit(changes: TableCommit) {
        assertOpen();
        if (state.dropped || state.position !== changes.from) {
          throw new PositionMovedError(describeTable(state.spec), changes.from, state.dropped ? undefined : state.position);
        }
        for (const key of changes.deletes) state.rows.delete(key);
        for (const write of changes.upserts) state.rows.set(write.key, { row: cloneJson(write.row), index: [...write.index] });
        state.position = changes.through;
      },
      async find(query) {
        const { rows } = live();
        const valueOf = (key: string, entry: MemoryRow): IndexValue => (query.orderBy === 'key' ? key : (entry.index[query.orderBy] ?? null));
        const selected: FoundRow[] = [];
        for (const [key, entry] of rows) {
          if (!matches(entry, query.where)) continue;
          const candidate = { key, value: valueOf(key, entry) };
          if (query.after !== undefined && compareRows(candidate, query.after, query.direction) <= 0) continue;
          selected.push({ key, row: entry.row, sortValue: candidate.value });
        }
        selected.sort((a, b) => compareRows({ value: a.sortValue, key: a.key }, { value: b.sortValue, key: b.key }, query.direction));
        return selected.slice(0, query.limit).map((found) => ({ ...found, row: cloneJson(found.row) }));
      },
      async count(where) {
        const { rows } = live();
        let count = 0;
        for (const entry of rows.values()) if (matches(entry, where)) count += 1;
        return count;
      },
      async activate() {
        live().status = 'active';
        for (const other of versionsOf(state.spec.domain, state.spec.name)) {
          if (other === state) continue;
          other.dropped = true;
          tables.delete(idOf(other.spec.domain, other.spec.name, other.spec.shapeHash));
        }
      },
    };
  };

  return {
    async table(spec) {
      assertOpen();
      const id = idOf(spec.domain, spec.name, spec.shapeHash);
      let state = tables.get(id);
      if (state === undefined) {
        state = { spec, status: 'building', position: 0, rows: new Map(), dropped: false };
        tables.set(id, state);
      }
      return handle(state);
    },
    async versions(domain, name): Promise<readonly TableInfo[]> {
      assertOpen();
      return versionsOf(domain, name)
        .map((state) => ({ shapeHash: state.spec.shapeHash, status: state.status, position: state.position, rows: state.rows.size }))
        .sort((a, b) => (a.status === b.status ? 0 : a.status === 'active' ? -1 : 1));
    },
    async drop(domain, name, shapeHash) {
      assertOpen();
      const id = idOf(domain, name, shapeHash);
      const state = tables.get(id);
      if (state !== undefined) state.dropped = true;
      tables.delete(id);
    },
    close: lifecycle.close,
  };
}

export const openMemoryReadModels: ComponentOpener<MemoryConnection, 'readModels'> = async (_connection, lifecycle) => createInMemoryReadModelStore(lifecycle);
