/**
 * The stored event: CloudEvents-shaped (`id type source subject time data`) plus the stream it
 * belongs to, its version in that stream, its global position and the schema version of `data`.
 */
export interface EventMetadata {
  /** Ties every message caused by one request together. */
  readonly correlationId?: string;
  /** The id of the command or event that caused this one. */
  readonly causationId?: string;
  /** The id of the command that produced this event, when its caller gave one (ExecuteOptions.commandId). */
  readonly commandId?: string;
  /** Free-form string headers (tenant, user, trace ids...). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Whose personal data this event's pii values are, where the spec names a state field as their
   * subject (`subject: <state field>`): the subject id by state field name, as the state is after
   * the event. The command executor writes it; the GDPR layer encrypts by it and re-encrypts dead
   * letters by it (docs/gdpr.md). Subject ids are pseudonymous ids, stored in the clear like the
   * other metadata. Absent when no pii of the event has a state-field subject.
   */
  readonly piiSubjects?: Readonly<Record<string, string>>;
}

export interface EventEnvelope<Type extends string = string, Data = unknown> {
  /** Unique id of the event (a UUID unless the writer chose one). */
  readonly id: string;
  /** The event's name in its domain, e.g. `MoneyDeposited`. */
  readonly type: Type;
  /** The producer, e.g. `orchestrix:banking`. */
  readonly source: string;
  /** CloudEvents subject; always equal to `streamId`. */
  readonly subject: string;
  /** RFC 3339 UTC timestamp of the append. */
  readonly time: string;
  readonly data: Data;
  readonly streamId: string;
  /** 1-based, contiguous within the stream. */
  readonly version: number;
  /** Store-wide, strictly increasing in commit order (not necessarily contiguous or starting at 1). */
  readonly position: number;
  /** The version of the event's schema that `data` was written with. */
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
}

/** What a writer hands to `append`; the store fills in the rest. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly id?: string;
  readonly source?: string;
  readonly time?: string;
  /** Defaults to 1. */
  readonly schemaVersion?: number;
  readonly metadata?: EventMetadata;
}

export const DEFAULT_SOURCE = 'orchestrix';
