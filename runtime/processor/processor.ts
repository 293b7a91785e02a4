import type { DeadLetterQueue, RecordedError } from '../bus/dead-letter-queue.js';
import { recordError } from '../bus/recorded-error.js';
import { runWithRetry, type RetryPolicy } from '../bus/retry.js';
import type { Timing } from '../bus/timing.js';
import { StoreError } from '../errors/errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { PositionMovedError } from '../readmodel/store.js';
import type { EventStore } from '../store/event-store.js';
import { ProcessorFailedError, ProcessorTimeoutError } from './errors.js';
import type { LeaseStore } from './lease-store.js';

/**
 * The durable consumer behind read models and automations: it reads the domain's event log after
 * the position its task stored, in pages, hands each page to the task, and moves on. One process at
 * a time runs a given processor (a lease); the others follow, watching the stored position.
 *
 * Two ways to drive it: `start()` runs it in the background, woken by the domain's appends and a
 * poll; `pump(target)` (what `domain.catchUp()` uses) brings it to a position now. Both go through
 * one queue, so a task never runs concurrently with itself in a process.
 */

export type ProcessorKind = 'read-model' | 'automation' | 'scheduler';

/**
 * - `idle`: not started; catchUp runs it on demand.
 * - `running`: started, and this process holds its lease.
 * - `following`: started, while another process holds the lease and does the work.
 * - `failed`: stopped on an error (see `error`); catchUp rejects with ProcessorFailedError.
 * - `stopped`: closed.
 */
export type ProcessorState = 'idle' | 'running' | 'following' | 'failed' | 'stopped';

export interface ProcessorStatus {
  readonly name: string;
  readonly kind: ProcessorKind;
  readonly state: ProcessorState;
  /** Every event up to this position is handled (as last seen by this process). */
  readonly position: number;
  /** Why it failed, when `state` is `failed`. */
  readonly error: RecordedError | undefined;
  /**
   * The last storage failure (a database that does not answer), when the last attempt failed on
   * one. Such failures never stop a processor: it tries again, backing off, until the store answers.
   */
  readonly lastError: RecordedError | undefined;
  /** Events handed to the task, batches committed, events dead-lettered; kinds add their own counters. */
  readonly counters: Readonly<Record<string, number>>;
}

/** What a processor runs: a read model's projector, an automation's reactor. */
export interface ProcessorTask {
  readonly name: string;
  readonly kind: ProcessorKind;
  /** Prepares storage (a read model's table) and returns the stored position. Called before the first batch, and again after a PositionMovedError. */
  prepare(): Promise<number>;
  /** The stored position as any process sees it (what a follower watches). */
  position(): Promise<number>;
  /**
   * Handles `events` (positions after `from`, ascending) and stores `through` (the last event's
   * position, or a position to skip to with no events) as the new position — atomically where the
   * task can. Throws PositionMovedError when another process moved the position first.
   */
  handle(events: readonly EventEnvelope[], from: number, through: number): Promise<void>;
  /** After a page that reached the head of the log (a rebuilt read model switches over). */
  caughtUp?(position: number): Promise<void>;
  /** The task's own counters for the status. */
  counters?(): Readonly<Record<string, number>>;
}

export interface ProcessorSettings {
  /** Where events are read (the domain's store, through its GDPR layer). */
  readonly events: Pick<EventStore, 'readAll'>;
  readonly leases: LeaseStore;
  /** Identifies this process's runtime in leases. */
  readonly owner: string;
  readonly leaseTtlMs: number;
  /** Events per page (and per task call). */
  readonly batchSize: number;
  /** How often a follower looks at the stored position, and an idle leader at the log. */
  readonly pollIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly timing: Timing;
  /** After the last retry: `stop` the processor, or `dead-letter` the failing event and go on. */
  readonly onFailure: 'stop' | 'dead-letter';
  readonly deadLetters: DeadLetterQueue;
}

