import { createHash } from 'node:crypto';
import type { DeadLetterQueue } from '../bus/dead-letter-queue.js';
import { recordError } from '../bus/recorded-error.js';
import { runWithRetry, type RetryPolicy } from '../bus/retry.js';
import type { Timing } from '../bus/timing.js';
import type { DomainEventDecoder } from '../domain/event-decoder.js';
import { AggregateAlreadyExistsError, AggregateNotFoundError, DomainError, OrchestrixError, StoreError, ValidationError } from '../errors/errors.js';
import type { DomainEnvelope } from '../events/domain-envelope.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { ProcessorTask } from '../processor/processor.js';
import type { CheckpointStore } from '../subscription/checkpoint-store.js';
import type { AnyAutomationDefinition } from './definition.js';
import type { ScheduledCommand, ScheduleStore } from './schedule-store.js';

/** What a reaction needs of the domain: execute one of its commands. */
export type ReactionExecutor = (
  command: string,
  data: unknown,
  options: { readonly commandId: string; readonly correlationId: string; readonly causationId: string },
) => Promise<{ readonly duplicate: boolean; readonly events: readonly EventEnvelope[] }>;

export interface ReactorDependencies {
  readonly decoder: DomainEventDecoder;
  readonly execute: ReactionExecutor;
  readonly checkpoints: CheckpointStore;
  /** Where delayed commands wait; required when the automation has `after`. */
  readonly schedules: ScheduleStore | undefined;
  readonly deadLetters: DeadLetterQueue;
  readonly retry: RetryPolicy;
  readonly timing: Timing;
  /** Told the position of every event a reaction appended (catchUp settles cascades with it). */
  readonly appended: (position: number) => void;
  /** The position a new automation starts after: the head of the log when it first ran (it does not react to history). */
  readonly startAt: () => Promise<number>;
}

export const automationProcessorName = (definition: Pick<AnyAutomationDefinition, 'domain' | 'name'>): string => `${definition.domain}.automation.${definition.name}`;

/**
 * The command id of one reaction: a name-based UUID (RFC 9562 version 5) of the automation, the
 * triggering event's id and the element's index. The same event always yields the same ids, so the
 * executor's idempotency turns a redelivery into a no-op: at least once delivered, once in effect.
 */
