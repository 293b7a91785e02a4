import type { Diagnostic } from '../diagnostic.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderPretty, type SourceLookup } from './pretty.js';
import { colorStyle, plainStyle } from './style.js';

export { summarize, type SourceLookup } from './pretty.js';
export { shouldUseColor } from './style.js';

export const DIAGNOSTIC_FORMATS = ['pretty', 'json', 'github'] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: DiagnosticFormat,
  options: { readonly sources: SourceLookup; readonly color: boolean },
): string {
  switch (format) {
    case 'pretty':
      return renderPretty(diagnostics, options.sources, options.color ? colorStyle : plainStyle);
    case 'json':
      return renderJson(diagnostics);
    case 'github':
      return renderGithub(diagnostics);
  }
}
