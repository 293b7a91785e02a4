import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics, shouldUseColor, summarize, type DiagnosticFormat, type SourceLookup } from '../diagnostics/render/index.js';
import type { CliEnvironment } from './environment.js';

export interface ReportOptions {
  readonly format: DiagnosticFormat;
  /** `true`/`false` from --color/--no-color; undefined: NO_COLOR, FORCE_COLOR and the TTY decide. */
  readonly color: boolean | undefined;
}

/** Writes diagnostics to stderr in the chosen format. */
export function reportDiagnostics(io: CliEnvironment, diagnostics: readonly Diagnostic[], sources: SourceLookup, options: ReportOptions): void {
  if (diagnostics.length === 0 && options.format !== 'json') return;
  const color = options.color ?? shouldUseColor(io.stderr, io.env);
  io.stderr.write(renderDiagnostics(diagnostics, options.format, { sources, color }));
}

/** A one-line closing summary on stderr (pretty format only; machine formats stay parseable). */
export function reportSummary(io: CliEnvironment, options: ReportOptions, diagnostics: readonly Diagnostic[], what: string, startedAt: number): void {
  if (options.format !== 'pretty') return;
  const elapsed = `${Math.round(performance.now() - startedAt)} ms`;
  io.stderr.write(`${what}: ${summarize(diagnostics)} (${elapsed})\n`);
}