export function reactionCommandId(domain: string, automation: string, eventId: string, index: number): string {
  const bytes = createHash('sha1').update(REACTION_NAMESPACE).update(`${domain}\u0000${automation}\u0000${eventId}\u0000${index}`).digest();
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
/** The namespace of reaction command ids (a fixed random UUID, as bytes). */
const REACTION_NAMESPACE = Buffer.from('6f0b6e1e9d2c4c4aa8d7c1f3e5b2a907', 'hex');

/** Business outcomes: retrying cannot change them (the executor already retries conflicts). */
const isBusinessOutcome = (error: unknown): boolean =>
  error instanceof DomainError || error instanceof ValidationError || error instanceof AggregateNotFoundError || error instanceof AggregateAlreadyExistsError;

/** A reaction that failed for good: the last error and the attempts made. */
export interface Failure {
  readonly error: unknown;
  readonly attempts: number;
}

export interface Reactor extends ProcessorTask {
  /** Executes a due delayed command (the scheduler calls it). */
  runScheduled(entry: ScheduledCommand, event: DomainEnvelope): Promise<void>;
  /**
   * Reacts to one event again, outside the log order (a dead letter's redrive); already executed
   * commands are no-ops. Resolves with the first failure that is not ignored (nothing is dead-lettered).
   */
  redrive(event: DomainEnvelope): Promise<Failure | undefined>;
}

/**
 * An automation's reactor, as a processor task. For each event of its type: plan the commands
 * (`forEach`, `when`), and execute each one now (with retries; an `ignore`d domain error ends it
 * quietly; any other failure goes to the dead-letter queue) or store it until due (`after`). The
 * checkpoint is stored after each page: a crash in between redelivers the page, and the derived
 * command ids make that harmless.
 */
export function createReactor(definition: AnyAutomationDefinition, deps: ReactorDependencies): Reactor {
  const name = automationProcessorName(definition);
  const ignore = new Set(definition.ignore);
  const counters = { executed: 0, duplicates: 0, ignored: 0, scheduled: 0, failed: 0 };

  const deadLetter = async (event: DomainEnvelope, error: unknown, attempts: number): Promise<void> => {
    counters.failed += 1;
    await deps.deadLetters.add({ handler: name, event, error: recordError(error), attempts, failedAt: deps.timing.now().toISOString() });
  };

  /** Executes one planned command; resolves with its failure unless it succeeded or was ignored. */
  const executeOne = async (event: DomainEnvelope, index: number, data: unknown): Promise<Failure | undefined> => {
    const commandId = reactionCommandId(definition.domain, definition.name, event.id, index);
    const options = { commandId, correlationId: event.metadata.correlationId ?? event.id, causationId: event.id };
    let result: Awaited<ReturnType<ReactionExecutor>> | undefined;
    const outcome = await runWithRetry(
      async () => {
        result = await deps.execute(definition.command, data, options);
      },
      { policy: { ...deps.retry, retryable: (error) => !isBusinessOutcome(error) && deps.retry.retryable(error) }, timing: deps.timing },
    );
    if (outcome.status === 'succeeded') {
      const executed = result;
      if (executed?.duplicate === true) counters.duplicates += 1;
      else counters.executed += 1;
      const last = executed?.events[executed.events.length - 1];
      if (last !== undefined) deps.appended(last.position);
      return undefined;
    }
    if (outcome.error instanceof OrchestrixError && ignore.has(outcome.error.code)) {
      counters.ignored += 1;
      return undefined;
    }
    // The store did not answer: no reason to give up on the reaction. The page fails, the
    // processor tries it again later, and the commands already executed are no-ops then.
    if (outcome.error instanceof StoreError) throw outcome.error;
    return { error: outcome.error, attempts: outcome.attempts };
  };
  const executeOrDeadLetter = async (event: DomainEnvelope, index: number, data: unknown): Promise<void> => {
    const failure = await executeOne(event, index, data);
    if (failure !== undefined) await deadLetter(event, failure.error, failure.attempts);
  };

  const plan = async (event: DomainEnvelope): Promise<readonly unknown[] | undefined> => {
    try {
      return definition.plan(event);
    } catch (error) {
      await deadLetter(event, error, 1);
      return undefined;
    }
  };

  const react = async (event: DomainEnvelope): Promise<void> => {
    const planned = await plan(event);
    if (planned === undefined) return;
    for (let index = 0; index < planned.length; index++) {
      if (definition.delayMs > 0) {
        if (deps.schedules === undefined) throw new OrchestrixError('SCHEDULES_MISSING', `${name} delays its commands but the domain has no schedule store`);
        await deps.schedules.schedule({
          id: reactionCommandId(definition.domain, definition.name, event.id, index),
          domain: definition.domain,
          automation: definition.name,
          streamId: event.streamId,
          version: event.version,
          index,
          dueAt: new Date(Date.parse(event.time) + definition.delayMs).toISOString(),
        });
        counters.scheduled += 1;
      } else {
        await executeOrDeadLetter(event, index, planned[index]);
      }
    }
  };

  return {
    name,
    kind: 'automation',
    async prepare() {
      const stored = await deps.checkpoints.load(name);
      if (stored !== undefined) return stored;
      const start = await deps.startAt();
      await deps.checkpoints.save(name, start);
      return start;
    },
    position: async () => (await deps.checkpoints.load(name)) ?? 0,
    counters: () => ({ ...counters }),
    async handle(events, _from, through) {
      for (const envelope of events) {
        if (envelope.type !== definition.on) continue;
        const event = deps.decoder.decode(envelope);
        if (event !== undefined) await react(event);
      }
      await deps.checkpoints.save(name, through);
    },
    async runScheduled(entry, event) {
      const planned = await plan(event);
      const data = planned?.[entry.index];
      // A changed plan (a `when` that no longer holds after a forget, a shorter list) has nothing left to do.
      if (data !== undefined) await executeOrDeadLetter(event, entry.index, data);
    },
    async redrive(event) {
      let planned: readonly unknown[];
      try {
        planned = definition.plan(event);
      } catch (error) {
        return { error, attempts: 1 };
      }
      for (let index = 0; index < planned.length; index++) {
        const failure = await executeOne(event, index, planned[index]);
        if (failure !== undefined) return failure;
      }
      return undefined;
    },
  };
}
