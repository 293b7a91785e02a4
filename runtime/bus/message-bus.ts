import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationError } from '../errors/errors.js';
import type { EventEnvelope } from '../events/envelope.js';
import { createInMemoryDeadLetterQueue } from '../store/memory/dead-letters.js';
import type { DeadLetter, DeadLetterQueue, NewDeadLetter } from './dead-letter-queue.js';
import { DeadLetterNotFoundError, DeadLetterWriteError, HandlerNotFoundError } from './errors.js';
import { createInFlight } from './in-flight.js';
import { createLane, type Lane, type QueuedTask } from './lane.js';
import { recordError } from './recorded-error.js';
import { REDRIVE_RETRY, redriveLetter, singleFlight, type RedriveResult, type RedriveSummary } from './redrive.js';
import { retryPolicy, runWithRetry, type RetryPolicy, type RetryPolicyOptions } from './retry.js';
import { resolveTiming, type Timing } from './timing.js';

/**
 * - `sequential`: one event at a time, in publish order; its handlers run one after another, in
 *   subscription order. Deterministic; the natural choice for tests and in-process projections.
 * - `concurrent`: the handlers of an event run at the same time; each handler still receives
 *   events one at a time, in publish order. For handlers that wait on I/O (mail, HTTP).
 */
export type Dispatch = 'sequential' | 'concurrent';

/** The events a subscription to `T` receives: the matching members of the event union `E`. */
export type EventOfType<E extends EventEnvelope, T extends string> = string extends E['type']
  ? E
  : '*' extends T
    ? E
    : Extract<E, { readonly type: T }>;

export interface BusSubscription<E extends EventEnvelope = EventEnvelope, T extends E['type'] | '*' = E['type'] | '*'> {
  /** Identifies the handler in dead letters and redrives; unique on a bus. */
  readonly name: string;
  /** One event type, several, or `'*'` for every event. */
  readonly on: T | readonly T[];
  handle(event: EventOfType<E, T>): void | Promise<void>;
  /** Overrides the bus's default policy, field by field. */
  readonly retry?: RetryPolicyOptions;
}

export interface MessageBusOptions extends Partial<Timing> {
  /** Default `sequential`. */
  readonly dispatch?: Dispatch;
  /** The default policy of every subscription (DEFAULT_RETRY_POLICY where not given). */
  readonly retry?: RetryPolicyOptions;
  /** Where exhausted messages go. Default: a new in-memory queue (see `deadLetters`), so nothing is dropped silently. */
  readonly deadLetters?: DeadLetterQueue;
}

export interface RedriveOptions {
  /** Default: a single attempt (`{ maxAttempts: 1 }`) over the handler's own policy. */
  readonly retry?: RetryPolicyOptions;
}

export type Unsubscribe = () => void;

/**
 * Delivers committed events to in-process handlers. Publish only what the event store has
 * committed: `bus.publish(appendResult.events)`.
 *
 * Delivery contract:
 * - `publish` resolves once every matching handler has made its first attempt at every event (in
 *   sequential mode that means the handlers have run, in order). It never waits out a retry
 *   backoff: if a handler is retrying, `publish` does not wait for it, and the events queue behind
 *   the retry, so that handler still sees them in order. `publish` never rejects because of a
 *   handler; failures are retried and dead-lettered.
 * - Retries and dead-lettering continue in the background; `drain()` resolves when no delivery,
 *   retry or dead-letter write is left. Call it in tests and at shutdown. It rejects with
 *   DeadLetterWriteError if the dead-letter queue could not store a letter.
 * - A failing handler never stops the others: each handler has its own queue, so a retrying
 *   handler only delays itself.
 * - A publish made while one of this bus's handlers runs (a handler that executes a command, whose
 *   events the executor publishes) resolves at once: its events are queued behind the running
 *   handler, so they are still delivered in order, and waiting for them would wait for the handler
 *   itself. This holds in both dispatch modes.
 * - The bus is the in-process, best-effort notification path: events published by a process that
 *   dies before delivery are not delivered. Durable reactions are automations (docs/automations.md).
 */
export interface MessageBus<E extends EventEnvelope = EventEnvelope> {
  readonly dispatch: Dispatch;
  readonly deadLetters: DeadLetterQueue;
  /** Events published later are delivered to `handle`; already queued deliveries finish after unsubscribing. */
  subscribe<T extends E['type'] | '*'>(subscription: BusSubscription<E, T>): Unsubscribe;
  publish(events: readonly E[]): Promise<void>;
  drain(): Promise<void>;
  /**
   * Delivers a dead letter again to the handler named in it (which must be subscribed), after
   * that handler's queued deliveries. Success removes the letter; failure keeps it with the new
   * error and the attempts added up. Raises DeadLetterNotFoundError or HandlerNotFoundError.
   */
  redrive(id: string, options?: RedriveOptions): Promise<RedriveResult>;
  /** Redrives, oldest first, the letters of `handler` (default: of every handler subscribed here). */
  redriveAll(options?: RedriveOptions & { readonly handler?: string }): Promise<RedriveSummary>;
}

/** Internally events are envelopes; `E` only types what subscribers see. */
interface Route {
  readonly name: string;
  readonly accepts: (type: string) => boolean;
  readonly handle: (event: EventEnvelope) => void | Promise<void>;
  readonly policy: RetryPolicy;
  readonly lane: Lane;
}

