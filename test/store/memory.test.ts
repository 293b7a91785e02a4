import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { componentHarness, memoryTestBackend } from '../support/backends.js';
import { describeEventStoreContract } from './event-store.contract.js';

describeEventStoreContract('in-memory', { open: async () => createInMemoryEventStore() });
describeEventStoreContract('in-memory backend', componentHarness(memoryTestBackend(), 'events'));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown): object[] {
  if (typeof value !== 'object' || value === null) return [];
  return [value, ...Object.values(value).flatMap(objectsIn)];
}

describe('in-memory event store: stored events are shared, deeply frozen', () => {
  const data = { owner: 'Ada', lines: [{ sku: 'a', tags: ['x'] }], nested: { deep: { n: 1 } } };
  const metadata = { correlationId: 'c-1', headers: { tenant: 't-1' } };

  it('copies the writer\'s objects once, at append, and leaves them unfrozen', async () => {
    const store = createInMemoryEventStore();
    const written = structuredClone(data);
    await store.append('s-1', [{ type: 'Written', data: written, metadata }]);
    expect(objectsIn(written).some((object) => Object.isFrozen(object))).toBe(false);
    written.lines[0]?.tags.push('y');
    const [stored] = await collect(store.readStream('s-1'));
    expect(stored?.data).toEqual(data);
    expect(stored?.data).not.toBe(written);
  });

  it('hands every reader the same frozen objects: append result, readStream, readStreamPages, readAll, subscribe', async () => {
    const store = createInMemoryEventStore();
    const { events } = await store.append('s-1', [{ type: 'Written', data, metadata }, { type: 'Bare', data: { n: 2 } }]);
    const controller = new AbortController();
    const subscribed: EventEnvelope[] = [];
    for await (const event of store.subscribe({ signal: controller.signal })) {
      subscribed.push(event);
      if (subscribed.length === 2) controller.abort();
    }
    const reads = [events, await collect(store.readStream('s-1')), (await collect(store.readStreamPages('s-1'))).flat(), await collect(store.readAll()), subscribed];
    for (const read of reads) {
      expect(read).toHaveLength(2);
      read.forEach((event, index) => expect(event).toBe(events[index]));
    }
    for (const event of events) {
      const objects = objectsIn(event);
      expect(objects.length).toBeGreaterThanOrEqual(3); // envelope, data, metadata and what they hold
      for (const object of objects) expect(Object.isFrozen(object)).toBe(true);
    }
    expect(events[1]?.metadata).toEqual({});
    await store.close();
  });

  it('refuses changes (TypeError in strict mode), so a later read sees what was stored', async () => {
    const store = createInMemoryEventStore();
    await store.append('s-1', [{ type: 'Written', data, metadata }]);
    const [event] = await collect(store.readStream('s-1'));
    if (event === undefined) throw new Error('no event');
    const changes: (() => unknown)[] = [
      () => ((event as { type: string }).type = 'Forged'),
      () => ((event as { version: number }).version = 7),
      () => ((event.data as typeof data).owner = 'Eve'),
      () => (event.data as typeof data).lines.push({ sku: 'b', tags: [] }),
      () => ((event.data as typeof data).lines[0]!.tags[0] = 'z'),
      () => ((event.data as typeof data).nested.deep.n = 2),
      () => delete (event.data as Partial<typeof data>).owner,
      () => ((event.metadata as { correlationId: string }).correlationId = 'c-2'),
      () => ((event.metadata.headers as Record<string, string>)['tenant'] = 't-2'),
      () => Object.defineProperty(event.data, 'extra', { value: 1 }),
    ];
    for (const change of changes) expect(change).toThrow(TypeError);
    const [again] = await collect(store.readStream('s-1'));
    expect(again).toEqual({ ...event, data, metadata });
    expect(again?.type).toBe('Written');
  });

  it('hands out pages as the reader\'s own arrays: changing one changes no later read', async () => {
    const store = createInMemoryEventStore();
    await store.append('s-1', [{ type: 'A', data: {} }, { type: 'B', data: {} }]);
    const [page] = await collect(store.readStreamPages('s-1'));
    (page as EventEnvelope[]).reverse().pop();
    expect((await collect(store.readStreamPages('s-1'))).flat().map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('pages a long stream, and a reader sees events appended while it reads', async () => {
    const store = createInMemoryEventStore();
    await store.append('long-1', Array.from({ length: 2500 }, (_, i) => ({ type: 'N', data: { i } })));
    const sizes: number[] = [];
    for await (const page of store.readStreamPages('long-1')) {
      sizes.push(page.length);
      if (sizes.length === 1) await store.append('long-1', [{ type: 'Late', data: {} }]);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2501);
    expect(sizes.length).toBeGreaterThan(1);
    expect((await collect(store.readStreamPages('long-1', { fromVersion: 1000, toVersion: 2100 }))).flat().map((e) => e.version)).toEqual(
      Array.from({ length: 1101 }, (_, i) => 1000 + i),
    );
  });
});
