import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { DeadLetterNotFoundError, HandlerNotFoundError } from '../bus/errors.js';
import { createLane } from '../bus/lane.js';
import type { RedriveOptions } from '../bus/message-bus.js';
import { recordError } from '../bus/recorded-error.js';
import { REDRIVE_RETRY, redriveLetter, singleFlight, type RedriveResult } from '../bus/redrive.js';
import { retryPolicy, runWithRetry, type RetryPolicyOptions } from '../bus/retry.js';
import { resolveTiming, type Timing } from '../bus/timing.js';
import { ConfigurationError } from '../errors/errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { EventStore } from '../store/event-store.js';
import { createInMemoryDeadLetterQueue } from '../store/memory/dead-letters.js';
import { createBatchReader } from './batch-reader.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { SubscriptionFailedError, SubscriptionStoppedError } from './errors.js';

/**
 * What happens when the handler still fails after the last retry:
 * - `stop` (default): the subscription ends with SubscriptionFailedError and its checkpoint stays
 *   before the failing event, so a projection never skips one; fix the cause and start it again.
 * - `dead-letter`: the event goes to the dead-letter queue (handler = the subscription's name) and
 *   the subscription moves on; `redrive` delivers it again later.
 */
export type FailureMode = 'stop' | 'dead-letter';

interface SubscriptionSettings extends Partial<Timing> {
  /** Identifies the checkpoint (and the handler in dead letters). Keep it stable across restarts. */
  readonly name: string;
  readonly store: Pick<EventStore, 'subscribe'>;
  readonly checkpoints: CheckpointStore;
  /** Only these event types reach the handler; the checkpoint still moves past the others. Default: all. */
  readonly types?: readonly string[];
  /** Most events per batch (and per checkpoint write). Default 100. */
  readonly batchSize?: number;
  /** DEFAULT_RETRY_POLICY where not given. */
  readonly retry?: RetryPolicyOptions;
  readonly onFailure?: FailureMode;
  /** For `onFailure: 'dead-letter'`. Default: a new in-memory queue. */
  readonly deadLetters?: DeadLetterQueue;
  /** Aborting it stops the subscription, like `stop()`. */
  readonly signal?: AbortSignal;
}

/**
 * Exactly one handler:
 * - `handle(event)`: called once per event, in position order; retried per event.
 * - `handleBatch(events)`: called once per batch (write a read model in one transaction, say);
 *   retried as a whole, so make it atomic.
 */
export type SubscriptionHandler =
  | { readonly handle: (event: EventEnvelope) => void | Promise<void>; readonly handleBatch?: never }
  | { readonly handleBatch: (events: readonly EventEnvelope[]) => void | Promise<void>; readonly handle?: never };

export type CheckpointedSubscriptionOptions = SubscriptionSettings & SubscriptionHandler;

export type SubscriptionStatus = 'running' | 'stopped' | 'failed';

/**
 * A catch-up subscription to the global log that remembers where it got to. It reads from its
 * stored checkpoint, first the stored backlog and then live events as they commit, hands them to
 * its handler in position order, and stores the checkpoint after each handled batch. After a
 * restart with the same name it resumes after the last checkpoint, so each event is handled once
 * (at least once if the process dies between a handler's success and its checkpoint write).
 *
 * The checkpoint never passes an event that was not handled: with `handle`, a failure or stop in
 * the middle of a batch stores the checkpoint of the events handled before it; with `handleBatch`,
 * a failed batch leaves the checkpoint where it was.
 */
