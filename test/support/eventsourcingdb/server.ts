import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLog } from './event-log.js';
import { HttpProblem, badRequest, type JsonValue, type StoredEvent } from './protocol.js';
import {
  parseObserveEvents,
  parseReadEvents,
  parseReadEventType,
  parseReadSubjects,
  parseRegisterEventSchema,
  parseRunEventQlQuery,
  parseWriteEvents,
} from './requests.js';

/**
 * A protocol-faithful EventSourcingDB (HTTP API v1) for tests: a real HTTP server on 127.0.0.1 and a
 * random port, holding its events in memory. Facts: ../shared/reference/eventsourcingdb-api-v1.md.
 * As the official clients' tests show the real server doing: a write that violates a registered
 * schema, registering a schema twice, and registering one that stored events of the type violate are
 * 409s whose body starts `schema conflict: ` (`schema conflict: schema already exists`,
 * `schema conflict: event with ID 0: ...`). Assumed where the reference is silent: error bodies are
 * plain text; `fromLatestEvent` and `lowerBound` exclude each other (400); an empty `events` array is
 * a 400.
 */

export interface EventSourcingDbTestServerOptions {
  /** Default: a random token. */
  readonly apiToken?: string;
  /** Reported as `Server: EventSourcingDB/<version>`. Default `1.0.0`. */
  readonly version?: string;
  /** How often observe-events sends a heartbeat line. Default 1000 ms (tests want it short). */
  readonly heartbeatIntervalMs?: number;
}

/** Fault injection for reconnect and error-path tests. */
export interface EventSourcingDbTestServerFaults {
  /** Destroys every open observe-events connection abruptly, as a network failure would. Returns how many. */
  dropObserveConnections(): number;
  /** Keeps every open observe-events connection open but silent from now on: no heartbeats, no events. */
  silenceObserveConnections(): number;
  /** Holds back the start of every response by `ms` (0 turns the delay off). */
  delayResponses(ms: number): void;
  /**
   * Answers the next `times` (default 1) requests to `route` (e.g. `observe-events`) with `status` and
   * `message` as the body (default `injected fault: <status>`), doing no work.
   */
  failNextRequests(route: string, status: number, times?: number, message?: string): void;
  /** While on, responses carry no `Server` header (a proxy or an impostor in front of the store). */
  omitServerHeader(on: boolean): void;
  /** From now on the server accepts only `token` (an operator rotated it): clients still on the old one get 401s. */
  rotateApiToken(token: string): void;
}

export interface EventSourcingDbTestServer {
  /** Base URL without the `/api/v1` path, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly apiToken: string;
  readonly version: string;
  readonly faults: EventSourcingDbTestServerFaults;
  /** Deep copies of the stored events, in id order, exactly as the server holds them. */
  storedEvents(): StoredEvent[];
  /** Everything the server holds (events and schemas) as raw JSON text: what a disk would contain. */
  rawRecords(): string;
  /** How many requests reached `route` (auth failures and injected faults included). */
  requestCount(route: string): number;
  /** Observe-events connections currently open. */
  openObserveConnections(): number;
  stop(): Promise<void>;
}

interface ObserveConnection {
  readonly response: ServerResponse;
  silenced: boolean;
}

const API_PREFIX = '/api/v1/';
const routesWithoutAuth = new Set(['ping']);
const getRoutes = new Set(['ping']);

async function readBody(request: IncomingMessage): Promise<JsonValue | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw badRequest('the request body is not valid JSON');
  }
}

const ndjsonLine = (type: string, payload: unknown): string => `${JSON.stringify({ type, payload })}\n`;

/** Serializes each item only when the stream is ready for it. */
function* ndjsonLines<T>(type: string, items: Iterable<T>, payload: (item: T) => unknown): Generator<string> {
  for (const item of items) yield ndjsonLine(type, payload(item));
}

