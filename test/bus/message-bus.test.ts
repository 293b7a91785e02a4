import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../runtime/bus/dead-letter-queue.js';
import { DeadLetterNotFoundError, DeadLetterWriteError, HandlerNotFoundError } from '../../runtime/bus/errors.js';
import { createMessageBus, type Dispatch } from '../../runtime/bus/message-bus.js';
import { ConfigurationError, DomainError } from '../../runtime/errors/errors.js';
import type { EventEnvelope } from '../../runtime/events/envelope.js';
import { createInMemoryDeadLetterQueue } from '../../runtime/store/memory/dead-letters.js';
import { createInMemoryEventStore } from '../../runtime/store/memory/events.js';
import { envelope, flaky, gatedSleep, instantTiming, settle } from './helpers.js';

const events = (...types: string[]): EventEnvelope[] => types.map((type, index) => envelope(type, index + 1));
const noRetry = { maxAttempts: 1 } as const;

describe('message bus: sequential dispatch', () => {
  it('runs the handlers of each event one after another, events in publish order', async () => {
    const bus = createMessageBus({ dispatch: 'sequential' });
    const log: string[] = [];
    for (const name of ['first', 'second']) {
      bus.subscribe({
        name,
        on: '*',
        handle: async (event) => {
          log.push(`${name} starts ${event.position}`);
          await settle(2);
          log.push(`${name} ends ${event.position}`);
        },
      });
    }
    await bus.publish(events('A', 'B'));
    // `publish` resolved after the handlers' first attempts: everything already happened.
    expect(log).toEqual([
      'first starts 1',
      'first ends 1',
      'second starts 1',
      'second ends 1',
      'first starts 2',
      'first ends 2',
      'second starts 2',
      'second ends 2',
    ]);
  });

  it('keeps publish order across publish calls that are not awaited', async () => {
    const bus = createMessageBus();
    const seen: number[] = [];
    bus.subscribe({
      name: 'slow',
      on: '*',
      handle: async (event) => {
        await settle(event.position % 3);
        seen.push(event.position);
      },
    });
    const all = Array.from({ length: 12 }, (_, index) => envelope('Tick', index + 1));
    await Promise.all(all.map((event) => bus.publish([event])));
    expect(seen).toEqual(all.map((event) => event.position));
  });
});

describe('message bus: concurrent dispatch', () => {
  it('runs the handlers of one event at the same time', async () => {
    const bus = createMessageBus({ dispatch: 'concurrent' });
    // `waiter` can only finish if `opener` runs while it is still waiting.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const finished: string[] = [];
    bus.subscribe({
      name: 'waiter',
      on: 'A',
      handle: async () => {
        await gate;
        finished.push('waiter');
      },
    });
    bus.subscribe({
      name: 'opener',
      on: 'A',
      handle: () => {
        finished.push('opener');
        open();
      },
    });
    await bus.publish(events('A'));
    expect(finished).toEqual(['opener', 'waiter']);
  });

  it('still gives each handler its events one at a time, in order', async () => {
    const bus = createMessageBus({ dispatch: 'concurrent' });
    const seen = new Map<string, number[]>();
    let running = 0;
    let overlap = false;
    for (const name of ['x', 'y', 'z']) {
      seen.set(name, []);
      bus.subscribe({
        name,
        on: '*',
        handle: async (event) => {
          if (name === 'x') {
            overlap ||= running > 0;
            running += 1;
          }
          // Earlier events take longer, so any reordering would show.
          await settle(6 - (event.position % 6));
          seen.get(name)?.push(event.position);
          if (name === 'x') running -= 1;
        },
      });
    }
    const all = Array.from({ length: 10 }, (_, index) => envelope('Tick', index + 1));
    await bus.publish(all.slice(0, 5));
    await bus.publish(all.slice(5));
    await bus.drain();
    for (const name of ['x', 'y', 'z']) expect(seen.get(name)).toEqual(all.map((event) => event.position));
    expect(overlap).toBe(false);
  });
});

