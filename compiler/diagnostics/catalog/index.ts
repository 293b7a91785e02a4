import type { Diagnostic, RelatedLocation, Span } from '../diagnostic.js';
import type { CatalogEntry } from './entry.js';
import { behaviourDiagnostics } from './behaviour.js';
import { cliDiagnostics } from './cli.js';
import { evolutionDiagnostics } from './evolution.js';
import { exprDiagnostics } from './expr.js';
import { gdprDiagnostics } from './gdpr.js';
import { generateDiagnostics } from './generate.js';
import { loadDiagnostics } from './load.js';
import { namesDiagnostics } from './names.js';
import { readSideDiagnostics } from './read-side.js';
import { syntaxDiagnostics } from './syntax.js';
import { typesDiagnostics } from './types.js';

export type { CatalogEntry, DiagnosticExample, EvolutionExample, SituationExample } from './entry.js';

/** Every diagnostic the compiler can report, by stable code. Sections live in ./<phase>.ts. */
export const catalog = {
  ...loadDiagnostics,
  ...syntaxDiagnostics,
  ...namesDiagnostics,
  ...typesDiagnostics,
  ...exprDiagnostics,
  ...behaviourDiagnostics,
  ...readSideDiagnostics,
  ...gdprDiagnostics,
  ...generateDiagnostics,
  ...cliDiagnostics,
  ...evolutionDiagnostics,
} as const;

export type DiagnosticCode = keyof typeof catalog;

export type DiagnosticParams<C extends DiagnosticCode> =
  (typeof catalog)[C] extends CatalogEntry<infer P> ? P : never;

export function createDiagnostic<C extends DiagnosticCode>(
  code: C,
  span: Span,
  params: DiagnosticParams<C>,
  related: readonly RelatedLocation[] = [],
): Diagnostic {
  const e = catalog[code] as unknown as CatalogEntry<DiagnosticParams<C>>;
  return { code, severity: e.severity, message: e.message(params), hint: e.hint(params), span, related };
}

export const catalogCodes = (): readonly DiagnosticCode[] => (Object.keys(catalog) as DiagnosticCode[]).sort();
