import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, StoreError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import { createInMemoryCheckpointStore } from '../../runtime/store/memory/checkpoints.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { openSqliteBackend } from '../../runtime/store/sqlite/backend.js';
import type { CheckpointStore } from '../../runtime/subscription/checkpoint-store.js';
import { startSubscription } from '../../runtime/subscription/checkpointed-subscription.js';
import { SubscriptionFailedError, SubscriptionStoppedError } from '../../runtime/subscription/errors.js';
import { gatedSleep, instantTiming } from '../bus/helpers.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-subscription-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => join(root, `subscription-${(files += 1)}.db`);

/** Appends `count` events spread over three streams, one append each; returns them in log order. */
async function appendEvents(store: EventStore, count: number, type = 'Tick', from = 0): Promise<EventEnvelope[]> {
  const appended: EventEnvelope[] = [];
  for (let index = from; index < from + count; index += 1) {
    const result = await store.append(`stream-${index % 3}`, [{ type, data: { index } }]);
    appended.push(...result.events);
  }
  return appended;
}

const positions = (events: readonly EventEnvelope[]): number[] => events.map((event) => event.position);

function lastPosition(events: readonly EventEnvelope[]): number {
  const last = events.at(-1);
  if (last === undefined) throw new Error('no events');
  return last.position;
}

/** A CheckpointStore that remembers every save, around a real one. */
function recording(inner: CheckpointStore): CheckpointStore & { readonly saves: number[] } {
  const saves: number[] = [];
  return {
    saves,
    load: (name) => inner.load(name),
    save: async (name, position) => {
      await inner.save(name, position);
      saves.push(position);
    },
    delete: (name) => inner.delete(name),
    close: () => inner.close(),
  };
}

describe('checkpointed subscription', () => {
  it('delivers the backlog, then live events, in position order, and checkpoints each batch', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = recording(createInMemoryCheckpointStore());
    const backlog = await appendEvents(store, 30);
    const batches: number[][] = [];
    const subscription = startSubscription({ name: 'ledger', store, checkpoints, batchSize: 7, handleBatch: (events) => void batches.push(positions(events)) });

    await subscription.waitFor(lastPosition(backlog));
    const live = await appendEvents(store, 5, 'Tick', 30);
    await subscription.waitFor(lastPosition(live));

    expect(batches.flat()).toEqual(positions([...backlog, ...live]));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(7);
    // The backlog is read in full batches; one checkpoint per batch, at its last event.
    expect(batches.slice(0, 4).map((batch) => batch.length)).toEqual([7, 7, 7, 7]);
    expect(checkpoints.saves).toEqual(batches.map((batch) => batch.at(-1)));
    expect(await checkpoints.load('ledger')).toBe(lastPosition(live));
    expect(subscription.position).toBe(lastPosition(live));
    expect(subscription.status).toBe('running');

    await subscription.stop();
    expect(subscription.status).toBe('stopped');
    await expect(subscription.done).resolves.toBeUndefined();
    await store.close();
  });

  it('resumes after a restart on SQLite files: every event handled exactly once, in order', async () => {
    const file = freshFile();
    const seed = await openSqliteBackend({ path: file });
    const first = await appendEvents(await seed.component('events'), 250);
    await seed.close();

    const handled: number[] = [];
    const run = async (stopAfter: number | undefined, until?: number): Promise<void> => {
      // A fresh backend on the same file: what a restarted process would open.
      const backend = await openSqliteBackend({ path: file });
      const store = await backend.component('events');
      const checkpoints = await backend.component('checkpoints');
      const controller = new AbortController();
      let count = 0;
      const subscription = startSubscription({
        name: 'balances',
        store,
        checkpoints,
        batchSize: 16,
        signal: controller.signal,
        handle: (event) => {
          handled.push(event.position);
          count += 1;
          // Stop in the middle of a batch, from inside the handler.
          if (count === stopAfter) controller.abort();
        },
      });
      if (until !== undefined) {
        await subscription.waitFor(until);
        await subscription.stop();
      }
      await subscription.done;
      expect(await checkpoints.load('balances')).toBe(handled.at(-1));
      await backend.close();
    };

    await run(95);
    expect(handled).toHaveLength(95);
    await run(60);
    expect(handled).toHaveLength(155);

    const writer = await openSqliteBackend({ path: file });
    const more = await appendEvents(await writer.component('events'), 20, 'Tick', 250);
    await writer.close();
    await run(undefined, lastPosition(more));

    expect(handled).toEqual(positions([...first, ...more]));
  });

  it('hands only the chosen event types to the handler and still moves the checkpoint past the rest', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    await appendEvents(store, 4, 'Tick');
    const wanted = await appendEvents(store, 3, 'Tock', 4);
    const tail = await appendEvents(store, 4, 'Tick', 7);
    const seen: string[] = [];
    const subscription = startSubscription({ name: 'tocks', store, checkpoints, types: ['Tock'], handle: (event) => void seen.push(event.type) });
    await subscription.waitFor(lastPosition(tail));
    expect(seen).toEqual(['Tock', 'Tock', 'Tock']);
    expect(wanted).toHaveLength(3);
    expect(await checkpoints.load('tocks')).toBe(lastPosition(tail));
    await subscription.stop();
    await store.close();
  });

  it('retries a failing handler with backoff and carries on when it recovers', async () => {
    const store = createInMemoryEventStore();
    const events = await appendEvents(store, 3);
    const timing = instantTiming(0);
    let failures = 2;
    const seen: number[] = [];
    const subscription = startSubscription({
      name: 'flaky',
      store,
      checkpoints: createInMemoryCheckpointStore(),
      retry: { maxAttempts: 5, baseDelayMs: 20, factor: 3 },
      ...timing,
      handle: (event) => {
        if (event.position === events[1]?.position && failures > 0) {
          failures -= 1;
          throw new Error('transient');
        }
        seen.push(event.position);
      },
    });
    await subscription.waitFor(lastPosition(events));
    expect(seen).toEqual(positions(events));
    expect(timing.sleeps).toEqual([20, 60]);
    await subscription.stop();
    await store.close();
  });

  it('waitFor resolves at once for a position already checkpointed, including one loaded at start', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    await checkpoints.save('late', 1_000);
    const subscription = startSubscription({ name: 'late', store, checkpoints, handle: () => undefined });
    await subscription.waitFor(999);
    expect(subscription.position).toBe(1_000);
    await subscription.waitFor(1_000);
    await subscription.stop();
    await expect(subscription.waitFor(1_001)).rejects.toBeInstanceOf(SubscriptionStoppedError);
    await store.close();
  });
});

