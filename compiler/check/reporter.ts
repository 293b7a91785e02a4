import type { Diagnostic, RelatedLocation, Span } from '../diagnostics/diagnostic.js';
import { createDiagnostic, type DiagnosticCode, type DiagnosticParams } from '../diagnostics/catalog/index.js';
import { plainSpan } from './location.js';

/** Collects the diagnostics of one domain. Checks never stop at the first mistake. */
export class Reporter {
  readonly #diagnostics: Diagnostic[] = [];
  #errors = 0;

  report<C extends DiagnosticCode>(
    code: C,
    span: Span,
    params: DiagnosticParams<C>,
    related: readonly RelatedLocation[] = [],
  ): void {
    this.add(createDiagnostic(code, span, params, related));
  }

  /** Adds diagnostics made elsewhere (the expression compiler's). Their spans become plain data. */
  add(...diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) {
      this.#diagnostics.push({
        ...d,
        span: plainSpan(d.span),
        related: d.related.map((r) => ({ message: r.message, span: plainSpan(r.span) })),
      });
      if (d.severity === 'error') this.#errors++;
    }
  }

  get errorCount(): number {
    return this.#errors;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.#diagnostics;
  }
}
