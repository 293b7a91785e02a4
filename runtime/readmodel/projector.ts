import type { DomainEventDecoder } from '../domain/event-decoder.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { ProcessorTask } from '../processor/processor.js';
import type { AnyReadModelDefinition } from './definition.js';
import { createRowFolder } from './fold.js';
import { indexValuesOf } from './query-plan.js';
import type { RowCodec } from './row-codec.js';
import type { ReadModelStore, ReadModelTable, ReadModelTableSpec, RowWrite, StoredRow } from './store.js';

export const tableSpecOf = (definition: AnyReadModelDefinition): ReadModelTableSpec => ({
  domain: definition.domain,
  name: definition.name,
  shapeHash: definition.shapeHash,
  index: definition.index,
});

export const readModelProcessorName = (definition: Pick<AnyReadModelDefinition, 'domain' | 'name'>): string => `${definition.domain}.readModel.${definition.name}`;

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
  const folder = createRowFolder(definition, options.decoder);
  let opening: Promise<ReadModelTable> | undefined;
  const table = (): Promise<ReadModelTable> =>
    (opening ??= options.store.table(spec).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  let changed = 0;
  let active = false;

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
      const work = folder.changesOf(events);
      const rows = new Map<string, StoredRow | undefined>();
      if (work.length > 0) {
        const session = options.rows.session();
        const stored = await target.getMany([...new Set(work.map((item) => item.key))]);
        for (const [key, row] of stored) rows.set(key, await session.open(key, row));
        const touched = folder.fold(work, rows);
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
