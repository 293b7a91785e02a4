import type { RecordedError } from './dead-letter-queue.js';

/**
 * Turns whatever a handler threw into plain data that survives JSON (a dead letter outlives the
 * process). Keeps `code` when the error has a string one (OrchestrixError, Node system errors).
 */
export function recordError(error: unknown): RecordedError {
  if (error instanceof Error) {
    const code = 'code' in error ? error.code : undefined;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { name: 'NonError', message: describeThrown(error) };
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
