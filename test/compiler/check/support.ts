import { readFileSync } from 'node:fs';
import { checkDomains, type CheckInput, type CheckResult } from '../../../compiler/check/index.js';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { parseSource } from '../../../compiler/load/index.js';
import type { DomainModel } from '../../../compiler/model/model.js';
import { validateSpec } from '../../../compiler/syntax/index.js';

/** Runs files (name -> YAML text) through the real pipeline: load, syntax, check. */
export function runPipeline(
  files: Readonly<Record<string, string>>,
): CheckResult & { readonly all: readonly Diagnostic[] } {
  const earlier: Diagnostic[] = [];
  const inputs: CheckInput[] = [];
  for (const [file, text] of Object.entries(files)) {
    const loaded = parseSource(file, text);
    earlier.push(...loaded.diagnostics);
    if (loaded.doc === undefined) continue;
    const validated = validateSpec(loaded.doc);
    earlier.push(...validated.diagnostics);
    if (validated.spec !== undefined) inputs.push({ doc: loaded.doc, spec: validated.spec });
  }
  const result = checkDomains(inputs);
  return { ...result, all: [...earlier, ...result.diagnostics] };
}

/** `CODE file:line:col message`, for readable assertion failures. */
export const describeDiagnostic = (d: Diagnostic): string =>
  `${d.code} ${d.span.file}:${d.span.start.line}:${d.span.start.column} ${d.message}`;

/** Checks one spec (or several files) that must be clean, and returns its only domain model. */
export function checkClean(files: string | Readonly<Record<string, string>>): DomainModel {
  const result = runPipeline(typeof files === 'string' ? { 'spec.yaml': files } : files);
  const problems = result.all.map(describeDiagnostic);
  if (problems.length > 0 || result.domains.length !== 1) {
    throw new Error(`expected one clean domain, got ${result.domains.length} and:\n${problems.join('\n')}`);
  }
  const [model] = result.domains;
  if (model === undefined) throw new Error('no model');
  return model;
}

/** The codes reported for a spec, e.g. ['ORX4001']. */
export function codesOf(files: string | Readonly<Record<string, string>>): string[] {
  return runPipeline(typeof files === 'string' ? { 'spec.yaml': files } : files).all.map((d) => d.code);
}

export const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
