import type { CliEnvironment } from './environment.js';

/**
 * An exception that escaped a command is a bug in Orchestrix (user mistakes are diagnostics), so
 * it is reported as one: what happened, that it is not the user's fault, and what to send.
 */
export function reportInternalError(io: CliEnvironment, error: unknown, version: string): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  io.stderr.write(
    [
      `orchestrix: internal error (orchestrix ${version}, node ${process.version}).`,
      'This is a bug in Orchestrix, not a mistake in your specs. Please report it on the Orchestrix',
      'issue tracker with this output and, if you can, the spec files that trigger it.',
      '',
      detail,
      '',
    ].join('\n'),
  );
}
