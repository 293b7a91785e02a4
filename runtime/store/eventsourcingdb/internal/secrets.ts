/**
 * The API token must never reach a log or an error. Errors built by this adapter never include it;
 * text that comes from elsewhere (server bodies, network errors) passes through `redact`, and
 * foreign error objects are replaced by plain copies of their redacted name, message and code.
 */
export interface Redactor {
  redact(text: string): string;
  /** A plain Error chain mirroring `error` (name, message, code), every string redacted. */
  sanitize(error: unknown): Error;
}

export const REDACTED = '[redacted]';

export function createRedactor(secret: string): Redactor {
  const redact = (text: string): string => (secret === '' ? text : text.split(secret).join(REDACTED));
  const sanitize = (error: unknown, depth = 0): Error => {
    if (!(error instanceof Error)) return new Error(redact(String(error)));
    const cause = depth < 5 && error.cause !== undefined ? sanitize(error.cause, depth + 1) : undefined;
    const copy = new Error(redact(error.message), cause === undefined ? undefined : { cause });
    copy.name = redact(error.name);
    const code: unknown = (error as { code?: unknown }).code;
    if (typeof code === 'string') Object.assign(copy, { code: redact(code) });
    copy.stack = `${copy.name}: ${copy.message}`;
    return copy;
  };
  return { redact, sanitize: (error) => sanitize(error) };
}
