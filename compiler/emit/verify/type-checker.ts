/** A file to type-check: its absolute path (where it would be written) and its content. */
export interface TypeCheckFile {
  readonly path: string;
  readonly text: string;
}

export interface TypeCheckProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** TypeScript's error number, e.g. 2322. */
  readonly code: number;
  readonly message: string;
  /**
   * When the problem lies in a variable declaration initialized with a plain identifier
   * (`const handler: CloseHandler = decideClose;`), that identifier: how generated code binds a
   * hand-written handler to its signature type (see RenderedDomain.bindings).
   */
  readonly initializer?: string;
}

/**
 * Type-checks generated files in memory, as if written to their paths, against the real
 * node_modules around them (so `orchestrix/runtime` and `zod` resolve as in the user's project).
 * The only implementation uses ts-morph; nothing else in the compiler imports it.
 */
export interface TypeChecker {
  check(files: readonly TypeCheckFile[]): Promise<readonly TypeCheckProblem[]>;
}

/** The flags DESIGN.md §3 promises generated code compiles under. */
export const STRICT_COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  skipLibCheck: true,
} as const;
