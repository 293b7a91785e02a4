import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import { describeValue as describe, idProblem, isCleanText, isPlainObject, isWellFormedText, MAX_ID_LENGTH } from '../events/ids.js';

/**
 * The options of `execute`, checked once, here, before any store sees them: every store then gets
 * the same well-formed values and behaves the same (an empty command id, a number, an object or a
 * 10 MB string used to mean different things, or driver errors, on different stores).
 */
export interface ExecuteOptions {
  /**
   * Identifies this command; recorded as the events' `commandId` and used as the idempotency key of
   * its append. A command id already executed on the stream (a retried HTTP request, a redelivered
   * reaction) writes and publishes nothing and returns the first execution's events with
   * `duplicate: true`. Default: a fresh UUID, and no `commandId` in the events' metadata.
   */
  readonly commandId?: string | undefined;
  /** Ties together everything one request caused. Default: the command id. */
  readonly correlationId?: string | undefined;
  /** What caused this command, e.g. the event an automation reacted to. Default: the command id. */
  readonly causationId?: string | undefined;
  /** Copied into every event's metadata (tenant, user, trace ids...). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Bounds of the execute options: ids fit an idempotency key or trace id, headers fit small metadata. */
export const EXECUTE_OPTION_LIMITS = {
  /** commandId, correlationId, causationId: 1 to 256 characters. */
  idLength: MAX_ID_LENGTH,
  /** headers: at most 64 entries... */
  headerCount: 64,
  /** ...named by 1 to 128 characters... */
  headerNameLength: 128,
  /** ...with values of at most 4,096 characters. */
  headerValueLength: 4_096,
} as const;

const OPTION_NAMES = ['commandId', 'correlationId', 'causationId', 'headers'] as const;
const ID_OPTIONS = ['commandId', 'correlationId', 'causationId'] as const;

/** Returns the options as given when they are valid; otherwise a ValidationError naming each bad option. */
export function checkExecuteOptions(options: unknown): ExecuteOptions | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) {
    throw new ValidationError('execute options', [{ path: [], code: 'invalid_type', message: `must be an object such as { commandId: '...' }, not ${describe(options)}` }]);
  }
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      issues.push({ path: [key], code: 'unrecognized_keys', message: `is not an execute option (they are ${OPTION_NAMES.join(', ')})` });
    }
  }
  for (const name of ID_OPTIONS) {
    const problem = idProblem(options[name]);
    if (problem !== undefined) issues.push({ path: [name], code: 'invalid_value', message: problem });
  }
  issues.push(...headerIssues(options['headers']));
  if (issues.length > 0) throw new ValidationError('execute options', issues);
  // Checked above: only the four options, each of its type.
  return options as ExecuteOptions;
}

function headerIssues(headers: unknown): ValidationIssue[] {
  if (headers === undefined) return [];
  const { headerCount, headerNameLength, headerValueLength } = EXECUTE_OPTION_LIMITS;
  if (!isPlainObject(headers)) return [{ path: ['headers'], code: 'invalid_type', message: `must be an object of string values, not ${describe(headers)}` }];
  const entries = Object.entries(headers);
  if (entries.length > headerCount) return [{ path: ['headers'], code: 'too_big', message: `must have at most ${headerCount} entries (got ${entries.length})` }];
  const issues: ValidationIssue[] = [];
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > headerNameLength || !isCleanText(name)) {
      issues.push({ path: ['headers', name], code: 'invalid_key', message: `a header name must have 1 to ${headerNameLength} characters without control characters` });
    }
    if (typeof value !== 'string' || value.length > headerValueLength || !isWellFormedText(value)) {
      const got = typeof value === 'string' ? `${value.length} characters` : describe(value);
      issues.push({ path: ['headers', name], code: 'invalid_value', message: `must be a string of at most ${headerValueLength} characters (got ${got})` });
    }
  }
  return issues;
}
