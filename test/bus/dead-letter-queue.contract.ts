/**
 * THE DeadLetterQueue contract suite. Every backend runs it from its own *.test.ts:
 *
 *   describeDeadLetterQueueContract(backend.name, componentHarness(backend, 'deadLetters'));
 *
 * `open()` is called once per test; the suite closes every queue it opened (once), then calls
 * `cleanup()`. It uses nothing but the DeadLetterQueue interface and StoreError.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterQueue, NewDeadLetter } from '../../runtime/bus/dead-letter-queue.js';
import { StoreError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';

export interface DeadLetterQueueHarness {
  /** A queue over fresh, empty storage. */
  open(): Promise<DeadLetterQueue>;
  /** After each test, once the suite has closed its queues. */
  cleanup?(): Promise<void>;
}

export function sampleEvent(position: number, data: unknown = { n: position }): EventEnvelope {
  return {
    id: `e-${position}`,
    type: 'ThingHappened',
    source: 'orchestrix:test',
    subject: 'thing-1',
    time: '2025-01-01T00:00:00.000Z',
    data,
    streamId: 'thing-1',
    version: position,
    position,
    schemaVersion: 2,
    metadata: { correlationId: 'corr', causationId: 'cause', headers: { tenant: 't-1' } },
  };
}

export function sampleLetter(position: number, handler = 'projector'): NewDeadLetter {
  return {
    handler,
    event: sampleEvent(position),
    error: { name: 'DomainError', message: `failed on ${position}`, code: 'SOMETHING_WRONG', stack: 'DomainError: failed\n    at handler' },
    attempts: 3,
    failedAt: '2025-06-01T12:00:00.000Z',
  };
}

export function describeDeadLetterQueueContract(name: string, harness: DeadLetterQueueHarness): void {
  describe(`DeadLetterQueue contract: ${name}`, () => {
    let opened: DeadLetterQueue[] = [];
    const open = async (): Promise<DeadLetterQueue> => {
      const queue = await harness.open();
      opened.push(queue);
      return queue;
    };
    afterEach(async () => {
      for (const queue of opened) await queue.close();
      opened = [];
      await harness.cleanup?.();
    });

    it('starts empty', async () => {
      const queue = await open();
      expect(await queue.list()).toEqual([]);
      expect(await queue.get('nothing')).toBeUndefined();
    });

    it('adds a letter with a fresh id and gives back exactly what was stored', async () => {
      const queue = await open();
      const letter = sampleLetter(1);
      const added = await queue.add(letter);
      expect(added).toEqual({ ...letter, id: expect.any(String) });
      expect(added.id.length).toBeGreaterThan(0);
      expect(await queue.get(added.id)).toEqual(added);
      const other = await queue.add(letter);
      expect(other.id).not.toBe(added.id);
    });

    it('keeps a letter apart from the objects it was given and handed out', async () => {
      const queue = await open();
      const data = { list: [1, 2] };
      const added = await queue.add({ ...sampleLetter(1), event: sampleEvent(1, data) });
      data.list.push(3);
      const fetched = await queue.get(added.id);
      expect(fetched?.event.data).toEqual({ list: [1, 2] });
      (fetched?.event.data as { list: number[] }).list.push(4);
      expect((await queue.get(added.id))?.event.data).toEqual({ list: [1, 2] });
    });

    it('keeps unicode and large payloads intact', async () => {
      const queue = await open();
      const data = { text: 'Grüße, 世界 🎉 \u0000 "quoted"', big: 'x'.repeat(256 * 1024) };
      const added = await queue.add({ ...sampleLetter(1, 'handler-ü'), event: sampleEvent(1, data) });
      expect(await queue.get(added.id)).toEqual(added);
      expect((await queue.list({ handler: 'handler-ü' })).map((letter) => letter.id)).toEqual([added.id]);
    });

    it('lists oldest first, by handler, and up to a limit', async () => {
      const queue = await open();
      const a1 = await queue.add(sampleLetter(1, 'a'));
      const b2 = await queue.add(sampleLetter(2, 'b'));
      const a3 = await queue.add(sampleLetter(3, 'a'));
      const ids = (letters: readonly { readonly id: string }[]): string[] => letters.map((letter) => letter.id);
      expect(ids(await queue.list())).toEqual([a1.id, b2.id, a3.id]);
      expect(ids(await queue.list({ handler: 'a' }))).toEqual([a1.id, a3.id]);
      expect(ids(await queue.list({ handler: 'c' }))).toEqual([]);
      expect(ids(await queue.list({ limit: 2 }))).toEqual([a1.id, b2.id]);
      expect(ids(await queue.list({ handler: 'a', limit: 1 }))).toEqual([a1.id]);
      expect(ids(await queue.list({ limit: 0 }))).toEqual([]);
    });

    it('updates the error, attempts and time of a letter, keeping its id, event and place', async () => {
      const queue = await open();
      const first = await queue.add(sampleLetter(1));
      const second = await queue.add(sampleLetter(2));
      const changes = { error: { name: 'Error', message: 'still failing' }, attempts: 5, failedAt: '2025-06-02T00:00:00.000Z' };
      const updated = await queue.update(first.id, changes);
      expect(updated).toEqual({ ...first, ...changes });
      expect(await queue.get(first.id)).toEqual(updated);
      expect((await queue.list()).map((letter) => letter.id)).toEqual([first.id, second.id]);
      expect(await queue.update('nothing', changes)).toBeUndefined();
      expect(await queue.list()).toHaveLength(2);
    });

    it('removes a letter; removing a missing one is not an error', async () => {
      const queue = await open();
      const first = await queue.add(sampleLetter(1));
      const second = await queue.add(sampleLetter(2));
      await queue.remove(first.id);
      expect(await queue.get(first.id)).toBeUndefined();
      expect(await queue.list()).toEqual([second]);
      await expect(queue.remove(first.id)).resolves.toBeUndefined();
    });

    it('refuses work once closed', async () => {
      const queue = await open();
      await queue.close();
      await expect(queue.add(sampleLetter(1))).rejects.toBeInstanceOf(StoreError);
      await expect(queue.list()).rejects.toBeInstanceOf(StoreError);
    });
  });
}
