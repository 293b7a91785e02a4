/**
 * The in-process group commit of the PostgreSQL event store, with a scripted `send` standing in for
 * the database: what goes out together, and what a failing group does to its members.
 */
import { describe, expect, it } from 'vitest';
import { encodeEvents } from '../../runtime/store/event-codec.js';
import { createAppendBatcher, type BatchOutcome, type PendingBatch } from '../../runtime/store/postgres/internal/append-batches.js';
import { PostgresError } from '../../runtime/store/postgres/internal/errors.js';

const batch = (streamId: string): PendingBatch => ({ streamId, events: encodeEvents(streamId, [{ type: 'Happened', data: {} }]), expected: 'any', idempotencyKey: undefined });

/** A send whose calls stay pending until the test settles them. */
function scriptedSend() {
  const calls: { readonly streams: string[]; readonly settle: (outcome: readonly BatchOutcome[] | Error) => void }[] = [];
  const send = (batches: readonly PendingBatch[]): Promise<readonly BatchOutcome[]> =>
    new Promise((resolve, reject) => {
      calls.push({ streams: batches.map((b) => b.streamId), settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
    });
  return { calls, send };
}

const appended = (position: number): BatchOutcome => ({ kind: 'appended', version: 1, position });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PostgreSQL append batcher (group commit in the process)', () => {
  it('sends the first appends at once and groups those that arrive while statements are in flight', async () => {
    const { calls, send } = scriptedSend();
    const batcher = createAppendBatcher(send, { maxInFlight: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((stream) => batcher.append(batch(stream)));
    await tick();
    expect(calls.map((call) => call.streams)).toEqual([['a'], ['b']]);
    calls[0]?.settle([appended(1)]);
    await tick();
    expect(calls.map((call) => call.streams)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[1]?.settle([appended(2)]);
    calls[2]?.settle([appended(3), { kind: 'conflict', actual: 4 }, appended(5)]);
    expect(await Promise.all(results)).toEqual([appended(1), appended(2), appended(3), { kind: 'conflict', actual: 4 }, appended(5)]);
  });

  it('bounds a group by batches and by events', async () => {
    const { calls, send } = scriptedSend();
    const batcher = createAppendBatcher(send, { maxInFlight: 1, maxBatches: 2 });
    const results = ['a', 'b', 'c', 'd'].map((stream) => batcher.append(batch(stream)));
    await tick();
    calls[0]?.settle([appended(1)]);
    await tick();
    calls[1]?.settle([appended(2), appended(3)]);
    await tick();
    calls[2]?.settle([appended(4)]);
    await Promise.all(results);
    expect(calls.map((call) => call.streams)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('retries each batch alone when the server rejected the group, so one bad batch fails only itself', async () => {
    const { calls, send } = scriptedSend();
    const batcher = createAppendBatcher(send, { maxInFlight: 1 });
    const results = ['a', 'b', 'bad', 'c'].map((stream) => batcher.append(batch(stream)).then(
      (outcome) => outcome,
      (error: unknown) => error,
    ));
    await tick();
    calls[0]?.settle([appended(1)]);
    await tick();
    calls[1]?.settle(new PostgresError('PostgreSQL: invalid byte sequence', { sqlState: '22021' }));
    for (const [index, outcome] of [[2, appended(2)], [3, new PostgresError('PostgreSQL: invalid byte sequence', { sqlState: '22021' })], [4, appended(3)]] as const) {
      await tick();
      calls[index]?.settle(outcome instanceof Error ? outcome : [outcome]);
    }
    const settled = await Promise.all(results);
    expect(calls.map((call) => call.streams)).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
    expect(settled[0]).toEqual(appended(1));
    expect(settled[1]).toEqual(appended(2));
    expect(settled[2]).toBeInstanceOf(PostgresError);
    expect(settled[3]).toEqual(appended(3));
  });

  it('fails the whole group when the connection failed (no SQLSTATE): the commit may have happened, so nothing is retried', async () => {
    const { calls, send } = scriptedSend();
    const batcher = createAppendBatcher(send, { maxInFlight: 1 });
    const results = ['a', 'b', 'c'].map((stream) => batcher.append(batch(stream)).then(
      () => 'appended',
      (error: unknown) => (error instanceof PostgresError ? error.message : 'other'),
    ));
    await tick();
    calls[0]?.settle([appended(1)]);
    await tick();
    calls[1]?.settle(new PostgresError('PostgreSQL: Connection terminated unexpectedly', {}));
    expect(await Promise.all(results)).toEqual(['appended', 'PostgreSQL: Connection terminated unexpectedly', 'PostgreSQL: Connection terminated unexpectedly']);
    expect(calls).toHaveLength(2);
  });
});
