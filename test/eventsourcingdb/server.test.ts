/**
 * The EventSourcingDB test server on its own, checked against the protocol facts in
 * ../shared/reference/eventsourcingdb-api-v1.md with raw HTTP (no adapter code), and the hash
 * formula recomputed here independently.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventSourcingDbTestServer, type EventSourcingDbTestServer, type StoredEvent } from '../support/eventsourcingdb/index.js';

interface Line {
  readonly type: string;
  readonly payload: unknown;
}

const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function expectedHash(event: StoredEvent): string {
  const metadata = `${event.specversion}|${event.id}|${event.predecessorhash}|${event.time}|${event.source}|${event.subject}|${event.type}|${event.datacontenttype}`;
  return sha256hex(sha256hex(metadata) + sha256hex(JSON.stringify(event.data)));
}

/** A raw client for one server. */
function rawClient(server: EventSourcingDbTestServer) {
  const post = (route: string, body?: unknown, token: string | null = server.apiToken): Promise<Response> =>
    fetch(`${server.url}/api/v1/${route}`, {
      method: 'POST',
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const lines = async (route: string, body?: unknown): Promise<Line[]> => {
    const response = await post(route, body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const text = await response.text();
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);
  };
  const write = async (events: readonly Record<string, unknown>[], preconditions: readonly unknown[] = []): Promise<Response> =>
    post('write-events', { events, preconditions });
  const written = async (events: readonly Record<string, unknown>[], preconditions: readonly unknown[] = []): Promise<StoredEvent[]> => {
    const response = await write(events, preconditions);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as StoredEvent[];
  };
  const read = async (subject: string, options: Record<string, unknown>): Promise<StoredEvent[]> =>
    (await lines('read-events', { subject, options })).map((line) => {
      expect(line.type).toBe('event');
      return line.payload as StoredEvent;
    });
  return { post, lines, write, written, read };
}

const candidate = (subject: string, data: Record<string, unknown> = {}, type = 'io.example.test.happened'): Record<string, unknown> => ({
  source: 'tag:example.com,2024:test',
  subject,
  type,
  data,
});

/** Reads an open NDJSON stream line by line. */
function lineReader(response: Response) {
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('no body');
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<Line | undefined> {
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          return JSON.parse(line) as Line;
        }
        const { done, value } = await reader.read();
        if (done) return undefined;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next line that is not a heartbeat. */
    async nextEvent(): Promise<Line | undefined> {
      for (;;) {
        const line = await this.next();
        if (line?.type !== 'heartbeat') return line;
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('EventSourcingDB test server', () => {
  let server: EventSourcingDbTestServer;
  beforeAll(async () => {
    server = await startEventSourcingDbTestServer({ version: '9.8.7', heartbeatIntervalMs: 50 });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('transport', () => {
    it('answers ping without a token and verify-api-token with one', async () => {
      const ping = await fetch(`${server.url}/api/v1/ping`);
      expect(ping.status).toBe(200);
      expect(((await ping.json()) as { type: string }).type).toBe('io.eventsourcingdb.api.ping-received');
      const verified = await rawClient(server).post('verify-api-token');
      expect(verified.status).toBe(200);
      expect(((await verified.json()) as { type: string }).type).toBe('io.eventsourcingdb.api.api-token-verified');
    });

    it('refuses a missing or wrong bearer token with 401 on every authenticated route', async () => {
      const { post } = rawClient(server);
      const routes = ['verify-api-token', 'write-events', 'read-events', 'observe-events', 'read-subjects', 'register-event-schema', 'read-event-type', 'read-event-types', 'run-eventql-query'];
      for (const route of routes) {
        expect((await post(route, {}, null)).status, route).toBe(401);
        expect((await post(route, {}, 'wrong-token')).status, route).toBe(401);
      }
      const raw = await fetch(`${server.url}/api/v1/verify-api-token`, { method: 'POST', headers: { authorization: server.apiToken } });
      expect(raw.status).toBe(401);
    });

    it('sends Server: EventSourcingDB/<version> on every response, errors and streams included', async () => {
      const { post } = rawClient(server);
      const responses = [
        await fetch(`${server.url}/api/v1/ping`),
        await post('verify-api-token'),
        await post('verify-api-token', undefined, null),
        await post('read-events', { subject: 'not-a-path', options: { recursive: false } }),
        await post('read-event-type', { eventType: 'io.example.never.seen' }),
        await post('read-subjects', { baseSubject: '/' }),
        await post('no-such-route', {}),
        await fetch(`${server.url}/api/v1/ping`, { method: 'POST' }),
      ];
      expect(responses.map((response) => response.status)).toEqual([200, 200, 401, 400, 404, 200, 404, 405]);
      for (const response of responses) expect(response.headers.get('server')).toBe('EventSourcingDB/9.8.7');
    });
  });

  describe('writing', () => {
    it('assigns global, gap-free ids from "0" in commit order, consecutive within a batch', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { written } = rawClient(own);
        const first = await written([candidate('/a'), candidate('/b')]);
        const second = await written([candidate('/a')]);
        const third = await written([candidate('/c'), candidate('/a'), candidate('/c')]);
        expect([...first, ...second, ...third].map((event) => event.id)).toEqual(['0', '1', '2', '3', '4', '5']);
        expect(own.storedEvents().map((event) => event.id)).toEqual(['0', '1', '2', '3', '4', '5']);
      } finally {
        await own.stop();
      }
    });

    it('stores CloudEvents fields: specversion, RFC 3339 nanosecond time, content type, null signature, traceparent only when given', async () => {
      const { written } = rawClient(server);
      const [plain, traced] = await written([
        candidate('/shape/1', { n: 1 }),
        { ...candidate('/shape/2'), traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'k=v' },
      ]);
      expect(plain).toMatchObject({
        specversion: '1.0',
        source: 'tag:example.com,2024:test',
        subject: '/shape/1',
        type: 'io.example.test.happened',
        datacontenttype: 'application/json',
        data: { n: 1 },
        signature: null,
      });
      expect(plain?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      expect(Object.keys(plain ?? {})).not.toContain('traceparent');
      expect(Object.keys(plain ?? {})).not.toContain('tracestate');
      expect(traced).toMatchObject({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'k=v' });
    });

    it('chains hashes over the whole store: 64 zeros first, then each predecessor, with the reference formula', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { written, read } = rawClient(own);
        await written([candidate('/h/1', { a: 1, nested: { b: [1, 2, 'ü'] } }), candidate('/h/2', {})]);
        await written([candidate('/h/1', { text: 'line\nbreak "quoted"' })]);
        const events = await read('/', { recursive: true });
        expect(events).toHaveLength(3);
        expect(events[0]?.predecessorhash).toBe('0'.repeat(64));
        for (const [index, event] of events.entries()) {
          expect(event.hash).toBe(expectedHash(event));
          if (index > 0) expect(event.predecessorhash).toBe(events[index - 1]?.hash);
        }
      } finally {
        await own.stop();
      }
    });

    it('answers malformed input with 400 and writes nothing', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { write, post } = rawClient(own);
        const bad: [string, unknown][] = [
          ['relative subject', { events: [candidate('no-slash')] }],
          ['subject with a dot', { events: [candidate('/a.b')] }],
          ['type that is not reverse-domain', { events: [candidate('/a', {}, 'happened')] }],
          ['data that is not an object', { events: [{ ...candidate('/a'), data: [1] }] }],
          ['missing source', { events: [{ subject: '/a', type: 'io.example.test.x', data: {} }] }],
          ['no events', { events: [] }],
          ['unknown precondition', { events: [candidate('/a')], preconditions: [{ type: 'isWhatever', payload: {} }] }],
          ['event id that is not decimal', { events: [candidate('/a')], preconditions: [{ type: 'isSubjectOnEventId', payload: { subject: '/a', eventId: 'x' } }] }],
          ['unknown field', { events: [{ ...candidate('/a'), extra: 1 }] }],
          ['a bad event among good ones', { events: [candidate('/a'), candidate('bad')] }],
        ];
        for (const [label, body] of bad) expect((await post('write-events', body)).status, label).toBe(400);
        const notJson = await fetch(`${own.url}/api/v1/write-events`, { method: 'POST', headers: { authorization: `Bearer ${own.apiToken}` }, body: '{nope' });
        expect(notJson.status).toBe(400);
        expect(own.storedEvents()).toEqual([]);
        expect((await write([candidate('/a')])).status).toBe(200);
      } finally {
        await own.stop();
      }
    });
  });

  describe('preconditions', () => {
    it('checks isSubjectPristine, isSubjectPopulated and isSubjectOnEventId atomically: a failure is a 409 and writes nothing', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { write, written } = rawClient(own);
        const pristine = (subject: string) => ({ type: 'isSubjectPristine', payload: { subject } });
        const populated = (subject: string) => ({ type: 'isSubjectPopulated', payload: { subject } });
        const onEventId = (subject: string, eventId: string) => ({ type: 'isSubjectOnEventId', payload: { subject, eventId } });

        await written([candidate('/p/1')], [pristine('/p/1')]);
        expect((await write([candidate('/p/1'), candidate('/p/other')], [pristine('/p/1')])).status).toBe(409);
        expect((await write([candidate('/p/2')], [populated('/p/2')])).status).toBe(409);
        await written([candidate('/p/1')], [populated('/p/1'), onEventId('/p/1', '0')]);
        expect((await write([candidate('/p/1')], [onEventId('/p/1', '0')])).status).toBe(409);
        expect((await write([candidate('/p/2')], [onEventId('/p/2', '1')])).status).toBe(409);
        // Pristine means "no event with exactly this subject": a child's events do not count.
        await written([candidate('/p/3/child')]);
        await written([candidate('/p/3')], [pristine('/p/3')]);
        // All preconditions must hold; one failing is enough for a 409.
        expect((await write([candidate('/p/4')], [pristine('/p/4'), populated('/p/4')])).status).toBe(409);
        expect(own.storedEvents().map((event) => `${event.id}:${event.subject}`)).toEqual(['0:/p/1', '1:/p/1', '2:/p/3/child', '3:/p/3']);
      } finally {
        await own.stop();
      }
    });

    it('evaluates trivial EventQL for isEventQlQueryTrue and run-eventql-query', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { write, written, lines } = rawClient(own);
        const none = { type: 'isEventQlQueryTrue', payload: { query: "FROM e IN events WHERE e.subject == '/q/1' PROJECT INTO COUNT() == 0" } };
        await written([candidate('/q/1', { n: 1 })], [none]);
        expect((await write([candidate('/q/1')], [none])).status).toBe(409);
        const rows = await lines('run-eventql-query', { query: "FROM e IN events WHERE e.data.n == 1 PROJECT INTO e" });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ type: 'row', payload: { subject: '/q/1', data: { n: 1 } } });
        expect(await lines('run-eventql-query', { query: 'FROM e IN events PROJECT INTO COUNT()' })).toEqual([{ type: 'row', payload: 1 }]);
        expect((await rawClient(own).post('run-eventql-query', { query: 'SELECT * FROM events' })).status).toBe(400);
      } finally {
        await own.stop();
      }
    });
  });

  describe('reading', () => {
    let reading: EventSourcingDbTestServer;
    let ids: Record<string, string>;
    beforeAll(async () => {
      reading = await startEventSourcingDbTestServer();
      const { written } = rawClient(reading);
      const events = await written([
        candidate('/books', { n: 0 }),
        candidate('/books/42', { n: 1 }),
        candidate('/bookshelf', { n: 2 }),
        candidate('/books/42/pages/1', { n: 3 }),
        candidate('/books', { n: 4 }, 'io.example.test.other'),
        candidate('/authors/7', { n: 5 }),
        candidate('/books/42', { n: 6 }),
      ]);
      ids = Object.fromEntries(events.map((event, index) => [`e${index}`, event.id]));
    });
    afterAll(async () => {
      await reading.stop();
    });
    const dataOf = (events: readonly StoredEvent[]): unknown[] => events.map((event) => event.data['n']);

    it('matches subjects exactly, or recursively by whole segment', async () => {
      const { read } = rawClient(reading);
      expect(dataOf(await read('/books', { recursive: false }))).toEqual([0, 4]);
      expect(dataOf(await read('/books', { recursive: true }))).toEqual([0, 1, 3, 4, 6]);
      expect(dataOf(await read('/books/42', { recursive: true }))).toEqual([1, 3, 6]);
      expect(dataOf(await read('/book', { recursive: true }))).toEqual([]);
      expect(dataOf(await read('/', { recursive: true }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(dataOf(await read('/', { recursive: false }))).toEqual([]);
    });

    it('honours inclusive and exclusive bounds and both orders', async () => {
      const { read } = rawClient(reading);
      const bound = (id: string | undefined, type: string) => ({ id, type });
      expect(dataOf(await read('/', { recursive: true, lowerBound: bound(ids['e2'], 'inclusive') }))).toEqual([2, 3, 4, 5, 6]);
      expect(dataOf(await read('/', { recursive: true, lowerBound: bound(ids['e2'], 'exclusive') }))).toEqual([3, 4, 5, 6]);
      expect(dataOf(await read('/', { recursive: true, upperBound: bound(ids['e2'], 'inclusive') }))).toEqual([0, 1, 2]);
      expect(dataOf(await read('/', { recursive: true, upperBound: bound(ids['e2'], 'exclusive') }))).toEqual([0, 1]);
      expect(
        dataOf(await read('/', { recursive: true, lowerBound: bound(ids['e1'], 'exclusive'), upperBound: bound(ids['e5'], 'exclusive') })),
      ).toEqual([2, 3, 4]);
      expect(dataOf(await read('/', { recursive: true, order: 'antichronological' }))).toEqual([6, 5, 4, 3, 2, 1, 0]);
      expect(
        dataOf(await read('/books', { recursive: true, order: 'antichronological', lowerBound: bound(ids['e1'], 'exclusive'), upperBound: bound(ids['e6'], 'exclusive') })),
      ).toEqual([4, 3]);
      // Ids compare as numbers: "10" is after "9".
      expect((await rawClient(reading).post('read-events', { subject: '/', options: { recursive: true, lowerBound: { id: '10', type: 'inclusive' } } })).status).toBe(200);
      expect(await read('/', { recursive: true, lowerBound: bound('10', 'inclusive') })).toEqual([]);
    });

    it('starts at the latest matching event with fromLatestEvent, or reads nothing / everything when it is missing', async () => {
      const { read, post } = rawClient(reading);
      const latest = (type: string, ifEventIsMissing: string) => ({ subject: '/books', type, ifEventIsMissing });
      expect(dataOf(await read('/', { recursive: true, fromLatestEvent: latest('io.example.test.other', 'read-nothing') }))).toEqual([4, 5, 6]);
      expect(dataOf(await read('/', { recursive: true, fromLatestEvent: latest('io.example.test.happened', 'read-nothing') }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(dataOf(await read('/', { recursive: true, fromLatestEvent: latest('io.example.test.missing', 'read-nothing') }))).toEqual([]);
      expect(dataOf(await read('/', { recursive: true, fromLatestEvent: latest('io.example.test.missing', 'read-everything') }))).toHaveLength(7);
      const both = await post('read-events', {
        subject: '/',
        options: { recursive: true, fromLatestEvent: latest('io.example.test.other', 'read-nothing'), lowerBound: { id: '0', type: 'inclusive' } },
      });
      expect(both.status).toBe(400);
    });

    it('refuses malformed read options with 400', async () => {
      const { post } = rawClient(reading);
      const statuses = await Promise.all(
        [
          { subject: '/', options: {} },
          { subject: '/', options: { recursive: true, order: 'sideways' } },
          { subject: '/', options: { recursive: true, lowerBound: { id: '-1', type: 'inclusive' } } },
          { subject: '/', options: { recursive: true, lowerBound: { id: '1', type: 'open' } } },
          { subject: '/', options: { recursive: true, limit: 1 } },
          { subject: 'books', options: { recursive: true } },
        ].map(async (body) => (await post('read-events', body)).status),
      );
      expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    });

    it('lists subjects with their implicit parents, sorted', async () => {
      const { lines } = rawClient(reading);
      const subjects = async (baseSubject: string) => (await lines('read-subjects', { baseSubject })).map((line) => (line.payload as { subject: string }).subject);
      expect(await subjects('/')).toEqual(['/', '/authors', '/authors/7', '/books', '/books/42', '/books/42/pages', '/books/42/pages/1', '/bookshelf']);
      expect(await subjects('/books/42')).toEqual(['/books/42', '/books/42/pages', '/books/42/pages/1']);
      expect(await subjects('/nothing')).toEqual([]);
      expect((await lines('read-subjects', { baseSubject: '/' })).every((line) => line.type === 'subject')).toBe(true);
    });
  });

  describe('event types and schemas', () => {
    const schema = {
      type: 'object',
      properties: { amount: { type: 'integer', minimum: 1 }, note: { type: 'string', maxLength: 3 } },
      required: ['amount'],
      additionalProperties: false,
    };

    it('registers a schema once (409 the second time), reports phantoms, and 404s unknown types', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { post, written, lines } = rawClient(own);
        expect((await post('register-event-schema', { eventType: 'io.example.bank.deposited', schema })).status).toBe(200);
        const again = await post('register-event-schema', { eventType: 'io.example.bank.deposited', schema });
        expect(again.status).toBe(409);
        // The real server's wording (the official Go client's tests).
        expect(await again.text()).toBe('schema conflict: schema already exists');
        expect((await post('register-event-schema', { eventType: 'io.example.bank.deposited', schema: { type: 'object' } })).status).toBe(409);
        const phantom = await post('read-event-type', { eventType: 'io.example.bank.deposited' });
        expect(await phantom.json()).toEqual({ eventType: 'io.example.bank.deposited', isPhantom: true, schema });
        expect((await post('read-event-type', { eventType: 'io.example.bank.unknown' })).status).toBe(404);

        await written([candidate('/acc/1', { amount: 5 }, 'io.example.bank.deposited'), candidate('/acc/1', {}, 'io.example.bank.opened')]);
        const real = (await (await post('read-event-type', { eventType: 'io.example.bank.deposited' })).json()) as { isPhantom: boolean };
        expect(real.isPhantom).toBe(false);
        const types = await lines('read-event-types');
        expect(types).toEqual([
          { type: 'eventType', payload: { eventType: 'io.example.bank.deposited', isPhantom: false, schema } },
          { type: 'eventType', payload: { eventType: 'io.example.bank.opened', isPhantom: false } },
        ]);
      } finally {
        await own.stop();
      }
    });

    it('validates written data against the registered schema: a 409 schema conflict, and nothing written, on a mismatch', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { post, write } = rawClient(own);
        expect((await post('register-event-schema', { eventType: 'io.example.bank.deposited', schema })).status).toBe(200);
        const deposit = (data: Record<string, unknown>) => candidate('/acc/2', data, 'io.example.bank.deposited');
        for (const data of [{}, { amount: 0 }, { amount: 1.5 }, { amount: '1' }, { amount: 1, note: 'long' }, { amount: 1, extra: true }]) {
          const response = await write([candidate('/acc/2'), deposit(data)]);
          expect(response.status, JSON.stringify(data)).toBe(409);
          expect(await response.text()).toMatch(/^schema conflict: event candidate 1 of type 'io\.example\.bank\.deposited': /u);
        }
        expect(own.storedEvents()).toEqual([]);
        expect((await write([deposit({ amount: 1, note: 'ok' })])).status).toBe(200);
      } finally {
        await own.stop();
      }
    });

    it('refuses schemas outside its supported subset with 400, and schemas that stored events violate with a 409 schema conflict', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        const { post, written } = rawClient(own);
        expect((await post('register-event-schema', { eventType: 'io.example.bank.x', schema: { $ref: '#/$defs/a' } })).status).toBe(400);
        expect((await post('register-event-schema', { eventType: 'io.example.bank.x', schema: { type: 'thing' } })).status).toBe(400);
        await written([candidate('/acc/3', { amount: 0 }, 'io.example.bank.y')]);
        const violated = await post('register-event-schema', { eventType: 'io.example.bank.y', schema });
        expect(violated.status).toBe(409);
        expect(await violated.text()).toMatch(/^schema conflict: event with ID 0: /u);
        expect((await post('register-event-schema', { eventType: 'not-reverse-domain', schema })).status).toBe(400);
      } finally {
        await own.stop();
      }
    });
  });

  describe('observing', () => {
    it('replays stored events after the lower bound, then pushes new ones as they commit, with heartbeats between', async () => {
      const own = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 20 });
      try {
        const { post, written } = rawClient(own);
        await written([candidate('/o/1', { n: 0 }), candidate('/other', { n: 1 }), candidate('/o/1/x', { n: 2 })]);
        const response = await post('observe-events', { subject: '/o', options: { recursive: true, lowerBound: { id: '0', type: 'exclusive' } } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/x-ndjson');
        expect(response.headers.get('server')).toBe('EventSourcingDB/1.0.0');
        const stream = lineReader(response);
        expect(await stream.nextEvent()).toMatchObject({ type: 'event', payload: { id: '2', data: { n: 2 } } });

        let heartbeats = 0;
        while (heartbeats < 2) {
          const line = await stream.next();
          expect(line?.type).toBe('heartbeat');
          expect(line?.payload).toEqual({});
          heartbeats += 1;
        }
        expect(own.openObserveConnections()).toBe(1);
        await written([candidate('/elsewhere'), candidate('/o/2', { n: 4 })]);
        expect(await stream.nextEvent()).toMatchObject({ type: 'event', payload: { id: '4', subject: '/o/2', data: { n: 4 } } });
        await stream.cancel();
      } finally {
        await own.stop();
      }
    });

    it('waits for the first matching event with fromLatestEvent wait-for-event', async () => {
      const own = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 20 });
      try {
        const { post, written } = rawClient(own);
        await written([candidate('/w', { n: 0 }, 'io.example.test.before')]);
        const response = await post('observe-events', {
          subject: '/',
          options: { recursive: true, fromLatestEvent: { subject: '/w', type: 'io.example.test.marker', ifEventIsMissing: 'wait-for-event' } },
        });
        const stream = lineReader(response);
        await written([candidate('/w', { n: 1 }, 'io.example.test.before'), candidate('/w', { n: 2 }, 'io.example.test.marker'), candidate('/z', { n: 3 })]);
        expect(await stream.nextEvent()).toMatchObject({ payload: { data: { n: 2 } } });
        expect(await stream.nextEvent()).toMatchObject({ payload: { data: { n: 3 } } });
        await stream.cancel();
      } finally {
        await own.stop();
      }
    });
  });

  describe('test hooks', () => {
    it('exposes raw stored records', async () => {
      const own = await startEventSourcingDbTestServer();
      try {
        await rawClient(own).written([candidate('/raw', { secret: 'plain text here' })]);
        expect(own.rawRecords()).toContain('plain text here');
        const copy = own.storedEvents();
        (copy[0]?.data as Record<string, unknown>)['secret'] = 'changed';
        expect(own.storedEvents()[0]?.data).toEqual({ secret: 'plain text here' });
      } finally {
        await own.stop();
      }
    });

    it('injects faults: dropped and silenced observe connections, failing requests, a missing Server header', async () => {
      const own = await startEventSourcingDbTestServer({ heartbeatIntervalMs: 20 });
      try {
        const { post } = rawClient(own);
        const dropped = lineReader(await post('observe-events', { subject: '/', options: { recursive: true } }));
        expect((await dropped.next())?.type).toBe('heartbeat');
        expect(own.faults.dropObserveConnections()).toBe(1);
        await expect(dropped.next()).rejects.toThrow();

        const silenced = lineReader(await post('observe-events', { subject: '/', options: { recursive: true } }));
        expect((await silenced.next())?.type).toBe('heartbeat');
        expect(own.faults.silenceObserveConnections()).toBe(1);
        await rawClient(own).written([candidate('/unseen')]);
        const next = silenced.next();
        const outcome = await Promise.race([next.then(() => 'line'), new Promise((resolve) => setTimeout(() => resolve('silent'), 300))]);
        expect(outcome).toBe('silent');
        await silenced.cancel();

        own.faults.failNextRequests('verify-api-token', 503, 2);
        expect((await post('verify-api-token')).status).toBe(503);
        expect((await post('verify-api-token')).status).toBe(503);
        expect((await post('verify-api-token')).status).toBe(200);
        expect(own.requestCount('verify-api-token')).toBe(3);

        own.faults.omitServerHeader(true);
        expect((await post('verify-api-token')).headers.get('server')).toBeNull();
        own.faults.omitServerHeader(false);
        expect((await post('verify-api-token')).headers.get('server')).toBe('EventSourcingDB/1.0.0');
      } finally {
        await own.stop();
      }
    });
  });
});
