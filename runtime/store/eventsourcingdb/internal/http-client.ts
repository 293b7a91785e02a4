import { ConfigurationError, OrchestrixError, StoreClosedError, StoreError } from '../../../errors/errors.js';
import { EventSourcingDbHttpError } from './errors.js';
import { readNdjsonLines, type NdjsonLine } from './ndjson.js';
import { createRedactor, type Redactor } from './secrets.js';

/**
 * The HTTP side of EventSourcingDB's API v1 over the global `fetch`: the bearer token, the
 * `Server: EventSourcingDB/<version>` check every response must pass (before its status is looked
 * at, as the official clients do), status codes to typed errors, and NDJSON streams read lazily.
 */

export interface EventSourcingDbClientOptions {
  /** Base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly apiToken: string;
  /** How long to wait for response headers, and for each line of a read stream. */
  readonly requestTimeoutMs: number;
  /** Aborted when the store closes: every request and stream then ends. */
  readonly closed: AbortSignal;
}

export interface StreamOptions {
  readonly signal?: AbortSignal;
  /** Silence allowed between two lines. Default: the request timeout. */
  readonly stallTimeoutMs?: number;
}

export interface EventSourcingDbClient {
  readonly baseUrl: string;
  /** Removes the API token from text that came from elsewhere (server messages). */
  redact(text: string): string;
  getJson(route: string): Promise<unknown>;
  postJson(route: string, body: unknown): Promise<unknown>;
  /** POSTs `body` and yields the NDJSON lines of the answer as they are pulled. */
  streamLines(route: string, body: unknown, options?: StreamOptions): AsyncGenerator<NdjsonLine, void, undefined>;
}

const SERVER_PREFIX = 'EventSourcingDB/';

/** Validates the URL and the token (naming what is wrong, never echoing the token). */
export function parseBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`EventSourcingDB url is not a valid URL: use e.g. http://localhost:3000`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError(`EventSourcingDB url has protocol '${parsed.protocol}': use http: or https:`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigurationError('EventSourcingDB url must not carry credentials: pass the token as apiToken');
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigurationError('EventSourcingDB url must not have a query or fragment');
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/u, '')}`;
}

function checkToken(apiToken: string): void {
  if (apiToken === '') throw new ConfigurationError('EventSourcingDB apiToken is empty');
  if (!/^[\x21-\x7e]+$/u.test(apiToken)) {
    throw new ConfigurationError('EventSourcingDB apiToken contains whitespace or characters an HTTP header cannot carry');
  }
}

export function createEventSourcingDbClient(options: EventSourcingDbClientOptions): EventSourcingDbClient {
  const baseUrl = parseBaseUrl(options.url);
  checkToken(options.apiToken);
  const redactor: Redactor = createRedactor(options.apiToken);
  const authorization = `Bearer ${options.apiToken}`;

  const failure = (route: string, error: unknown, signal: AbortSignal | undefined, timedOut: boolean): OrchestrixError => {
    if (error instanceof OrchestrixError) return error;
    if (options.closed.aborted) return new StoreClosedError('EventSourcingDB backend');
    if (timedOut) return new StoreError(`EventSourcingDB at ${baseUrl}: ${route} got no answer within ${options.requestTimeoutMs} ms`);
    if (signal?.aborted === true) return new StoreError(`EventSourcingDB at ${baseUrl}: ${route} was aborted`);
    const cause = redactor.sanitize(error);
    return new StoreError(`EventSourcingDB at ${baseUrl}: ${route} failed (${cause.message})`, { cause });
  };

  const send = async (route: string, init: { method: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal }): Promise<Response> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), options.requestTimeoutMs);
    const signals = [options.closed, timeout.signal, ...(init.signal === undefined ? [] : [init.signal])];
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/v1/${route}`, {
        method: init.method,
        headers: {
          authorization,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      throw failure(route, error, init.signal, timeout.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
    const server = response.headers.get('server') ?? '';
    if (!server.startsWith(SERVER_PREFIX)) {
      await response.body?.cancel().catch(() => undefined);
      throw new ConfigurationError(
        `${baseUrl} did not answer as EventSourcingDB (no 'Server: ${SERVER_PREFIX}<version>' header on ${route}): check the url`,
      );
    }
    if (response.status === 401) {
      await response.body?.cancel().catch(() => undefined);
      throw new ConfigurationError(`EventSourcingDB at ${baseUrl} rejected the API token (401 Unauthorized): check apiToken`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new EventSourcingDbHttpError(baseUrl, route, response.status, redactor.redact(text.trim()).slice(0, 500));
    }
    return response;
  };

  const readJson = async (route: string, response: Response): Promise<unknown> => {
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      throw failure(route, error, undefined, false);
    }
  };

  return {
    baseUrl,
    redact: redactor.redact,
    getJson: async (route) => readJson(route, await send(route, { method: 'GET' })),
    postJson: async (route, body) => readJson(route, await send(route, { method: 'POST', body })),
    async *streamLines(route, body, streamOptions = {}) {
      const response = await send(route, {
        method: 'POST',
        body,
        ...(streamOptions.signal === undefined ? {} : { signal: streamOptions.signal }),
      });
      if (response.body === null) return;
      const lines = readNdjsonLines(response.body, {
        stallTimeoutMs: streamOptions.stallTimeoutMs ?? options.requestTimeoutMs,
        what: `EventSourcingDB at ${baseUrl}: ${route}`,
      });
      try {
        for (;;) {
          let next: IteratorResult<NdjsonLine, void>;
          try {
            next = await lines.next();
          } catch (error) {
            throw failure(route, error, streamOptions.signal, false);
          }
          if (next.done === true) return;
          yield next.value;
        }
      } finally {
        await lines.return();
      }
    },
  };
}
