import fc from 'fast-check';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConcurrencyError, ConfigurationError, StoreError, ValidationError } from '../../runtime/errors/errors.js';
import type { EventEnvelope, NewEvent } from '../../runtime/events/envelope.js';
import type { EventStore } from '../../runtime/store/event-store.js';
import {
  createEventTypeMapping,
  eventSchemasOf,
  EventSourcingDbHttpError,
  jsonSchemaFromZod,
  openEventSourcingDbBackend,
  streamIdToSubject,
  subjectToStreamId,
  type EventSourcingDbBackend,
  type EventSourcingDbBackendConfig,
} from '../../runtime/store/eventsourcingdb/index.js';
import { startEventSourcingDbTestServer, type EventSourcingDbTestServer, type EventSourcingDbTestServerOptions } from '../support/eventsourcingdb/index.js';
import { describeEventStoreContract } from './event-store.contract.js';

const servers: EventSourcingDbTestServer[] = [];
const backends: EventSourcingDbBackend[] = [];
let current: EventSourcingDbTestServer | undefined;

afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
  for (const server of servers.splice(0)) await server.stop();
});

const startServer = async (options: EventSourcingDbTestServerOptions = {}): Promise<EventSourcingDbTestServer> => {
  const server = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 200, ...options });
  servers.push(server);
  return server;
};

const backendOn = async (server: EventSourcingDbTestServer, options: Partial<EventSourcingDbBackendConfig> = {}): Promise<EventSourcingDbBackend> => {
  const backend = await openEventSourcingDbBackend({
    url: server.url,
    apiToken: server.apiToken,
    reconnect: { initialDelayMs: 10, maxDelayMs: 200 },
    ...options,
  });
  backends.push(backend);
  return backend;
};
const storeOn = async (server: EventSourcingDbTestServer, options: Partial<EventSourcingDbBackendConfig> = {}): Promise<EventStore> =>
  (await backendOn(server, options)).component('events');

describeEventStoreContract('EventSourcingDB (HTTP API v1, test server), two clients', {
  open: async () => {
    current = await startServer();
    return storeOn(current);
  },
  openSecond: async () => {
    if (current === undefined) throw new Error('open() first');
    return storeOn(current);
  },
});

