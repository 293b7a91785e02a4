import type { Diagnostic } from '../diagnostic.js';
import { codeFrame } from './code-frame.js';
import type { Style } from './style.js';

/** Looks up the text of a file a diagnostic points into, for the code frame. */
export type SourceLookup = (file: string) => string | undefined;

/**
 * `path:line:col: error ORX1203: message`, a code frame with carets under the span, related
 * locations, and the fix hint.
 */
export function renderPretty(diagnostics: readonly Diagnostic[], sources: SourceLookup, style: Style): string {
  const blocks = diagnostics.map((d) => {
    const { file, start } = d.span;
    const severity = d.severity === 'error' ? style.error('error') : style.warning('warning');
    const lines = [`${style.location(`${file}:${start.line}:${start.column}`)}: ${severity} ${style.bold(d.code)}: ${d.message}`];
    const text = sources(file);
    if (text !== undefined && text.length > 0) lines.push(codeFrame(text, d.span, style));
    for (const related of d.related) {
      lines.push(`  ${style.dim('note:')} ${related.message} ${style.location(`(${related.span.file}:${related.span.start.line}:${related.span.start.column})`)}`);
    }
    if (d.hint !== undefined) lines.push(`  ${style.dim('hint:')} ${d.hint}`);
    return lines.join('\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** "2 errors, 1 warning" (or "no problems"). */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) return 'no problems';
  const parts = [];
  if (errors > 0) parts.push(`${errors} ${errors === 1 ? 'error' : 'errors'}`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(', ');
}
