/** The process facts the CLI uses, injectable so tests run it in-process with captured output. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliEnvironment {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Data: JSON Schema, the list of stale files. */
  readonly stdout: OutputStream;
  /** Diagnostics, summaries, progress. */
  readonly stderr: OutputStream;
}

export const processEnvironment = (): CliEnvironment => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});

/** Exit codes: 0 ok, 1 findings (diagnostics, stale output), 2 bad invocation, 70 internal error (a bug). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