export function createMessageBus<E extends EventEnvelope = EventEnvelope>(options: MessageBusOptions = {}): MessageBus<E> {
  const dispatch = options.dispatch ?? 'sequential';
  if (dispatch !== 'sequential' && dispatch !== 'concurrent') {
    throw new ConfigurationError(`Unknown dispatch mode '${String(dispatch)}'; use 'sequential' or 'concurrent'`);
  }
  const defaultPolicy = retryPolicy(options.retry);
  const deadLetters = options.deadLetters ?? createInMemoryDeadLetterQueue();
  const timing = resolveTiming(options);
  const routes: Route[] = [];
  const inFlight = createInFlight();
  const unrecorded: { letter: NewDeadLetter; error: unknown }[] = [];
  const redriveOnce = singleFlight<RedriveResult>();
  // Sequential mode: each publish call's dispatch starts after the previous one's.
  let sequence: Promise<void> = Promise.resolve();
  // Set while a handler of this bus runs. A publish from there (a handler that executes a command)
  // only queues its events: waiting for their delivery would wait for the running handler itself.
  const insideHandler = new AsyncLocalStorage<true>();

  const enqueue = <T>(route: Route, task: (retrying: () => void) => Promise<T>): QueuedTask<T> => {
    const queued = route.lane.enqueue(task);
    inFlight.track(queued.done);
    return queued;
  };

  const deliver = (route: Route, event: E): Promise<void> =>
    enqueue(route, async (retrying) => {
      const outcome = await runWithRetry(() => route.handle(event), { policy: route.policy, timing, onRetry: retrying });
      if (outcome.status === 'succeeded') return;
      const letter: NewDeadLetter = {
        handler: route.name,
        event,
        error: recordError(outcome.error),
        attempts: outcome.attempts,
        failedAt: timing.now().toISOString(),
      };
      try {
        await deadLetters.add(letter);
      } catch (error) {
        unrecorded.push({ letter, error });
      }
    }).dispatched;

  const routeNamed = (name: string): Route | undefined => routes.find((route) => route.name === name);

  const bus: MessageBus<E> = {
    dispatch,
    deadLetters,

    subscribe(subscription) {
      const { name, on, retry } = subscription;
      if (typeof name !== 'string' || name.length === 0) throw new ConfigurationError('A bus subscription needs a non-empty handler name');
      if (routeNamed(name) !== undefined) throw new ConfigurationError(`A handler named '${name}' is already subscribed; handler names must be unique`);
      const types: readonly string[] = typeof on === 'string' ? [on] : on;
      if (types.length === 0) throw new ConfigurationError(`Handler '${name}' subscribes to no event type; list types or use '*'`);
      const wanted = new Set(types);
      const handler: { handle(event: EventEnvelope): void | Promise<void> } = subscription;
      const route: Route = {
        name,
        accepts: wanted.has('*') ? () => true : (type) => wanted.has(type),
        // A route only receives events of the types it named, the ones `handle` is typed for.
        handle: (event) => insideHandler.run(true, () => handler.handle(event)),
        policy: retryPolicy(retry, defaultPolicy),
        lane: createLane(),
      };
      routes.push(route);
      return () => {
        const index = routes.indexOf(route);
        if (index >= 0) routes.splice(index, 1);
      };
    },

    publish(events) {
      // Targets are fixed now: a handler subscribed after `publish` does not receive these events.
      const deliveries = events.map((event) => ({ event, targets: routes.filter((route) => route.accepts(event.type)) }));
      const nested = insideHandler.getStore() === true;
      let run: Promise<void>;
      if (dispatch === 'concurrent') {
        run = Promise.all(deliveries.flatMap(({ event, targets }) => targets.map((route) => deliver(route, event)))).then(() => undefined);
      } else {
        run = sequence.then(async () => {
          for (const { event, targets } of deliveries) for (const route of targets) await deliver(route, event);
        });
        sequence = run;
      }
      inFlight.track(run);
      // Queued behind the handler that published them: delivered once it (and what is queued before) is done.
      return nested ? Promise.resolve() : run;
    },

    async drain() {
      await inFlight.idle();
      const lost = unrecorded.splice(0);
      const first = lost[0];
      if (first !== undefined) throw new DeadLetterWriteError(lost.map(({ letter }) => letter), first.error);
    },

    redrive(id, redriveOptions = {}) {
      return redriveOnce(id, async () => {
        const letter = await deadLetters.get(id);
        if (letter === undefined) throw new DeadLetterNotFoundError(id);
        const route = routeNamed(letter.handler);
        if (route === undefined) throw new HandlerNotFoundError(letter.handler);
        const policy = retryPolicy({ ...REDRIVE_RETRY, ...redriveOptions.retry }, route.policy);
        // Through the handler's lane, so the handler still never runs concurrently with itself.
        return enqueue(route, () => redriveLetter(letter, { deadLetters, deliver: ({ event }) => route.handle(event), policy, timing })).done;
      });
    },

    async redriveAll(redriveOptions = {}) {
      const { handler, ...rest } = redriveOptions;
      const letters = await deadLetters.list(handler === undefined ? {} : { handler });
      const delivered: string[] = [];
      const failed: DeadLetter[] = [];
      for (const letter of letters) {
        if (routeNamed(letter.handler) === undefined) continue;
        const result = await bus.redrive(letter.id, rest);
        if (result.status === 'delivered') delivered.push(letter.id);
        else failed.push(result.letter);
      }
      return { delivered, failed };
    },
  };
  return bus;
}
