import { OrchestrixError } from '../errors/errors.js';

/**
 * Errors of the GDPR layer. Messages name where a value sits (stream, event id, field path) and
 * which key it names, never the value itself: they end up in logs and dead letters.
 */

/** Where a pii value sits, for messages: e.g. `event 'e-1' (CaseOpened) of stream 'crm/Case/c-1'`. */
export interface PiiLocation {
  readonly where: string;
  /** The concrete field path (array indexes as decimal strings). */
  readonly path: readonly string[];
}

const describe = ({ where, path }: PiiLocation): string => `'${path.join('.')}' of ${where}`;

/**
 * A stored pii value failed its integrity check: it was altered, or moved from another stream,
 * event, field or store, so it is neither decrypted nor erased. The base of the three cases.
 */
export class PiiIntegrityError extends OrchestrixError {
  readonly where: string;
  readonly path: readonly string[];
  /** The key id the stored value names, when it could be read. */
  readonly keyId: string | undefined;
  constructor(code: string, location: PiiLocation, keyId: string | undefined, reason: string) {
    super(code, `Personal data at ${describe(location)} ${reason}`);
    this.where = location.where;
    this.path = location.path;
    this.keyId = keyId;
  }
}

/** The ciphertext does not authenticate where it is read: altered, or moved from another place. */
export class PiiTamperedError extends PiiIntegrityError {
  constructor(location: PiiLocation, keyId: string) {
    super('PII_TAMPERED', location, keyId, `does not authenticate under key '${keyId}': it was altered or moved from another stream, event or field`);
  }
}

/** A pii path holds something that is not a ciphertext of this layer (nor the path's erased value). */
export class PiiMalformedError extends PiiIntegrityError {
  constructor(location: PiiLocation, detail: string) {
    super('PII_MALFORMED', location, undefined, `is not an Orchestrix ciphertext (${detail})`);
  }
}

/** The ciphertext names a key the key store never held: the wrong key store, or an altered key id. */
export class PiiKeyUnknownError extends PiiIntegrityError {
  constructor(location: PiiLocation, keyId: string) {
    super('PII_KEY_UNKNOWN', location, keyId, `names key '${keyId}', which this key store does not know (another key store, or an altered key id)`);
  }
}

/**
 * A pii value is being written but its data subject cannot be determined: the subject field is
 * missing or not a non-empty string, or the subject is a state field and the event was appended
 * without the command executor (which writes `metadata.piiSubjects`). Nothing is written.
 */
export class PiiSubjectUnresolvedError extends OrchestrixError {
  readonly where: string;
  readonly path: readonly string[];
  constructor(location: PiiLocation, reason: string) {
    super('PII_SUBJECT_UNRESOLVED', `Cannot encrypt ${describe(location)}: ${reason}`);
    this.where = location.where;
    this.path = location.path;
  }
}

/** An event of a known type is written at a schema version whose pii paths the layer does not know. */
export class PiiSchemaUnknownError extends OrchestrixError {
  readonly streamId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  constructor(streamId: string, eventType: string, schemaVersion: number) {
    super(
      'PII_SCHEMA_UNKNOWN',
      `Event '${eventType}' of stream '${streamId}' is written at schema version ${schemaVersion}, for which no pii paths are known; regenerate the domain or register its definition`,
    );
    this.streamId = streamId;
    this.eventType = eventType;
    this.schemaVersion = schemaVersion;
  }
}
