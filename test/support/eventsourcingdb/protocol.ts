/**
 * The wire shapes of EventSourcingDB's HTTP API v1, as the test server stores and sends them
 * (facts: ../shared/reference/eventsourcingdb-api-v1.md).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface EventCandidate {
  readonly source: string;
  readonly subject: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** A stored event exactly as the server returns it (key order included). */
export interface StoredEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly time: string;
  readonly source: string;
  readonly subject: string;
  readonly type: string;
  readonly datacontenttype: 'application/json';
  readonly data: JsonObject;
  readonly hash: string;
  readonly predecessorhash: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly signature: null;
}

export interface Bound {
  /** The numeric value of the event id (ids are decimal strings on the wire). */
  readonly id: number;
  readonly type: 'inclusive' | 'exclusive';
}

export interface FromLatestEvent {
  readonly subject: string;
  readonly type: string;
  readonly ifEventIsMissing: 'read-nothing' | 'read-everything' | 'wait-for-event';
}

export interface ReadOptions {
  readonly recursive: boolean;
  readonly order: 'chronological' | 'antichronological';
  readonly lowerBound?: Bound;
  readonly upperBound?: Bound;
  readonly fromLatestEvent?: FromLatestEvent;
}

export type Precondition =
  | { readonly type: 'isSubjectPristine'; readonly subject: string }
  | { readonly type: 'isSubjectPopulated'; readonly subject: string }
  | { readonly type: 'isSubjectOnEventId'; readonly subject: string; readonly eventId: number }
  | { readonly type: 'isEventQlQueryTrue'; readonly query: string };

export interface EventTypeInfo {
  readonly eventType: string;
  readonly isPhantom: boolean;
  readonly schema?: JsonObject;
}

/** A client error the server answers with a status code and a plain-text message. */
export class HttpProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
    this.name = 'HttpProblem';
  }
}

export const badRequest = (message: string): HttpProblem => new HttpProblem(400, message);

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
