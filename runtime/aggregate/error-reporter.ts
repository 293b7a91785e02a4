/** Where a failure that must not fail the command happened. */
export type ReportedPhase = 'snapshot-load' | 'snapshot-save' | 'publish';

export interface ReportedErrorContext {
  readonly phase: ReportedPhase;
  readonly aggregate: string;
  readonly streamId: string;
  /** The command being executed, when there was one. */
  readonly command?: string;
}

/**
 * Receives failures the runtime tolerates: a snapshot that cannot be read (the stream is folded
 * instead) or written (the next snapshot point retries), a bus that rejects after the append
 * committed. Wire it to your logger or metrics.
 */
export type ErrorReporter = (error: unknown, context: ReportedErrorContext) => void;

/** The default: one line on stderr, so a broken snapshot store is noticed without failing commands. */
export const warnOnError: ErrorReporter = (error, context) => {
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`orchestrix: ${context.phase} failed for ${context.aggregate} stream '${context.streamId}': ${message}`);
};

/** Calls `report`, swallowing what it throws: a broken logger must not turn a tolerated failure into a failed command. */
export function reportSafely(report: ErrorReporter, error: unknown, context: ReportedErrorContext): void {
  try {
    report(error, context);
  } catch {
    // Nothing sensible is left to report to.
  }
}