export interface CheckpointedSubscription {
  readonly name: string;
  /** The stored checkpoint: every event up to it has been handled. Undefined before the first one. */
  readonly position: number | undefined;
  readonly status: SubscriptionStatus;
  /** Where `onFailure: 'dead-letter'` puts events. */
  readonly deadLetters: DeadLetterQueue;
  /**
   * Settles when the subscription ends: resolves after `stop()` (or the signal), rejects with
   * SubscriptionFailedError after a failure. Rejections are never reported as unhandled.
   */
  readonly done: Promise<void>;
  /**
   * Resolves once the checkpoint is stored at or past `position` (say, the position of an event
   * the test just appended). Rejects with the failure, or SubscriptionStoppedError, if the
   * subscription ends first.
   */
  waitFor(position: number): Promise<void>;
  /** Delivers one of this subscription's dead letters to its handler again, between batches. */
  redrive(id: string, options?: RedriveOptions): Promise<RedriveResult>;
  /**
   * Stops after the handler call in progress (storing the checkpoint of what was handled) and
   * resolves when stopped. Never rejects (see `done`). Do not await it inside the handler: it
   * waits for the handler. Abort the `signal` from there instead.
   */
  stop(): Promise<void>;
}

/** A non-empty run of events that succeed or fail together: one event with `handle`, a batch with `handleBatch`. */
type Unit = readonly [EventEnvelope, ...EventEnvelope[]];

const DEFAULT_BATCH_SIZE = 100;

