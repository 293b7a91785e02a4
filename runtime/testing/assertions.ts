import { AssertionError, deepStrictEqual } from 'node:assert';

/**
 * Deep strict equality with a readable diff; `what` says which expectation failed. Throws node's
 * AssertionError (with `actual` and `expected`), which vitest, node:test and mocha all render as a diff.
 */
export function assertDeepEqual(actual: unknown, expected: unknown, what: string): void {
  try {
    deepStrictEqual(actual, expected);
  } catch (error) {
    if (error instanceof AssertionError) error.message = `${what}\n${error.message}`;
    throw error;
  }
}

export function fail(message: string, details: { readonly actual?: unknown; readonly expected?: unknown; readonly cause?: unknown } = {}): never {
  const error = new AssertionError({ message, actual: details.actual, expected: details.expected, operator: 'fail' });
  if (details.cause !== undefined) error.cause = details.cause;
  throw error;
}

/** One line naming an error: `LimitExceeded: Deposits are capped`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { readonly code?: unknown }).code;
    return `${typeof code === 'string' ? code : error.name}: ${error.message}`;
  }
  return String(error);
}
