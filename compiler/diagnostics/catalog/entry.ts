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
  readonly example: DiagnosticExample | SituationExample<P> | EvolutionExample | undefined;
}

/** A spec file that triggers the code; a test compiles it and expects exactly this code. */
export interface DiagnosticExample {
  /** A YAML file (or, for load errors that YAML cannot express, the raw text) that triggers the code. */
  readonly spec: string;
  /** What to change, in one or two sentences. */
  readonly fix: string;
}

/**
 * For codes no single spec file can trigger (an unreadable file, a hand-edited generated file): the
 * situation in words and sample parameters for the message shown in docs/diagnostics.md. A test
 * checks that some test under test/ names the code.
 */
export interface SituationExample<P> {
  readonly situation: string;
  readonly sample: P;
  readonly fix: string;
}

/**
 * For the codes of `check --against`, which compare two versions of a spec: the earlier spec, the
 * current one, and the fix. A test compares them and expects this code on the current spec.
 */
export interface EvolutionExample {
  readonly before: string;
  readonly after: string;
  readonly fix: string;
}

/** Identity helper that keeps each entry's parameter type for `createDiagnostic`. */
export const entry = <P = Record<string, never>>(e: CatalogEntry<P>): CatalogEntry<P> => e;
