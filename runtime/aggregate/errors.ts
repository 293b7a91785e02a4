import { OrchestrixError } from '../errors/errors.js';

/** A stored event's type is not declared by the aggregate that reads it (renamed, removed, or a foreign stream). */
export class UnknownEventError extends OrchestrixError {
  readonly aggregate: string;
  readonly streamId: string;
  readonly eventType: string;
  readonly version: number;
  constructor(aggregate: string, streamId: string, eventType: string, version: number) {
    super(
      'EVENT_TYPE_UNKNOWN',
      `${aggregate} does not declare event '${eventType}' (stream '${streamId}', version ${version}); keep removed events declared so old streams can be read`,
    );
    this.aggregate = aggregate;
    this.streamId = streamId;
    this.eventType = eventType;
    this.version = version;
  }
}

/** A stored event could not be lifted to its current schema version (no upcaster, a newer stored version, or an upcaster failed). */
export class UpcastError extends OrchestrixError {
  readonly eventType: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  constructor(eventType: string, fromVersion: number, toVersion: number, reason: string, options?: ErrorOptions) {
    super('UPCAST_FAILED', `Cannot upcast '${eventType}' from schema version ${fromVersion} to ${toVersion}: ${reason}`, options);
    this.eventType = eventType;
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
  }
}
