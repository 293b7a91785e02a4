import type { Severity } from '../diagnostic.js';

/**
 * One catalog entry. `message` and `hint` are templates over typed parameters. `example` is a
 * complete failing spec (YAML) and the fix; docs/diagnostics.md is generated from these, and a test
 * compiles every example and asserts that it reports this very code.
 */
export interface CatalogEntry<P> {
  readonly title: string;
  readonly severity: Severity;
  readonly message: (params: P) => string;
  readonly hint: (params: P) => string | undefined;
  readonly example: DiagnosticExample | undefined;
}

export interface DiagnosticExample {
  /** A YAML file (or, for load errors that YAML cannot express, the raw text) that triggers the code. */
  readonly spec: string;
  /** What to change, in one or two sentences. */
  readonly fix: string;
}

/** Identity helper that keeps each entry's parameter type for `createDiagnostic`. */
export const entry = <P = Record<string, never>>(e: CatalogEntry<P>): CatalogEntry<P> => e;
