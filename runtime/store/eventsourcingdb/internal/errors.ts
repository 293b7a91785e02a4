import { StoreError } from '../../../errors/errors.js';

/**
 * The adapter's own failures. All are StoreErrors (code STORE_FAILED); a 401 and a missing
 * `Server: EventSourcingDB/...` header are ConfigurationErrors instead (see http-client.ts).
 */

/** A response with a status the adapter does not turn into something else (409, 400, 404, 5xx...). */
export class EventSourcingDbHttpError extends StoreError {
  readonly status: number;
  readonly route: string;
  /** The server's explanation (redacted, at most 500 characters). */
  readonly serverMessage: string;
  constructor(baseUrl: string, route: string, status: number, serverMessage: string) {
    super(`EventSourcingDB at ${baseUrl}: ${route} answered ${status}${serverMessage === '' ? '' : `: ${serverMessage}`}`);
    this.status = status;
    this.route = route;
    this.serverMessage = serverMessage;
  }
}

/** The server sent something the protocol does not allow (a non-JSON line, a malformed event). Not retried. */
export class EventSourcingDbProtocolError extends StoreError {}

/** No complete line arrived within the allowed time (a stalled or half-open connection). Retried by subscribe. */
export class StreamStalledError extends StoreError {
  constructor(what: string, timeoutMs: number) {
    super(`${what}: no line arrived for ${timeoutMs} ms`);
  }
}