describe.each<Dispatch>(['sequential', 'concurrent'])('message bus (%s)', (dispatch) => {
  it('routes by one type, several types, or all', async () => {
    const bus = createMessageBus({ dispatch });
    const seen: Record<string, string[]> = { one: [], several: [], all: [] };
    bus.subscribe({ name: 'one', on: 'A', handle: (event) => void seen['one']?.push(event.type) });
    bus.subscribe({ name: 'several', on: ['A', 'C'], handle: (event) => void seen['several']?.push(event.type) });
    bus.subscribe({ name: 'all', on: '*', handle: (event) => void seen['all']?.push(event.type) });
    await bus.publish(events('A', 'B', 'C', 'A'));
    expect(seen).toEqual({ one: ['A', 'A'], several: ['A', 'C', 'A'], all: ['A', 'B', 'C', 'A'] });
  });

  it('isolates a failing handler: the others get every event, the failures are dead-lettered', async () => {
    const bus = createMessageBus({ dispatch, retry: noRetry, ...instantTiming() });
    const healthy: number[] = [];
    bus.subscribe({
      name: 'broken',
      on: '*',
      handle: () => {
        throw new Error('always');
      },
    });
    bus.subscribe({ name: 'healthy', on: '*', handle: (event) => void healthy.push(event.position) });
    await bus.publish(events('A', 'B', 'C'));
    await bus.drain();
    expect(healthy).toEqual([1, 2, 3]);
    const letters = await bus.deadLetters.list();
    expect(letters.map((letter) => [letter.handler, letter.event.position])).toEqual([
      ['broken', 1],
      ['broken', 2],
      ['broken', 3],
    ]);
  });

  it('retries with exponential, jittered backoff and succeeds without a dead letter', async () => {
    const timing = instantTiming(0.5);
    const bus = createMessageBus({ dispatch, retry: { maxAttempts: 5, baseDelayMs: 100, factor: 2, jitter: 0.5 }, ...timing });
    const handler = flaky(3);
    bus.subscribe({ name: 'flaky', on: 'A', handle: handler.run });
    await bus.publish(events('A'));
    await bus.drain();
    expect(handler.calls()).toBe(4);
    expect(timing.sleeps).toEqual([75, 150, 300]);
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('dead-letters after the last attempt with the handler, error data, attempts and time', async () => {
    const timing = instantTiming(0);
    const bus = createMessageBus({ dispatch, retry: { maxAttempts: 3, baseDelayMs: 10, factor: 10, maxDelayMs: 50 }, ...timing });
    bus.subscribe({
      name: 'mailer',
      on: 'A',
      handle: () => {
        throw new DomainError('SMTP_DOWN', 'mail server unreachable');
      },
    });
    const [event] = events('A');
    await bus.publish(event === undefined ? [] : [event]);
    await bus.drain();
    expect(timing.sleeps).toEqual([10, 50]);
    const [letter, ...others] = await bus.deadLetters.list();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      handler: 'mailer',
      event,
      attempts: 3,
      failedAt: '2025-06-01T12:00:00.000Z',
      error: { name: 'DomainError', message: 'mail server unreachable', code: 'SMTP_DOWN' },
    });
    expect(letter?.error.stack).toContain('mail server unreachable');
    expect(letter?.id).toEqual(expect.any(String));
  });

  it('sends errors the predicate calls non-retryable straight to the dead-letter queue', async () => {
    const timing = instantTiming();
    const bus = createMessageBus({ dispatch, ...timing });
    let calls = 0;
    bus.subscribe({
      name: 'strict',
      on: '*',
      retry: { maxAttempts: 10, retryable: (error) => !(error instanceof DomainError) },
      handle: () => {
        calls += 1;
        throw new DomainError('BAD_DATA', 'cannot be fixed by retrying');
      },
    });
    await bus.publish(events('A'));
    await bus.drain();
    expect(calls).toBe(1);
    expect(timing.sleeps).toEqual([]);
    expect((await bus.deadLetters.list())[0]).toMatchObject({ attempts: 1, error: { code: 'BAD_DATA' } });
  });

  it('merges a subscription policy over the bus default, field by field', async () => {
    const timing = instantTiming(0);
    const bus = createMessageBus({ dispatch, retry: { maxAttempts: 2, baseDelayMs: 7, jitter: 0 }, ...timing });
    const usesDefault = flaky(5);
    const overrides = flaky(5);
    bus.subscribe({ name: 'default', on: 'A', handle: usesDefault.run });
    bus.subscribe({ name: 'override', on: 'B', retry: { maxAttempts: 4 }, handle: overrides.run });
    await bus.publish(events('A', 'B'));
    await bus.drain();
    expect(usesDefault.calls()).toBe(2);
    expect(overrides.calls()).toBe(4);
    expect([...timing.sleeps].sort((a, b) => a - b)).toEqual([7, 7, 14, 28]);
  });

  it('does not make publish wait out a backoff, and keeps the retrying handler in order', async () => {
    const gate = gatedSleep();
    const bus = createMessageBus({ dispatch, retry: { maxAttempts: 3 }, sleep: gate.sleep });
    const flakySeen: string[] = [];
    const steadySeen: number[] = [];
    let failedOnce = false;
    bus.subscribe({
      name: 'flaky',
      on: '*',
      handle: (event) => {
        if (event.position === 1 && !failedOnce) {
          failedOnce = true;
          flakySeen.push('1 failed');
          throw new Error('once');
        }
        flakySeen.push(`${event.position}`);
      },
    });
    bus.subscribe({ name: 'steady', on: '*', handle: (event) => void steadySeen.push(event.position) });
    await bus.publish([envelope('A', 1)]);
    await gate.sleeping();
    // The retry of event 1 is parked in its backoff; publishing more does not wait for it.
    await bus.publish([envelope('A', 2), envelope('A', 3)]);
    expect(steadySeen).toEqual([1, 2, 3]);
    expect(flakySeen).toEqual(['1 failed']);
    let drained = false;
    const draining = bus.drain().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    gate.release();
    await draining;
    expect(flakySeen).toEqual(['1 failed', '1', '2', '3']);
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('stops delivering to a handler once it unsubscribes', async () => {
    const bus = createMessageBus({ dispatch });
    const seen: number[] = [];
    const unsubscribe = bus.subscribe({ name: 'h', on: '*', handle: (event) => void seen.push(event.position) });
    await bus.publish([envelope('A', 1)]);
    unsubscribe();
    await bus.publish([envelope('A', 2)]);
    await bus.drain();
    expect(seen).toEqual([1]);
    // The name is free again.
    expect(() => bus.subscribe({ name: 'h', on: '*', handle: () => undefined })).not.toThrow();
  });
});

describe('message bus: dead letters and redrive', () => {
  const setUp = (failing: { value: boolean }) => {
    const timing = instantTiming();
    const deadLetters = createInMemoryDeadLetterQueue();
    const bus = createMessageBus({ retry: { maxAttempts: 2 }, deadLetters, ...timing });
    const delivered: number[] = [];
    bus.subscribe({
      name: 'projector',
      on: '*',
      handle: (event) => {
        if (failing.value) throw new Error(`cannot handle ${event.position}`);
        delivered.push(event.position);
      },
    });
    return { bus, deadLetters, delivered, timing };
  };

  it('uses the configured queue, and lists letters by handler', async () => {
    const failing = { value: true };
    const { bus, deadLetters } = setUp(failing);
    bus.subscribe({
      name: 'other',
      on: 'B',
      retry: noRetry,
      handle: () => {
        throw new Error('no');
      },
    });
    await bus.publish(events('A', 'B'));
    await bus.drain();
    expect(bus.deadLetters).toBe(deadLetters);
    expect((await deadLetters.list({ handler: 'projector' })).map((letter) => letter.event.position)).toEqual([1, 2]);
    expect((await deadLetters.list({ handler: 'other' })).map((letter) => letter.attempts)).toEqual([1]);
  });

  it('redrive delivers to the named handler and removes the letter on success', async () => {
    const failing = { value: true };
    const { bus, delivered } = setUp(failing);
    await bus.publish(events('A'));
    await bus.drain();
    const [letter] = await bus.deadLetters.list();
    failing.value = false;
    const result = await bus.redrive(letter?.id ?? 'missing');
    expect(result).toEqual({ status: 'delivered', attempts: 1 });
    expect(delivered).toEqual([1]);
    expect(await bus.deadLetters.list()).toEqual([]);
  });

  it('redrive that fails again keeps the letter under its id, with the attempts added up and the new error', async () => {
    const failing = { value: true };
    const { bus } = setUp(failing);
    await bus.publish(events('A'));
    await bus.drain();
    const [before] = await bus.deadLetters.list();
    expect(before?.attempts).toBe(2);
    const once = await bus.redrive(before?.id ?? 'missing');
    expect(once.status).toBe('failed');
    const retried = await bus.redrive(before?.id ?? 'missing', { retry: { maxAttempts: 3 } });
    const stored = await bus.deadLetters.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: before?.id, attempts: 2 + 1 + 3, error: { message: 'cannot handle 1' } });
    expect(retried).toEqual({ status: 'failed', letter: stored[0] });
  });

  it('redrives one letter only once when asked twice at the same time', async () => {
    const failing = { value: true };
    const { bus, delivered } = setUp(failing);
    await bus.publish(events('A'));
    await bus.drain();
    const [letter] = await bus.deadLetters.list();
    failing.value = false;
    const [first, second] = await Promise.all([bus.redrive(letter?.id ?? ''), bus.redrive(letter?.id ?? '')]);
    expect(first).toEqual(second);
    expect(delivered).toEqual([1]);
  });

  it('redriveAll delivers what it can and reports the rest', async () => {
    const failing = { value: true };
    const { bus, delivered } = setUp(failing);
    await bus.publish(events('A', 'B', 'C'));
    await bus.drain();
    failing.value = false;
    const letters = await bus.deadLetters.list();
    const summary = await bus.redriveAll({ handler: 'projector' });
    expect(summary.delivered).toEqual(letters.map((letter) => letter.id));
    expect(summary.failed).toEqual([]);
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('refuses unknown letters and letters of handlers that are not subscribed', async () => {
    const failing = { value: true };
    const { bus, deadLetters } = setUp(failing);
    await expect(bus.redrive('no-such-id')).rejects.toBeInstanceOf(DeadLetterNotFoundError);
    const foreign: DeadLetter = await deadLetters.add({
      handler: 'gone',
      event: envelope('A', 9),
      error: { name: 'Error', message: 'x' },
      attempts: 1,
      failedAt: '2025-01-01T00:00:00.000Z',
    });
    await expect(bus.redrive(foreign.id)).rejects.toMatchObject({ code: 'HANDLER_NOT_FOUND', handler: 'gone' });
    await expect(bus.redrive(foreign.id)).rejects.toBeInstanceOf(HandlerNotFoundError);
    // redriveAll leaves letters of other handlers alone.
    expect(await bus.redriveAll()).toEqual({ delivered: [], failed: [] });
    expect(await deadLetters.get(foreign.id)).toEqual(foreign);
  });

  it('keeps letters in an in-memory queue when none is configured', async () => {
    const bus = createMessageBus({ retry: noRetry });
    bus.subscribe({
      name: 'h',
      on: '*',
      handle: () => {
        throw new Error('lost?');
      },
    });
    await bus.publish(events('A'));
    await bus.drain();
    expect(await bus.deadLetters.list()).toHaveLength(1);
  });

  it('makes drain reject when the dead-letter queue cannot store a letter', async () => {
    const deadLetters = createInMemoryDeadLetterQueue();
    await deadLetters.close();
    const bus = createMessageBus({ retry: noRetry, deadLetters });
    bus.subscribe({
      name: 'h',
      on: '*',
      handle: () => {
        throw new Error('boom');
      },
    });
    await bus.publish(events('A', 'B'));
    const failure = await bus.drain().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DeadLetterWriteError);
    expect(failure).toMatchObject({ code: 'DEAD_LETTER_WRITE_FAILED' });
    expect(failure instanceof DeadLetterWriteError ? failure.letters.map((letter) => letter.event.position) : []).toEqual([1, 2]);
    // Reported once.
    await expect(bus.drain()).resolves.toBeUndefined();
  });
});

describe('message bus: configuration and typing', () => {
  it('refuses duplicate or empty handler names, empty type lists and unknown modes', () => {
    const bus = createMessageBus();
    bus.subscribe({ name: 'h', on: '*', handle: () => undefined });
    expect(() => bus.subscribe({ name: 'h', on: 'A', handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => bus.subscribe({ name: '', on: 'A', handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => bus.subscribe({ name: 'none', on: [], handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => bus.subscribe({ name: 'bad', on: 'A', retry: { maxAttempts: 0 }, handle: () => undefined })).toThrow(ConfigurationError);
    expect(() => createMessageBus({ dispatch: 'parallel' as Dispatch })).toThrow(ConfigurationError);
  });

  it('narrows a typed event union by the subscribed types', async () => {
    type Opened = EventEnvelope<'Opened', { readonly owner: string }>;
    type Deposited = EventEnvelope<'Deposited', { readonly amount: number }>;
    const bus = createMessageBus<Opened | Deposited>();
    let total = 0;
    const owners: string[] = [];
    bus.subscribe({ name: 'sum', on: 'Deposited', handle: (event) => void (total += event.data.amount) });
    bus.subscribe({ name: 'owners', on: ['Opened'], handle: (event) => void owners.push(event.data.owner) });
    bus.subscribe({ name: 'all', on: '*', handle: (event) => void (event.type === 'Opened' ? event.data.owner : event.data.amount) });
    const opened: Opened = { ...envelope('Opened', 1), data: { owner: 'ada' } };
    const deposited: Deposited = { ...envelope('Deposited', 2), data: { amount: 5 } };
    await bus.publish([opened, deposited, deposited]);
    expect(total).toBe(10);
    expect(owners).toEqual(['ada']);
  });

  it('publishes what an event store append committed', async () => {
    const store = createInMemoryEventStore();
    const bus = createMessageBus();
    const seen: string[] = [];
    bus.subscribe({ name: 'audit', on: '*', handle: (event) => void seen.push(`${event.streamId}@${event.version}:${event.type}`) });
    const result = await store.append('account-1', [{ type: 'Opened', data: {} }, { type: 'Deposited', data: { amount: 3 } }], { expectedVersion: 'no_stream' });
    await bus.publish(result.events);
    expect(seen).toEqual(['account-1@1:Opened', 'account-1@2:Deposited']);
    await store.close();
  });
});