export async function startEventSourcingDbTestServer(
  options: EventSourcingDbTestServerOptions = {},
): Promise<EventSourcingDbTestServer> {
  let apiToken = options.apiToken ?? randomBytes(16).toString('hex');
  const version = options.version ?? '1.0.0';
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  const log = new EventLog();
  const observers = new Set<ObserveConnection>();
  const counts = new Map<string, number>();
  const injected = new Map<string, { status: number; remaining: number; message: string }>();
  let responseDelayMs = 0;
  let serverHeader = true;

  const startResponse = async (response: ServerResponse, status: number, contentType: string): Promise<void> => {
    if (responseDelayMs > 0) await sleep(responseDelayMs);
    const headers: Record<string, string> = { 'content-type': contentType };
    if (serverHeader) headers['server'] = `EventSourcingDB/${version}`;
    response.writeHead(status, headers);
  };

  const sendJson = async (response: ServerResponse, body: unknown): Promise<void> => {
    await startResponse(response, 200, 'application/json');
    response.end(JSON.stringify(body));
  };

  /** Streams lines with backpressure and stops when the client goes away, as a real server would. */
  const sendLines = async (response: ServerResponse, lines: Iterable<string>): Promise<void> => {
    await startResponse(response, 200, 'application/x-ndjson');
    for (const line of lines) {
      if (response.destroyed) return;
      if (!response.write(line)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.on('drain', done);
          response.on('close', done);
        });
      }
    }
    response.end();
  };

  const sendProblem = async (response: ServerResponse, status: number, message: string): Promise<void> => {
    if (response.headersSent) {
      // Mid-stream failures are reported in-band, as the real server does.
      response.end(ndjsonLine('error', { error: message }));
      return;
    }
    await startResponse(response, status, 'text/plain; charset=utf-8');
    response.end(message);
  };

  const observe = async (response: ServerResponse, body: JsonValue | undefined): Promise<void> => {
    const { subject, options: observeOptions } = parseObserveEvents(body ?? null);
    // Listen for the client leaving before anything is awaited, so no observer outlives its connection.
    let closed = false;
    let release = (): void => undefined;
    response.on('close', () => {
      closed = true;
      release();
    });
    await startResponse(response, 200, 'application/x-ndjson');
    if (closed || response.destroyed) return;
    const connection: ObserveConnection = { response, silenced: false };
    const send = (line: string): void => {
      if (!connection.silenced && !response.destroyed) response.write(line);
    };
    const unobserve = log.observe(subject, observeOptions, (event) => send(ndjsonLine('event', event)));
    const heartbeat = setInterval(() => send(ndjsonLine('heartbeat', {})), heartbeatIntervalMs);
    observers.add(connection);
    release = () => {
      clearInterval(heartbeat);
      unobserve();
      observers.delete(connection);
    };
  };

  const handle = async (route: string, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    switch (route) {
      case 'ping':
        return sendJson(response, systemEvent('io.eventsourcingdb.api.ping-received', '/api/v1/ping'));
      case 'verify-api-token':
        return sendJson(response, systemEvent('io.eventsourcingdb.api.api-token-verified', '/api/v1/verify-api-token'));
      case 'write-events': {
        const { candidates, preconditions } = parseWriteEvents(body ?? null);
        return sendJson(response, log.write(candidates, preconditions));
      }
      case 'read-events': {
        const { subject, options: readOptions } = parseReadEvents(body ?? null);
        return sendLines(response, ndjsonLines('event', log.read(subject, readOptions), (event) => event));
      }
      case 'observe-events':
        return observe(response, body);
      case 'read-subjects':
        return sendLines(response, ndjsonLines('subject', log.subjects(parseReadSubjects(body ?? null)), (subject) => ({ subject })));
      case 'register-event-schema': {
        const { eventType, schema } = parseRegisterEventSchema(body ?? null);
        log.registerSchema(eventType, schema);
        return sendJson(response, { eventType, schema });
      }
      case 'read-event-type': {
        const eventType = parseReadEventType(body ?? null);
        const info = log.eventType(eventType);
        if (info === undefined) throw new HttpProblem(404, `the event type '${eventType}' is unknown`);
        return sendJson(response, info);
      }
      case 'read-event-types':
        return sendLines(response, ndjsonLines('eventType', log.eventTypes(), (info) => info));
      case 'run-eventql-query':
        return sendLines(response, ndjsonLines('row', log.query(parseRunEventQlQuery(body ?? null)), (row) => row));
      default:
        throw new HttpProblem(404, `no route ${route}`);
    }
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const route = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
    counts.set(route, (counts.get(route) ?? 0) + 1);
    const run = async (): Promise<void> => {
      const fault = injected.get(route);
      if (fault !== undefined && fault.remaining > 0) {
        fault.remaining -= 1;
        request.resume();
        throw new HttpProblem(fault.status, fault.message);
      }
      if (!path.startsWith(API_PREFIX)) throw new HttpProblem(404, `no route ${path}`);
      const expectedMethod = getRoutes.has(route) ? 'GET' : 'POST';
      if (request.method !== expectedMethod) throw new HttpProblem(405, `${route} expects ${expectedMethod}`);
      if (!routesWithoutAuth.has(route) && request.headers.authorization !== `Bearer ${apiToken}`) {
        request.resume();
        throw new HttpProblem(401, 'unauthorized');
      }
      await handle(route, request, response);
    };
    run().catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof Error ? error.message : 'internal error';
      sendProblem(response, status, message).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const faults: EventSourcingDbTestServerFaults = {
    dropObserveConnections: () => {
      const open = [...observers];
      for (const connection of open) connection.response.destroy();
      return open.length;
    },
    silenceObserveConnections: () => {
      for (const connection of observers) connection.silenced = true;
      return observers.size;
    },
    delayResponses: (ms) => {
      responseDelayMs = ms;
    },
    failNextRequests: (route, status, times = 1, message = `injected fault: ${status}`) => {
      injected.set(route, { status, remaining: times, message });
    },
    omitServerHeader: (on) => {
      serverHeader = !on;
    },
    rotateApiToken: (token) => {
      apiToken = token;
    },
  };

  return {
    url: `http://127.0.0.1:${port}`,
    apiToken,
    version,
    faults,
    storedEvents: () => structuredClone([...log.events]),
    rawRecords: () =>
      [...log.events.map((event) => JSON.stringify(event)), ...log.eventTypes().map((info) => JSON.stringify(info))].join('\n'),
    requestCount: (route) => counts.get(route) ?? 0,
    openObserveConnections: () => observers.size,
    stop: async () => {
      if (!server.listening) return;
      for (const connection of observers) connection.response.destroy();
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The small CloudEvent the server answers ping and verify-api-token with. */
function systemEvent(type: string, subject: string): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: '0',
    time: new Date().toISOString(),
    source: 'https://www.eventsourcingdb.io',
    subject,
    type,
    datacontenttype: 'application/json',
    data: {},
  };
}