/** Starts the subscription in the background and returns its handle at once. */
export function startSubscription(options: CheckpointedSubscriptionOptions): CheckpointedSubscription {
  const { name, store, checkpoints } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const onFailure = options.onFailure ?? 'stop';
  checkSettings(options, batchSize, onFailure);
  const policy = retryPolicy(options.retry);
  const timing = resolveTiming(options);
  const deadLetters = options.deadLetters ?? createInMemoryDeadLetterQueue();
  const wanted = options.types === undefined ? undefined : new Set(options.types);
  const deliver = deliveryOf(options);
  const controller = new AbortController();
  const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
  // Batches and redrives take turns: the handler never runs concurrently with itself.
  const turns = createLane();
  const redriveOnce = singleFlight<RedriveResult>();

  let position: number | undefined;
  let status: SubscriptionStatus = 'running';
  let ending: Error | undefined;
  const waiters = new Set<{ readonly position: number; readonly resolve: () => void; readonly reject: (error: Error) => void }>();

  const reached = (target: number): boolean => position !== undefined && position >= target;
  const advance = (to: number | undefined): void => {
    position = to;
    for (const waiter of waiters) {
      if (reached(waiter.position)) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };
  const checkpoint = async (to: number): Promise<void> => {
    await checkpoints.save(name, to);
    advance(to);
  };

  /** Handles `units` in order; false when the subscription was stopped before the last one was handled. */
  const handleUnits = async (units: readonly Unit[], progress: { handledThrough?: number }): Promise<boolean> => {
    for (const unit of units) {
      if (signal.aborted) return false;
      const outcome = await runWithRetry(() => deliver(unit), { policy, timing, signal });
      if (outcome.status === 'aborted') return false;
      if (outcome.status === 'failed') {
        if (onFailure === 'stop') throw new SubscriptionFailedError(name, outcome.error, { position: unit[0].position, attempts: outcome.attempts });
        if (unit.length > 1) {
          // A batch failed: find the poison event(s) by delivering them one at a time.
          if (!(await handleUnits(unit.map((event): Unit => [event]), progress))) return false;
          continue;
        }
        await deadLetters.add({ handler: name, event: unit[0], error: recordError(outcome.error), attempts: outcome.attempts, failedAt: timing.now().toISOString() });
      }
      progress.handledThrough = lastOf(unit).position;
    }
    return true;
  };

  /** Handles one batch and stores its checkpoint; false when stopped part-way. */
  const processBatch = async (batch: Unit): Promise<boolean> => {
    const selected = wanted === undefined ? batch : batch.filter((event) => wanted.has(event.type));
    const units: Unit[] = options.handleBatch === undefined ? selected.map((event): Unit => [event]) : nonEmpty(selected);
    const progress: { handledThrough?: number } = {};
    let completed: boolean;
    try {
      completed = await handleUnits(units, progress);
    } catch (error) {
      // Keep what was handled before the failure; the failure itself is what gets reported.
      if (progress.handledThrough !== undefined) await checkpoint(progress.handledThrough).catch(() => undefined);
      throw error;
    }
    const through = completed ? lastOf(batch).position : progress.handledThrough;
    if (through !== undefined) await checkpoint(through);
    return completed;
  };

  const run = async (): Promise<void> => {
    const after = await checkpoints.load(name);
    advance(after);
    const reader = createBatchReader(store.subscribe(after === undefined ? { signal } : { after, signal }), batchSize, signal);
    let seen = after ?? Number.NEGATIVE_INFINITY;
    try {
      for (let batch = await reader.next(); batch !== undefined; batch = await reader.next()) {
        // Never hand over an event twice, even if a store repeats one.
        const fresh = nonEmptyOrUndefined(batch.filter((event) => event.position > seen));
        if (fresh === undefined) continue;
        seen = lastOf(fresh).position;
        const completed = await turns.enqueue(() => processBatch(fresh)).done;
        if (!completed) return;
      }
    } finally {
      controller.abort();
      await reader.close();
    }
  };

  const done = run().then(
    () => {
      status = 'stopped';
      ending = new SubscriptionStoppedError(name, position);
      settleWaiters(ending);
    },
    (error: unknown) => {
      status = 'failed';
      const failure = error instanceof SubscriptionFailedError ? error : new SubscriptionFailedError(name, error);
      ending = failure;
      settleWaiters(failure);
      throw failure;
    },
  );
  done.catch(() => undefined);

  function settleWaiters(error: Error): void {
    for (const waiter of waiters) waiter.reject(error);
    waiters.clear();
  }

  return {
    name,
    get position() {
      return position;
    },
    get status() {
      return status;
    },
    deadLetters,
    done,
    waitFor(target) {
      if (reached(target)) return Promise.resolve();
      if (ending !== undefined) return Promise.reject(ending);
      return new Promise<void>((resolve, reject) => waiters.add({ position: target, resolve, reject }));
    },
    redrive(id, redriveOptions = {}) {
      return redriveOnce(id, async () => {
        const letter = await deadLetters.get(id);
        if (letter === undefined) throw new DeadLetterNotFoundError(id);
        if (letter.handler !== name) throw new HandlerNotFoundError(letter.handler);
        const redrivePolicy = retryPolicy({ ...REDRIVE_RETRY, ...redriveOptions.retry }, policy);
        return turns.enqueue(() => redriveLetter(letter, { deadLetters, deliver: ({ event }) => deliver([event]), policy: redrivePolicy, timing })).done;
      });
    },
    async stop() {
      controller.abort();
      await done.catch(() => undefined);
    },
  };
}

function checkSettings(options: CheckpointedSubscriptionOptions, batchSize: number, onFailure: FailureMode): void {
  const problems = [
    typeof options.name === 'string' && options.name.length > 0 ? undefined : 'a non-empty `name` is required',
    (typeof options.handle === 'function') !== (typeof options.handleBatch === 'function') ? undefined : 'give exactly one of `handle` and `handleBatch`',
    Number.isSafeInteger(batchSize) && batchSize >= 1 ? undefined : `batchSize must be an integer >= 1 (got ${batchSize})`,
    onFailure === 'stop' || onFailure === 'dead-letter' ? undefined : `onFailure must be 'stop' or 'dead-letter' (got '${String(onFailure)}')`,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new ConfigurationError(`Invalid subscription '${String(options.name)}': ${problems.join('; ')}`);
}

/** Calls the configured handler for a unit (a single event for `handle`). */
function deliveryOf(handler: SubscriptionHandler): (unit: Unit) => void | Promise<void> {
  if (handler.handleBatch !== undefined) return handler.handleBatch;
  const { handle } = handler;
  return async (unit) => {
    for (const event of unit) await handle(event);
  };
}

function nonEmpty(events: readonly EventEnvelope[]): Unit[] {
  const unit = nonEmptyOrUndefined(events);
  return unit === undefined ? [] : [unit];
}

function nonEmptyOrUndefined(events: readonly EventEnvelope[]): Unit | undefined {
  const [first, ...rest] = events;
  return first === undefined ? undefined : [first, ...rest];
}

function lastOf(unit: Unit): EventEnvelope {
  return unit[unit.length - 1] ?? unit[0];
}
