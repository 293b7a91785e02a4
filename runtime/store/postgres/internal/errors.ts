import { OrchestrixError, StoreError } from '../../../errors/errors.js';
import { scrubSecrets } from './redact.js';

/**
 * A failure reported by PostgreSQL or the driver. `sqlState` is the SQLSTATE (e.g. `23505`) when the
 * server sent one; messages never carry connection secrets.
 */
export class PostgresError extends StoreError {
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  constructor(message: string, fields: { sqlState?: string | undefined; detail?: string | undefined; constraint?: string | undefined }, options?: ErrorOptions) {
    super(message, options);
    this.sqlState = fields.sqlState;
    this.detail = fields.detail;
    this.constraint = fields.constraint;
  }
}

function stringField(value: object, key: string): string | undefined {
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/**
 * Wraps whatever pg or PGlite threw into a PostgresError, removing `secrets` from the message. Our
 * own typed errors (e.g. a ConcurrencyError thrown inside a transaction) pass through unchanged.
 */
export function toPostgresError(error: unknown, secrets: readonly string[] = []): OrchestrixError {
  if (error instanceof OrchestrixError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = scrubSecrets(raw, secrets);
  const fields = typeof error === 'object' && error !== null
    ? { sqlState: stringField(error, 'code'), detail: stringField(error, 'detail'), constraint: stringField(error, 'constraint') }
    : {};
  // The original error is attached only when it cannot leak a secret through its own message.
  const options = message === raw ? { cause: error } : undefined;
  return new PostgresError(`PostgreSQL: ${message}`, fields, options);
}