describe('checkpointed subscription: failures', () => {
  it('stops with the error after the last attempt, the checkpoint just before the failing event', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    const events = await appendEvents(store, 10);
    const poison = events[5]?.position;
    const seen: number[] = [];
    const timing = instantTiming();
    const subscription = startSubscription({
      name: 'strict',
      store,
      checkpoints,
      batchSize: 4,
      retry: { maxAttempts: 3 },
      ...timing,
      handle: (event) => {
        if (event.position === poison) throw new Error('cannot apply');
        seen.push(event.position);
      },
    });
    const waiting = subscription.waitFor(lastPosition(events));
    const failure = await subscription.done.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SubscriptionFailedError);
    expect(failure).toMatchObject({ code: 'SUBSCRIPTION_FAILED', subscription: 'strict', eventPosition: poison, attempts: 3, cause: { message: 'cannot apply' } });
    await expect(waiting).rejects.toBe(failure);
    expect(subscription.status).toBe('failed');
    expect(seen).toEqual(positions(events.slice(0, 5)));
    expect(await checkpoints.load('strict')).toBe(events[4]?.position);
    expect(timing.sleeps).toHaveLength(2);
    await expect(subscription.stop()).resolves.toBeUndefined();

    // Fixed and restarted, it picks up at the failed event.
    const resumed = startSubscription({ name: 'strict', store, checkpoints, handle: (event) => void seen.push(event.position) });
    await resumed.waitFor(lastPosition(events));
    expect(seen).toEqual(positions(events));
    await resumed.stop();
    await store.close();
  });

  it('leaves the checkpoint before a failed batch', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = recording(createInMemoryCheckpointStore());
    const events = await appendEvents(store, 10);
    const poison = events[5]?.position;
    const batches: number[][] = [];
    const subscription = startSubscription({
      name: 'batched',
      store,
      checkpoints,
      batchSize: 4,
      retry: { maxAttempts: 2 },
      ...instantTiming(),
      handleBatch: (batch) => {
        if (batch.some((event) => event.position === poison)) throw new Error('batch failed');
        batches.push(positions(batch));
      },
    });
    await expect(subscription.done).rejects.toMatchObject({ eventPosition: events[4]?.position, attempts: 2 });
    expect(batches).toEqual([positions(events.slice(0, 4))]);
    expect(checkpoints.saves).toEqual([events[3]?.position]);
    await store.close();
  });

  it('dead-letters a failing event and moves on, and can redrive it later', async () => {
    const file = freshFile();
    const store = createInMemoryEventStore();
    const backend = await openSqliteBackend({ path: file });
    const deadLetters = await backend.component('deadLetters');
    const events = await appendEvents(store, 6);
    const poison = events[2];
    let broken = true;
    const seen: number[] = [];
    const subscription = startSubscription({
      name: 'lenient',
      store,
      checkpoints: createInMemoryCheckpointStore(),
      onFailure: 'dead-letter',
      deadLetters,
      retry: { maxAttempts: 2 },
      ...instantTiming(),
      handle: (event) => {
        if (broken && event.position === poison?.position) throw new Error('poison');
        seen.push(event.position);
      },
    });
    await subscription.waitFor(lastPosition(events));
    expect(seen).toEqual(positions(events.filter((event) => event !== poison)));
    const [letter, ...others] = await deadLetters.list();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ handler: 'lenient', event: poison, attempts: 2, error: { message: 'poison' } });
    expect(subscription.deadLetters).toBe(deadLetters);

    broken = false;
    expect(await subscription.redrive(letter?.id ?? '')).toEqual({ status: 'delivered', attempts: 1 });
    expect(seen.at(-1)).toBe(poison?.position);
    expect(await deadLetters.list()).toEqual([]);
    await subscription.stop();
    await backend.close();
    await store.close();
  });

  it('finds the poison event of a failed batch by handling that batch one event at a time', async () => {
    const store = createInMemoryEventStore();
    const events = await appendEvents(store, 8);
    const poison = events[5]?.position;
    const calls: number[][] = [];
    const subscription = startSubscription({
      name: 'isolating',
      store,
      checkpoints: createInMemoryCheckpointStore(),
      batchSize: 4,
      onFailure: 'dead-letter',
      retry: { maxAttempts: 1 },
      handleBatch: (batch) => {
        calls.push(positions(batch));
        if (batch.some((event) => event.position === poison)) throw new Error('poison in batch');
      },
    });
    await subscription.waitFor(lastPosition(events));
    const second = positions(events.slice(4, 8));
    expect(calls).toEqual([positions(events.slice(0, 4)), second, ...second.map((position) => [position])]);
    expect((await subscription.deadLetters.list()).map((letter) => letter.event.position)).toEqual([poison]);
    await subscription.stop();
    await store.close();
  });

  it('stops during a retry backoff without moving the checkpoint past the failing event', async () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    const events = await appendEvents(store, 3);
    const gate = gatedSleep();
    const subscription = startSubscription({
      name: 'stoppable',
      store,
      checkpoints,
      sleep: gate.sleep,
      retry: { maxAttempts: 5 },
      handle: (event) => {
        if (event.position === events[1]?.position) throw new Error('down');
      },
    });
    await gate.sleeping();
    await subscription.stop();
    expect(subscription.status).toBe('stopped');
    expect(await checkpoints.load('stoppable')).toBe(events[0]?.position);
    await store.close();
  });

  it('fails when its stores do', async () => {
    const store = createInMemoryEventStore();
    await appendEvents(store, 2);
    const checkpoints = createInMemoryCheckpointStore();
    await checkpoints.close();
    const noCheckpoints = startSubscription({ name: 'a', store, checkpoints, handle: () => undefined });
    await expect(noCheckpoints.done).rejects.toMatchObject({ code: 'SUBSCRIPTION_FAILED', eventPosition: undefined, cause: expect.any(StoreError) });

    const closed = createInMemoryEventStore();
    await closed.close();
    const noEvents = startSubscription({ name: 'b', store: closed, checkpoints: createInMemoryCheckpointStore(), handle: () => undefined });
    await expect(noEvents.done).rejects.toBeInstanceOf(SubscriptionFailedError);
    await store.close();
  });

  it('refuses bad options at once', () => {
    const store = createInMemoryEventStore();
    const checkpoints = createInMemoryCheckpointStore();
    expect(() => startSubscription({ name: '', store, checkpoints, handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => startSubscription({ name: 'x', store, checkpoints, batchSize: 0, handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => startSubscription({ name: 'x', store, checkpoints, retry: { factor: 0 }, handle: () => undefined })).toThrow(ConfigurationError);
    // @ts-expect-error -- exactly one handler is required
    expect(() => startSubscription({ name: 'x', store, checkpoints })).toThrow(ConfigurationError);
  });
});