export interface Processor {
  readonly name: string;
  readonly kind: ProcessorKind;
  status(): ProcessorStatus;
  /**
   * Resolves once every event up to `target` is handled: by handling them here (lease free or ours),
   * or by watching the lease holder's stored position. Rejects with ProcessorFailedError when the
   * processor failed, ProcessorTimeoutError after `timeoutMs`.
   */
  pump(target: number, timeoutMs: number): Promise<void>;
  /** Runs in the background until `stop()`; `wake()` says the log may have grown. */
  start(): void;
  wake(): void;
  /** Runs `work` between pages (say, dropping a read model's table), then reloads the stored position. */
  reset(work: () => Promise<void>): Promise<void>;
  /** Stops after the page in progress and gives up the lease. */
  stop(): Promise<void>;
}

type Page = readonly [EventEnvelope, ...EventEnvelope[]];

/** The longest wait between two attempts while the store does not answer. */
const MAX_OUTAGE_BACKOFF_MS = 60_000;

export function createProcessor(task: ProcessorTask, settings: ProcessorSettings): Processor {
  const { events, leases, owner, batchSize } = settings;
  const counters = { events: 0, batches: 0, deadLettered: 0 };
  let state: ProcessorState = 'idle';
  let failure: ProcessorFailedError | undefined;
  let lastError: RecordedError | undefined;
  let position: number | undefined;
  let prepared: Promise<number> | undefined;
  let leader = false;
  // One queue: pages are handled one at a time whoever asks (background loop or catchUp).
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const load = async (): Promise<number> => {
    prepared ??= task.prepare().catch((error: unknown) => {
      prepared = undefined;
      throw error;
    });
    position = await prepared;
    return position;
  };

  // A held lease is renewed once a third of its time has passed, not on every page: a page then
  // costs no extra write, and the lease never lapses while the holder is alive.
  let renewedAt = Number.NEGATIVE_INFINITY;
  const takeLease = async (): Promise<boolean> => {
    const now = Date.now();
    if (leader && now - renewedAt < settings.leaseTtlMs / 3) return true;
    leader = await leases.acquire(task.name, owner, settings.leaseTtlMs);
    if (leader) renewedAt = now;
    return leader;
  };

  const readPage = async (after: number): Promise<Page | undefined> => {
    const page: EventEnvelope[] = [];
    for await (const event of events.readAll({ after, limit: batchSize })) page.push(event);
    const [first, ...rest] = page;
    return first === undefined ? undefined : [first, ...rest];
  };

  /** Handles one page with the retry policy; on exhaustion stops or dead-letters (one event at a time). */
  const handlePage = async (from: number, page: readonly EventEnvelope[], through: number): Promise<void> => {
    const outcome = await runWithRetry(() => task.handle(page, from, through), { policy: { ...settings.retry, retryable: (error) => !(error instanceof PositionMovedError) && settings.retry.retryable(error) }, timing: settings.timing });
    if (outcome.status === 'succeeded') return;
    // Lost a race, or the store is down: neither is the page's fault, and neither is final.
    if (outcome.error instanceof PositionMovedError || outcome.error instanceof StoreError) throw outcome.error;
    const first = page[0];
    if (settings.onFailure === 'stop' || first === undefined) {
      throw new ProcessorFailedError(task.name, outcome.error, first === undefined ? undefined : { position: first.position, attempts: outcome.attempts });
    }
    if (page.length > 1) {
      // Find the failing event(s): one event per call, each moving the position past itself.
      let at = from;
      for (const event of page) {
        await handlePage(at, [event], event.position);
        at = event.position;
      }
      if (at < through) await handlePage(at, [], through);
      return;
    }
    await settings.deadLetters.add({ handler: task.name, event: first, error: recordError(outcome.error), attempts: outcome.attempts, failedAt: settings.timing.now().toISOString() });
    counters.deadLettered += 1;
    await task.handle([], from, through);
  };

  /** Handles pages while this process holds the lease, until `target` (or the head of the log) is reached. */
  const drain = async (target: number): Promise<'reached' | 'lost-lease'> => {
    let at = position ?? (await load());
    while (at < target) {
      if (!(await takeLease())) return 'lost-lease';
      const page = await readPage(at);
      if (page === undefined) {
        // Caught up. If the stored position is not ours, another process reset it (a rebuild): start over from there.
        if ((await task.position()) === at) break;
        prepared = undefined;
        at = await load();
        position = at;
        continue;
      }
      const through = (page[page.length - 1] as EventEnvelope).position;
      try {
        await handlePage(at, page, through);
      } catch (error) {
        if (!(error instanceof PositionMovedError)) throw error;
        // Another process got there first (it held the lease while ours had lapsed): go on from where it is.
        prepared = undefined;
        at = await load();
        continue;
      }
      counters.events += page.length;
      counters.batches += 1;
      lastError = undefined;
      at = through;
      position = at;
      if (page.length < batchSize) break;
    }
    await task.caughtUp?.(at);
    return 'reached';
  };

  const fail = (error: ProcessorFailedError): never => {
    failure = error;
    state = 'failed';
    throw failure;
  };

  /** Waits, as a follower, for the lease holder's stored position to reach `target`. */
  const follow = async (target: number, deadline: number): Promise<boolean> => {
    for (;;) {
      position = await task.position();
      if (position >= target) return true;
      if (await takeLease()) return false;
      if (Date.now() >= deadline) throw new ProcessorTimeoutError(task.name, target, position);
      await settings.timing.sleep(settings.pollIntervalMs);
    }
  };

  const pumpOnce = async (target: number, deadline: number): Promise<void> => {
    if (failure !== undefined) throw failure;
    try {
      for (;;) {
        if ((await drain(target)) === 'reached') return;
        if (await follow(target, deadline)) return;
      }
    } catch (error) {
      if (error instanceof ProcessorFailedError) fail(error);
      // A timeout, or the store not answering: this call fails, the processor does not.
      if (!(error instanceof ProcessorTimeoutError)) lastError = recordError(error);
      throw error;
    } finally {
      // catchUp without start(): do not keep the lease from processes that run in the background.
      if (state === 'idle' && leader) {
        leader = false;
        renewedAt = Number.NEGATIVE_INFINITY;
        await leases.release(task.name, owner).catch(() => undefined);
      }
    }
  };

  // Background mode.
  let running = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  let loop: Promise<void> | undefined;
  const sleepUntilWoken = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(finish, settings.pollIntervalMs);
      function finish(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        woken = false;
        resolve();
      }
      wakeUp = finish;
    });
  let looping = false;
  const background = async (): Promise<void> => {
    looping = true;
    try {
      await backgroundLoop();
    } finally {
      looping = false;
    }
  };
  const backgroundLoop = async (): Promise<void> => {
    // Consecutive storage failures: the wait before the next attempt doubles, up to a minute.
    let outages = 0;
    while (running && failure === undefined) {
      try {
        await serialize(async () => {
          if (!(await takeLease())) {
            state = 'following';
            position = await task.position();
            return;
          }
          state = 'running';
          await drain(Number.MAX_SAFE_INTEGER);
        });
        outages = 0;
      } catch (error) {
        if (error instanceof ProcessorFailedError) {
          failure = error;
          state = 'failed';
          return;
        }
        lastError = recordError(error);
        outages += 1;
        const backoff = Math.min(MAX_OUTAGE_BACKOFF_MS, settings.pollIntervalMs * 2 ** Math.min(outages, 16));
        await settings.timing.sleep(backoff).catch(() => undefined);
        continue;
      }
      if (running) await sleepUntilWoken();
    }
  };

  return {
    name: task.name,
    kind: task.kind,
    status: () => ({
      name: task.name,
      kind: task.kind,
      state,
      position: position ?? 0,
      error: failure === undefined ? undefined : recordError(failure.cause ?? failure),
      lastError,
      counters: { ...counters, ...task.counters?.() },
    }),
    pump(target, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      return serialize(() => pumpOnce(target, deadline));
    },
    start() {
      if (running || state === 'stopped') return;
      running = true;
      if (state !== 'failed') state = 'following';
      loop = background();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    reset(work) {
      return serialize(async () => {
        await work();
        prepared = undefined;
        position = undefined;
        if (state === 'failed') state = running ? 'following' : 'idle';
        failure = undefined;
        lastError = undefined;
        // A failure ended the background loop: run it again.
        if (running && !looping) loop = background();
      });
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      await queue;
      if (state !== 'failed') state = 'stopped';
      if (leader) {
        leader = false;
        renewedAt = Number.NEGATIVE_INFINITY;
        await leases.release(task.name, owner).catch(() => undefined);
      }
    },
  };
}
