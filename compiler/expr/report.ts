import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import type { DiagnosticCode, DiagnosticParams } from '../diagnostics/catalog/index.js';
import type { TextRange } from './ast.js';

/** The expression-language codes (ORX5xxx). */
export type ExprCode = Extract<DiagnosticCode, `ORX5${string}`>;

/**
 * Collects the diagnostics of one expression. Phases report ranges inside the expression's text;
 * the caller's `span` turns each into a file span, so every diagnostic points at its own token.
 */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  #errors = 0;

  constructor(
    private readonly span: (range: TextRange) => Span,
    /** The expression's text, for quoting parts of it in messages. */
    readonly text: string,
  ) {}

  report<C extends ExprCode>(code: C, range: TextRange, params: DiagnosticParams<C>): void {
    const d = createDiagnostic(code, this.span(range), params);
    if (d.severity === 'error') this.#errors++;
    this.diagnostics.push(d);
  }

  get errorCount(): number {
    return this.#errors;
  }

  /** The source text of `range` for a message: one line, at most 40 characters. */
  quote(range: TextRange): string {
    const raw = this.text.slice(range.start, Math.min(range.end, range.start + 41)).replace(/\s+/g, ' ');
    return raw.length > 40 || range.end - range.start > 41 ? `${raw.slice(0, 39)}…` : raw;
  }
}
