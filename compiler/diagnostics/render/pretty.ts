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
    const severity = d.severity === 'error' ? style.error('error') : d.severity === 'warning' ? style.warning('warning') : style.info('info');
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

/** "2 errors, 1 warning, 3 infos" (or "no problems" when there are neither errors nor warnings). */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic['severity']): number => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const parts = [];
  if (errors > 0) parts.push(`${errors} ${errors === 1 ? 'error' : 'errors'}`);
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  if (errors + warnings === 0) parts.push('no problems');
  if (infos > 0) parts.push(`${infos} ${infos === 1 ? 'info' : 'infos'}`);
  return parts.join(', ');
}