const event = (type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({ type, data, ...extra });

const GUARD_MS = 15_000;

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), GUARD_MS);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function take(iterator: AsyncIterator<EventEnvelope>, count: number): Promise<EventEnvelope[]> {
  const items: EventEnvelope[] = [];
  while (items.length < count) {
    const result = await within(iterator.next(), 'the subscription');
    if (result.done === true) throw new Error(`The subscription ended after ${items.length} of ${count} events`);
    items.push(result.value);
  }
  return items;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + GUARD_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('EventSourcingDB backend', () => {
  describe('mapping', () => {
    // Written here from the official clients' validation rules, independently of the adapter.
    const subjectRule = /^\/([0-9A-Za-z_-]+\/)*([0-9A-Za-z_-]+\/?)?$/u;
    const typeRule = /^[0-9A-Za-z_-]{2,}\.(?:[0-9A-Za-z_-]+\.)+[0-9A-Za-z_-]+$/u;

    it('maps streams to subjects segment by segment, escaping what a subject cannot hold', () => {
      expect(streamIdToSubject('banking/Account/5c1e0d2a-9f3b-4c1e-8a7d-2b6f0e9c1d3a')).toBe('/banking/Account/5c1e0d2a-9f3b-4c1e-8a7d-2b6f0e9c1d3a');
      expect(streamIdToSubject('banking/Account/a%2Fb')).toBe('/banking/Account/a_252Fb');
      expect(streamIdToSubject('snake_case/x.y')).toBe('/snake_5Fcase/x_2Ey');
      expect(streamIdToSubject('a//b/')).toBe('/a/_/b/_');
      expect(streamIdToSubject('')).toBe('/_');
      expect(streamIdToSubject('ü')).toBe('/_C3_BC');
    });

    it('round-trips every stream id through a valid subject', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (streamId) => {
          const subject = streamIdToSubject(streamId);
          expect(subject).toMatch(subjectRule);
          expect(subjectToStreamId(subject)).toBe(streamId);
        }),
        { numRuns: 500 },
      );
    });

    it('maps source, type and schema version to a reverse-domain type and back', () => {
      const types = createEventTypeMapping();
      expect(types.toEventSourcingDb('orchestrix:banking', 'MoneyDeposited', 2)).toBe('io.orchestrix.banking.money-deposited.v2');
      expect(types.toEventSourcingDb('orchestrix', 'Opened', 1)).toBe('io.orchestrix.default.opened.v1');
      expect(types.toEventSourcingDb('orchestrix:orderManagement', 'HTTPCallMade', 1)).toBe('io.orchestrix.order-management.h-t-t-p-call-made.v1');
      expect(types.toEventSourcingDb('https://example.com/Billing', 'order.placed', 3)).toBe('io.orchestrix.https-example-com-billing._order_2Eplaced.v3');
      expect(types.fromEventSourcingDb('io.orchestrix.banking.money-deposited.v2')).toEqual({ type: 'MoneyDeposited', schemaVersion: 2 });
      expect(types.fromEventSourcingDb('io.orchestrix.banking._order_2Eplaced.v3')).toEqual({ type: 'order.placed', schemaVersion: 3 });
      expect(types.fromEventSourcingDb('com.example.banking.money-deposited.v2')).toBeUndefined();
      expect(types.fromEventSourcingDb('io.orchestrix.idempotency-key-recorded')).toBeUndefined();
      expect(createEventTypeMapping('com.acme.orders').toEventSourcingDb('orchestrix:shop', 'Placed', 1)).toBe('com.acme.orders.shop.placed.v1');
      expect(() => createEventTypeMapping('acme')).toThrow(ConfigurationError);
    });

    it('round-trips every type and version through a valid reverse-domain type', () => {
      const types = createEventTypeMapping();
      const pascal = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,20}$/u);
      fc.assert(
        fc.property(fc.oneof(pascal, fc.string({ unit: 'grapheme', maxLength: 20 })), fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 10_000 }), (type, source, version) => {
          const mapped = types.toEventSourcingDb(source, type, version);
          expect(mapped).toMatch(typeRule);
          expect(types.fromEventSourcingDb(mapped)).toEqual({ type, schemaVersion: version });
        }),
        { numRuns: 500 },
      );
    });

    it('stores the envelope as documented: native fields plus { data, meta }, position = id + 1', async () => {
      const server = await startServer();
      const store = await storeOn(server);
      const { events } = await store.append('banking/Account/acc-1', [
        event('MoneyDeposited', { amount: 5 }, { schemaVersion: 2, source: 'orchestrix:banking', metadata: { correlationId: 'c-1' } }),
        event('MoneyWithdrawn', { amount: 1 }, {
          source: 'orchestrix:banking',
          time: '2024-01-02T03:04:05.000Z',
          metadata: { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'a=b' } },
        }),
      ]);
      const [deposited, withdrawn] = server.storedEvents();
      expect(deposited).toMatchObject({
        id: '0',
        subject: '/banking/Account/acc-1',
        source: 'orchestrix:banking',
        type: 'io.orchestrix.banking.money-deposited.v2',
        data: { data: { amount: 5 }, meta: { id: events[0]?.id, version: 1, metadata: { correlationId: 'c-1' } } },
      });
      expect(Object.keys(deposited?.data['meta'] ?? {})).not.toContain('time');
      expect(events[0]?.time).toBe(deposited?.time);
      expect(withdrawn).toMatchObject({
        id: '1',
        type: 'io.orchestrix.banking.money-withdrawn.v1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'a=b',
        data: { meta: { version: 2, time: '2024-01-02T03:04:05.000Z' } },
      });
      expect(events.map((e) => e.position)).toEqual([1, 2]);
      expect(events.map((e) => e.schemaVersion)).toEqual([2, 1]);
    });
  });

  describe('subscriptions', () => {
    it('reconnects after dropped observe connections and delivers every event exactly once, in order', async () => {
      const server = await startServer({ heartbeatIntervalMs: 50 });
      const store = await storeOn(server);
      const controller = new AbortController();
      const subscription = store.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
      const written: EventEnvelope[] = [];
      const receiving = take(subscription, 30);
      for (let index = 0; index < 30; index += 1) {
        written.push(...(await store.append(`drop-${index % 3}`, [event('Counted', { index })])).events);
        if (index % 5 === 2) server.faults.dropObserveConnections();
      }
      const received = await receiving;
      expect(received).toEqual(written);
      expect(server.requestCount('observe-events')).toBeGreaterThan(1);

      // Nothing is delivered twice after the reconnects: the next item is the next event.
      const [last] = (await store.append('drop-last', [event('Last')])).events;
      expect(await take(subscription, 1)).toEqual([last]);
      controller.abort();
      expect(await within(subscription.next(), 'the end')).toEqual({ done: true, value: undefined });
    });

    it('reconnects when a connection goes silent past the heartbeat timeout, from the last delivered event', async () => {
      const server = await startServer({ heartbeatIntervalMs: 30 });
      const store = await storeOn(server, { heartbeatTimeoutMs: 400 });
      const controller = new AbortController();
      const subscription = store.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
      const first = (await store.append('silent-1', [event('First')])).events;
      expect(await take(subscription, 1)).toEqual(first);

      expect(server.faults.silenceObserveConnections()).toBe(1);
      const missed = (await store.append('silent-1', [event('Second'), event('Third')])).events;
      expect(await take(subscription, 2)).toEqual(missed);
      expect(server.requestCount('observe-events')).toBe(2);
      const [after] = (await store.append('silent-2', [event('Fourth')])).events;
      expect(await take(subscription, 1)).toEqual([after]);
      controller.abort();
    });

    it('retries observe-events that fail with 5xx, with backoff, from its checkpoint', async () => {
      const server = await startServer();
      const store = await storeOn(server);
      const { events } = await store.append('retry-1', [event('One'), event('Two'), event('Three')]);
      server.faults.failNextRequests('observe-events', 503, 3);
      const controller = new AbortController();
      const subscription = store.subscribe({ after: events[0]?.position ?? 0, signal: controller.signal })[Symbol.asyncIterator]();
      expect(await take(subscription, 2)).toEqual(events.slice(1));
      expect(server.requestCount('observe-events')).toBe(4);
      controller.abort();
    });

    it('ends with the error, instead of retrying forever, on a 401 or a missing Server header', async () => {
      const server = await startServer();
      const store = await storeOn(server);
      server.faults.rotateApiToken('not-the-token-any-more');
      const rejected = await failure(() => store.subscribe()[Symbol.asyncIterator]().next());
      expect(rejected).toBeInstanceOf(ConfigurationError);

      server.faults.rotateApiToken(server.apiToken);
      server.faults.omitServerHeader(true);
      const impostor = await failure(() => store.subscribe()[Symbol.asyncIterator]().next());
      expect(impostor).toBeInstanceOf(ConfigurationError);
      expect((impostor as Error).message).toContain("Server: EventSourcingDB/");
      expect(server.requestCount('observe-events')).toBe(2);
    });
  });

  describe('errors', () => {
    it('turns a 401 into a ConfigurationError that says the token was rejected, on opening and on every operation', async () => {
      const server = await startServer();
      const backend = await backendOn(server);
      const store = await backend.component('events');
      server.faults.rotateApiToken('rotated-token');
      const operations: [string, () => Promise<unknown>][] = [
        ['open', () => backendOn(server)],
        ['append', () => store.append('s-1', [event('A')])],
        ['readStream', () => collect(store.readStream('s-1'))],
        ['readAll', () => collect(store.readAll())],
        ['streamVersion', () => store.streamVersion('s-1')],
        ['headPosition', () => store.headPosition()],
        ['registerEventSchemas', () => backend.registerEventSchemas([{ type: 'A', schema: { type: 'object' } }])],
      ];
      for (const [name, run] of operations) {
        const error = await failure(run);
        expect(error, name).toBeInstanceOf(ConfigurationError);
        expect(error, name).toMatchObject({ code: 'CONFIGURATION_INVALID' });
        expect((error as Error).message, name).toMatch(/rejected the API token \(401 Unauthorized\)/u);
      }
    });

    it('refuses to talk to a server without the EventSourcingDB Server header', async () => {
      const server = await startServer();
      server.faults.omitServerHeader(true);
      const error = await failure(() => storeOn(server));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/did not answer as EventSourcingDB/u);
      expect(server.storedEvents()).toHaveLength(0);
    });

    it('verifies the server and token when the backend opens', async () => {
      const server = await startServer();
      await backendOn(server);
      expect(server.requestCount('ping')).toBe(1);
      expect(server.requestCount('verify-api-token')).toBe(1);
    });

    it('gives up waiting for an answer after requestTimeoutMs', async () => {
      const server = await startServer();
      server.faults.delayResponses(2_000);
      const error = await failure(() => backendOn(server, { requestTimeoutMs: 100 }));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/no answer within 100 ms/u);
    });

    it('rejects bad configuration with errors that name the part, never the token', async () => {
      const make = (url: string, apiToken: string) => openEventSourcingDbBackend({ url, apiToken });
      await expect(make('localhost:3000', 't')).rejects.toThrow(/protocol/u);
      await expect(make('not a url', 't')).rejects.toThrow(ConfigurationError);
      await expect(make('http://user:pw@localhost:3000', 't')).rejects.toThrow(/credentials/u);
      await expect(make('http://localhost:3000', '')).rejects.toThrow(/apiToken is empty/u);
      const error = await failure(() => make('http://localhost:3000', 'secret-with\nnewline'));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(inspect(error, { depth: 10 })).not.toContain('secret-with');
    });

    it('never puts the API token into an error, a cause or a log line', async () => {
      const token = `tok-${'S3CRET'.repeat(3)}-${Date.now()}`;
      const server = await startServer({ apiToken: token });
      const printed: string[] = [];
      const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const spies = consoleMethods.map((method) =>
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          printed.push(args.map((arg) => inspect(arg, { depth: 10 })).join(' '));
        }),
      );
      try {
        const backend = await backendOn(server, { requestTimeoutMs: 200 });
        const store = await backend.component('events');
        const errors: unknown[] = [];
        await store.append('t-1', [event('A')]);
        errors.push(await failure(() => store.append('t-1', [event('B')], { expectedVersion: 0 })));
        server.faults.failNextRequests('write-events', 500, 1, `internal failure while handling Bearer ${token}`);
        errors.push(await failure(() => store.append('t-1', [event('B')])));
        await backend.registerEventSchemas([{ type: 'Checked', schema: { type: 'object', required: ['n'] } }]);
        errors.push(await failure(() => store.append('t-2', [event('Checked', {})])));
        errors.push(await failure(() => backend.registerEventSchemas([{ type: 'Checked', schema: { type: 'object' } }])));
        server.faults.omitServerHeader(true);
        errors.push(await failure(() => store.streamVersion('t-1')));
        server.faults.omitServerHeader(false);
        server.faults.delayResponses(1_000);
        errors.push(await failure(() => store.streamVersion('t-1')));
        server.faults.delayResponses(0);
        errors.push(await failure(() => backendOn(server, { apiToken: `${token}-wrong` })));
        await server.stop();
        errors.push(await failure(() => store.append('t-1', [event('C')])));
        errors.push(await failure(() => collect(store.readAll())));

        expect(errors.map((error) => (error as Error).constructor.name)).toEqual([
          'ConcurrencyError',
          'EventSourcingDbHttpError',
          'ValidationError',
          'ConfigurationError',
          'ConfigurationError',
          'StoreError',
          'ConfigurationError',
          'StoreError',
          'StoreError',
        ]);
        expect((errors[1] as EventSourcingDbHttpError).serverMessage).toContain('[redacted]');
        for (const error of errors) {
          const seen = [inspect(error, { depth: 20, showHidden: true }), String((error as Error).stack)];
          for (let cause: unknown = (error as Error).cause; cause instanceof Error; cause = cause.cause) seen.push(cause.message, String(cause.stack));
          for (const text of seen) expect(text).not.toContain(token);
        }
        expect((errors[7] as Error).cause).toBeInstanceOf(Error);
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      for (const line of printed) expect(line).not.toContain(token);
    });
  });

  describe('appends', () => {
    it('writes a keyed batch once when the same retry races from two clients', async () => {
      const server = await startServer();
      const [first, second] = [await storeOn(server), await storeOn(server)];
      await first.append('pay-1', [event('Opened')]);
      const batch = [event('Paid', { amount: 5 }), event('Receipted')];
      const results = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? first : second).append('pay-1', batch, { idempotencyKey: 'payment-1' })));
      for (const result of results) expect({ ...result, replayed: false }).toEqual({ ...results[0], replayed: false });
      expect(results.filter((result) => !result.replayed)).toHaveLength(1);
      expect((await collect(first.readStream('pay-1'))).map((e) => e.type)).toEqual(['Opened', 'Paid', 'Receipted']);
      const bookkeeping = server.storedEvents().filter((stored) => stored.subject.startsWith('/_orchestrix/'));
      expect(bookkeeping).toHaveLength(1);
      expect(bookkeeping[0]?.type).toBe('io.orchestrix.idempotency-key-recorded');
      expect((await collect(second.readAll())).map((e) => e.type)).toEqual(['Opened', 'Paid', 'Receipted']);
    });

    it('pins every append to the stream head, so concurrent appends with expectedVersion any keep versions contiguous', async () => {
      const server = await startServer();
      const [first, second] = [await storeOn(server), await storeOn(server)];
      await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).append('any-1', [event('Any', { index })])));
      const stream = await collect(first.readStream('any-1'));
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(server.storedEvents().map((stored) => stored.data['meta'])).toEqual(stream.map((e) => ({ id: e.id, version: e.version, metadata: {} })));
    });

    it('reports the real version in ConcurrencyError when another client moved the stream', async () => {
      const server = await startServer();
      const [first, second] = [await storeOn(server), await storeOn(server)];
      await first.append('moved-1', [event('A')]);
      expect(await first.streamVersion('moved-1')).toBe(1);
      await second.append('moved-1', [event('B'), event('C')], { expectedVersion: 1 });
      const error = await failure(() => first.append('moved-1', [event('D')], { expectedVersion: 1 }));
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected: 1, actual: 3 });
    });

    it('reads a long stream from a late version by walking back from the end, and from an early one by skipping', async () => {
      const server = await startServer();
      const store = await storeOn(server);
      await store.append('long-1', Array.from({ length: 600 }, (_, index) => event('Numbered', { index })));
      await store.append('other-1', [event('Elsewhere')]);
      const versions = async (fromVersion: number, toVersion?: number) => {
        const before = server.requestCount('read-events');
        const read = await collect(store.readStream('long-1', toVersion === undefined ? { fromVersion } : { fromVersion, toVersion }));
        return { versions: read.map((e) => e.version), data: read.map((e) => (e.data as { index: number }).index), requests: server.requestCount('read-events') - before };
      };
      const late = await versions(590);
      expect(late.versions).toEqual(Array.from({ length: 11 }, (_, i) => 590 + i));
      expect(late.data).toEqual(Array.from({ length: 11 }, (_, i) => 589 + i));
      expect(late.requests).toBe(3);
      const middle = await versions(257, 260);
      expect(middle.versions).toEqual([257, 258, 259, 260]);
      expect(middle.requests).toBe(2);
      const early = await versions(200, 202);
      expect(early.versions).toEqual([200, 201, 202]);
      expect(early.requests).toBe(1);
      expect((await versions(601)).versions).toEqual([]);
    });

    it('skips events other clients wrote elsewhere, and refuses a stream that holds one', async () => {
      const server = await startServer();
      const store = await storeOn(server);
      await store.append('mixed-1', [event('Ours')]);
      const foreign = (subject: string) =>
        fetch(`${server.url}/api/v1/write-events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: [{ source: 'https://other.example', subject, type: 'com.example.other.thing', data: { x: 1 } }] }),
        });
      expect((await foreign('/elsewhere')).status).toBe(200);
      expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['Ours']);
      expect((await foreign('/mixed-1')).status).toBe(200);
      await expect(collect(store.readStream('mixed-1'))).rejects.toThrow(/not written by Orchestrix/u);
      await expect(store.streamVersion('mixed-1')).rejects.toBeInstanceOf(StoreError);
    });
  });

  describe('schemas', () => {
    const Deposited = z.object({ amount: z.int().min(1), ownerName: z.string().min(1) });
    const pii = [{ path: ['ownerName'], subject: { kind: 'id' as const }, erased: '' }];

    it('registers a schema that EventSourcingDB then enforces (a ValidationError with its reason, at once); pii paths accept ciphertext', async () => {
      const server = await startServer();
      const backend = await backendOn(server);
      const store = await backend.component('events');
      await backend.registerEventSchemas([{ type: 'MoneyDeposited', schema: jsonSchemaFromZod(Deposited, pii), source: 'orchestrix:banking', schemaVersion: 1 }]);
      const deposit = (data: Record<string, unknown>) => event('MoneyDeposited', data, { source: 'orchestrix:banking' });

      await store.append('banking/Account/1', [deposit({ amount: 5, ownerName: 'Ada' })]);
      await store.append('banking/Account/1', [deposit({ amount: 5, ownerName: { ciphertext: 'x', keyId: 'k' } })]);
      const writes = server.requestCount('write-events');
      const error = await failure(() => store.append('banking/Account/1', [event('Other'), deposit({ amount: 0, ownerName: 'Ada' })]));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.message).toMatch(/^schema conflict: event candidate 1 of type 'io\.orchestrix\.banking\.money-deposited\.v1': /u);
      // Refused data is not a race: no retry, no read of the stream, no ConcurrencyError.
      expect(server.requestCount('write-events') - writes).toBe(1);
      expect(await store.streamVersion('banking/Account/1')).toBe(2);
      // A failed precondition is still a conflict.
      await expect(store.append('banking/Account/1', [deposit({ amount: 1, ownerName: 'Ada' })], { expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyError);

      // Other versions and sources are other types.
      await store.append('banking/Account/1', [event('MoneyDeposited', { amount: 0 }, { source: 'orchestrix:banking', schemaVersion: 2 })]);
      expect(await store.streamVersion('banking/Account/1')).toBe(3);
    });

    it('registers idempotently, refuses a changed schema for a registered version, and one the stored events violate', async () => {
      const server = await startServer();
      const backend = await backendOn(server);
      const schema = (zod: z.ZodType, schemaVersion = 1) => [{ type: 'MoneyDeposited', schema: jsonSchemaFromZod(zod), source: 'orchestrix:banking', schemaVersion }];
      await backend.registerEventSchemas(schema(Deposited));
      await backend.registerEventSchemas(schema(Deposited));
      const changed = await failure(() => backend.registerEventSchemas(schema(Deposited.extend({ note: z.string() }))));
      expect(changed).toBeInstanceOf(ConfigurationError);
      expect((changed as Error).message).toMatch(/write-once/u);
      await backend.registerEventSchemas(schema(Deposited.extend({ note: z.string() }), 2));

      await (await backend.component('events')).append('banking/Account/9', [event('MoneyDeposited', { amount: 0 }, { source: 'orchestrix:banking', schemaVersion: 3 })]);
      const violated = await failure(() => backend.registerEventSchemas(schema(Deposited, 3)));
      expect(violated).toBeInstanceOf(ConfigurationError);
      expect((violated as Error).message).toMatch(/refused the schema .*: schema conflict: event with ID 0: /u);
    });

    it('registers the current version of every event of an aggregate definition', async () => {
      const server = await startServer();
      const backend = await backendOn(server);
      const store = await backend.component('events');
      await backend.registerEventSchemas(eventSchemasOf({
        domain: 'banking',
        events: {
          AccountOpened: { type: 'AccountOpened', schemaVersion: 1, schema: z.object({ ownerName: z.string() }), upcasters: {}, pii: { 1: pii.map((p) => ({ ...p, path: ['ownerName'] })) } },
          MoneyDeposited: { type: 'MoneyDeposited', schemaVersion: 2, schema: Deposited, upcasters: {}, pii: {} },
        },
      }));
      const types = await fetch(`${server.url}/api/v1/read-event-types`, { method: 'POST', headers: { authorization: `Bearer ${server.apiToken}` } });
      const names = (await types.text())
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { payload: { eventType: string; isPhantom: boolean } }).payload);
      expect(names).toEqual([
        { eventType: 'io.orchestrix.banking.account-opened.v1', isPhantom: true, schema: expect.any(Object) },
        { eventType: 'io.orchestrix.banking.money-deposited.v2', isPhantom: true, schema: expect.any(Object) },
      ]);
      await expect(store.append('banking/Account/2', [event('MoneyDeposited', { amount: 1 }, { source: 'orchestrix:banking', schemaVersion: 2 })])).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });

  it('refuses use after close, of the event store and of the backend', async () => {
    const server = await startServer();
    const backend = await backendOn(server);
    const store = await backend.component('events');
    await store.close();
    await expect(store.append('closed-1', [event('A')])).rejects.toThrow(/EventSourcingDB event store is closed/u);
    expect(() => store.subscribe()).toThrow(StoreError);
    await backend.close();
    await expect(backend.component('events')).rejects.toThrow(/EventSourcingDB backend at .* is closed/u);
    await expect(backend.component('snapshots')).rejects.toThrow(/closed/u);
  });

  it('holds events only, and says where to keep the rest', async () => {
    const server = await startServer();
    const backend = await backendOn(server);
    expect(backend.supports('events')).toBe(true);
    for (const component of ['snapshots', 'checkpoints', 'deadLetters', 'keys'] as const) {
      expect(backend.supports(component)).toBe(false);
      const error = await failure(() => backend.component(component));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/EventSourcingDB stores only events; keep snapshots, checkpoints, dead letters and keys in memory:, sqlite:, pglite: or postgres:\/\//u);
    }
  });
});
