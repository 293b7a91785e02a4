import type { DomainEventDecoder } from '../domain/event-decoder.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { ProcessorTask } from '../processor/processor.js';
import type { AnyReadModelDefinition, ProjectionHandler } from './definition.js';
import { InvalidRowError } from './errors.js';
import { indexValuesOf } from './query-plan.js';
import type { RowCodec } from './row-codec.js';
import type { ReadModelStore, ReadModelTable, ReadModelTableSpec, RowWrite, StoredRow } from './store.js';

/** Keys longer than this (UTF-16 units) are refused: they are row ids, not data. */
export const MAX_ROW_KEY_LENGTH = 1024;

export const tableSpecOf = (definition: AnyReadModelDefinition): ReadModelTableSpec => ({
  domain: definition.domain,
  name: definition.name,
  shapeHash: definition.shapeHash,
  index: definition.index,
});

export const readModelProcessorName = (definition: Pick<AnyReadModelDefinition, 'domain' | 'name'>): string => `${definition.domain}.readModel.${definition.name}`;

type AnyHandler = ProjectionHandler<object, DomainEnvelope>;

/**
 * A read model's projector, as a processor task: for each page of the log, the rows its events
 * touch are read once, every handler runs in log order on the latest row (a row changed twice in a
 * page is read once and written once), and the changed rows and the new position are committed in
 * one transaction. A table still `building` (a new shape, a rebuild) becomes the read model's active
 * version once it has caught up with the log.
 */
export function createProjector(
  definition: AnyReadModelDefinition,
  options: { readonly store: ReadModelStore; readonly decoder: DomainEventDecoder; readonly rows: RowCodec },
): ProcessorTask & { table(): Promise<ReadModelTable> } {
  const spec = tableSpecOf(definition);
  const label = `${definition.domain}.${definition.name}`;
  const handlers = new Map<string, AnyHandler>(Object.entries(definition.on as Readonly<Record<string, AnyHandler | undefined>>).filter((entry): entry is [string, AnyHandler] => entry[1] !== undefined));
  let opening: Promise<ReadModelTable> | undefined;
  const table = (): Promise<ReadModelTable> =>
    (opening ??= options.store.table(spec).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  let changed = 0;
  let active = false;

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
    name: readModelProcessorName(definition),
    kind: 'read-model',
    table,
    async prepare() {
      // (Re)creates the table: after a rebuild dropped it, or another process activated a newer shape.
      opening = undefined;
      active = false;
      return (await table()).position();
    },
    position: async () => (await table()).position(),
    counters: () => ({ rowsChanged: changed }),
    async handle(events: readonly EventEnvelope[], from: number, through: number) {
      const target = await table();
      const work: { readonly handler: AnyHandler; readonly event: DomainEnvelope; readonly key: string }[] = [];
      for (const envelope of events) {
        const handler = handlers.get(envelope.type);
        if (handler === undefined) continue;
        const event = options.decoder.decode(envelope);
        if (event === undefined) continue;
        work.push({ handler, event, key: checkKey(handler.key(event)) });
      }
      const rows = new Map<string, StoredRow | undefined>();
      if (work.length > 0) {
        const session = options.rows.session();
        const stored = await target.getMany([...new Set(work.map((item) => item.key))]);
        for (const [key, row] of stored) rows.set(key, await session.open(key, row));
        const touched = new Set<string>();
        for (const { handler, event, key } of work) {
          const outcome = handler.apply(rows.get(key), event, key);
          if (outcome === undefined) continue;
          rows.set(key, outcome === 'delete' ? undefined : checkRow(key, outcome));
          touched.add(key);
        }
        const upserts: RowWrite[] = [];
        const deletes: string[] = [];
        for (const key of touched) {
          const row = rows.get(key);
          if (row === undefined) deletes.push(key);
          else upserts.push({ key, row: await session.seal(key, row), index: indexValuesOf(spec, row) });
        }
        await target.commit({ from, through, upserts, deletes });
        changed += touched.size;
        return;
      }
      await target.commit({ from, through, upserts: [], deletes: [] });
    },
    async caughtUp() {
      if (active) return;
      const target = await table();
      if ((await target.status()) === 'building') await target.activate();
      active = true;
    },
  };
}
