import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../load/source.js';
import type { DomainModel } from '../model/model.js';
import type { SpecFile } from '../syntax/schema.js';
import { checkDomain } from './domain.js';

/**
 * compiler/check — semantic analysis of validated specs and construction of the domain model.
 * See docs/dsl.md for the rules it enforces and compiler/model/README.md for what it guarantees.
 */

export interface CheckInput {
  readonly doc: SourceDocument;
  readonly spec: SpecFile;
}

export interface CheckResult {
  /** One model per domain without errors, sorted by name. */
  readonly domains: readonly DomainModel[];
  /** Every diagnostic of every domain, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Groups files by `domain:`, merges them, checks everything, and builds one model per domain (sorted by name). */
export function checkDomains(inputs: readonly CheckInput[]): CheckResult {
  const byDomain = new Map<string, CheckInput[]>();
  for (const input of inputs) {
    const files = byDomain.get(input.spec.domain);
    if (files === undefined) byDomain.set(input.spec.domain, [input]);
    else files.push(input);
  }
  const domains: DomainModel[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of [...byDomain.keys()].sort()) {
    const result = checkDomain(name, byDomain.get(name) ?? []);
    if (result.model !== undefined) domains.push(result.model);
    diagnostics.push(...result.diagnostics);
  }
  diagnostics.sort(compareDiagnostics);
  return { domains, diagnostics };
}

export { DEFAULT_ERROR_CODE, defaultRequirementMessage } from './commands.js';
