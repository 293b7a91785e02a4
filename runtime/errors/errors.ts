/**
 * Every error the runtime raises is an OrchestrixError with a stable `code`; callers switch on the
 * code (or use instanceof), never on the message.
 */
export class OrchestrixError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The stream was not at the expected version; nothing was written. */
export class ConcurrencyError extends OrchestrixError {
  readonly streamId: string;
  readonly expected: string | number;
  readonly actual: number;
  constructor(streamId: string, expected: string | number, actual: number) {
    super('CONCURRENCY_CONFLICT', `Stream '${streamId}' expected version ${String(expected)} but is at ${actual}`);
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

export interface ValidationIssue {
  /** Path into the validated value, e.g. ['address', 'city']. */
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

/** Input failed its schema; `issues` lists every problem with its path. */
export class ValidationError extends OrchestrixError {
  readonly issues: readonly ValidationIssue[];
  constructor(subject: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    const summary = first === undefined ? '' : `: ${first.path.join('.') || '(root)'} ${first.message}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('VALIDATION_FAILED', `Invalid ${subject}${summary}${more}`);
    this.issues = issues;
  }
}

/**
 * A business rule rejected a command: a failed `requires` check (code from the spec, e.g.
 * `LimitExceeded`, or `PreconditionFailed`), or an error thrown by a custom handler.
 */
export class DomainError extends OrchestrixError {
  readonly command: string | undefined;
  constructor(code: string, message: string, command?: string) {
    super(code, message);
    this.command = command;
  }
}

/** A command that does not create its aggregate targeted a stream with no events. */
export class AggregateNotFoundError extends OrchestrixError {
  readonly aggregate: string;
  readonly id: string;
  constructor(aggregate: string, id: string) {
    super('AGGREGATE_NOT_FOUND', `${aggregate} '${id}' does not exist`);
    this.aggregate = aggregate;
    this.id = id;
  }
}

/** A `creates: true` command targeted a stream that already has events. */
export class AggregateAlreadyExistsError extends OrchestrixError {
  readonly aggregate: string;
  readonly id: string;
  constructor(aggregate: string, id: string) {
    super('AGGREGATE_ALREADY_EXISTS', `${aggregate} '${id}' already exists`);
    this.aggregate = aggregate;
    this.id = id;
  }
}

/** Bad configuration: a malformed connection string, an unknown adapter, a missing option. Never contains secrets. */
export class ConfigurationError extends OrchestrixError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFIGURATION_INVALID', message, options);
  }
}

/** A storage backend failed (I/O, connection, protocol). The cause is attached; secrets are not. */
export class StoreError extends OrchestrixError {
  constructor(message: string, options?: ErrorOptions, code = 'STORE_FAILED') {
    super(code, message, options);
  }
}

/**
 * A store, component or backend used after its `close()`: nothing was done. A StoreError (the store
 * cannot serve), with a code of its own: not a storage failure but a lifecycle mistake to fix.
 */
export class StoreClosedError extends StoreError {
  constructor(what: string) {
    super(`The ${what} is closed: close() was called on it or on its backend; open the backend again (openBackend, or a new domain) to go on`, undefined, 'STORE_CLOSED');
  }
}

/**
 * The store belongs to another process (or was already opened by this one) and cannot be shared:
 * a PGlite directory. Says who holds it and what to do.
 */
export class StoreInUseError extends OrchestrixError {
  /** The store, as safe to show as a connection string (`pglite:./data/pg`). */
  readonly location: string;
  /** The file that records the owner. */
  readonly lockFile: string;
  readonly ownerPid: number;
  readonly ownerHost: string;
  constructor(message: string, details: { readonly location: string; readonly lockFile: string; readonly ownerPid: number; readonly ownerHost: string }) {
    super('STORE_IN_USE', message);
    this.location = details.location;
    this.lockFile = details.lockFile;
    this.ownerPid = details.ownerPid;
    this.ownerHost = details.ownerHost;
  }
}
