import type { EventEnvelope } from '../events/envelope.js';

/** Cuts a live event iterator into batches: whatever is ready now, up to `size` events. */
export interface BatchReader {
  /** The next non-empty batch; undefined once the source ended or `signal` aborted. */
  next(): Promise<readonly EventEnvelope[] | undefined>;
  /**
   * Ends the source. Abort the signal the source was created with first: a read still pending on
   * a live source only settles when it ends.
   */
  close(): Promise<void>;
}

const IDLE = Symbol('idle');
const ABORTED = Symbol('aborted');

/**
 * A batch takes the events that arrive before the next turn of the event loop: a catch-up read
 * (pages of stored rows) fills whole batches, while a live tail is handed over as soon as it stops
 * flowing, not held back waiting for a full batch.
 */
export function createBatchReader(source: AsyncIterable<EventEnvelope>, size: number, signal: AbortSignal): BatchReader {
  const iterator = source[Symbol.asyncIterator]();
  // A read that lost the race against the end of a turn; the next batch starts with it.
  let pending: Promise<IteratorResult<EventEnvelope>> | undefined;
  let ended = false;
  const pull = (): Promise<IteratorResult<EventEnvelope>> => (pending ??= iterator.next());
  const consume = (result: IteratorResult<EventEnvelope>): EventEnvelope | undefined => {
    pending = undefined;
    if (result.done === true) ended = true;
    return result.done === true ? undefined : result.value;
  };

  return {
    async next() {
      if (ended || signal.aborted) return undefined;
      const first = await unlessAborted(pull(), signal);
      if (first === ABORTED) return undefined;
      const head = consume(first);
      if (head === undefined) return undefined;
      const batch = [head];
      const turn = new Promise<typeof IDLE>((resolve) => setImmediate(resolve, IDLE));
      while (batch.length < size && !ended) {
        const result = await Promise.race([pull(), turn]);
        if (result === IDLE) break;
        const event = consume(result);
        if (event !== undefined) batch.push(event);
      }
      return batch;
    },
    async close() {
      ended = true;
      await pending?.catch(() => undefined);
      pending = undefined;
      await iterator.return?.()?.catch(() => undefined);
    },
  };
}

function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
