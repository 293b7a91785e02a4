import type { Diagnostic } from '../diagnostic.js';

/** One JSON document: `{ "diagnostics": [...] }`, each diagnostic exactly as the Diagnostic type. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
