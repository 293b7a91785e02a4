import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDomains, type CheckInput } from '../check/index.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceLookup } from '../diagnostics/render/index.js';
import { loadConfig, loadSources, type LoadedConfig, type SourceDocument } from '../load/index.js';
import type { DomainModel } from '../model/model.js';
import { validateSpec } from '../syntax/index.js';

export interface ProjectOptions {
  /** The project folder: where orchestrix.config.yaml is looked up and relative paths start. */
  readonly cwd: string;
  /** Files or folders to check instead of the config's globs. */
  readonly paths?: readonly string[];
  /** Turns an absolute path into the path diagnostics name (default: relative to `cwd`). */
  readonly show?: (absolute: string) => string;
  /**
   * Record the line each spec value starts on while parsing (default true), for the `// file:line`
   * comments of generated code; `check` has no use for them.
   */
  readonly lines?: boolean;
}

export interface CheckedProject {
  readonly config: LoadedConfig;
  /** One model per domain that checked clean, sorted by name. */
  readonly domains: readonly DomainModel[];
  /** Every diagnostic of every phase, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** File texts for code frames. */
  readonly sources: SourceLookup;
  /** sha256 of the config and of every spec file read (paths and texts): what the models were made from. */
  readonly inputFingerprint: () => string;
  /** Every spec file that loaded, sorted by path. */
  readonly documents: readonly SourceDocument[];
  /** Domains some spec file declares but that have errors (so no model), with their error counts. */
  readonly broken: ReadonlyMap<string, number>;
}

/**
 * load -> syntax -> check for a whole project. Never fails fast: a structurally broken file keeps
 * its domain from being checked (its names are unknown, so references into it would be noise), but
 * every other domain is checked and every diagnostic is reported.
 */
export async function checkProject(options: ProjectOptions): Promise<CheckedProject> {
  const shownFrom = options.show === undefined ? {} : { show: options.show };
  const { config, diagnostics: configDiagnostics } = await loadConfig(options.cwd, shownFrom);
  const loaded = await loadSources({
    cwd: options.cwd,
    config,
    ...shownFrom,
    ...(options.paths === undefined ? {} : { paths: options.paths }),
    ...(options.lines === undefined ? {} : { lines: options.lines }),
  });
  const checked = checkDocuments(loaded.docs, [...configDiagnostics, ...loaded.diagnostics]);
  const sources: SourceLookup = (file) => checked.texts.get(file) ?? readIfPossible(resolve(options.cwd, file));
  const inputFingerprint = () => {
    const hash = createHash('sha256').update(JSON.stringify(config));
    for (const [file, text] of [...checked.texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`\0${file}\0${text}`);
    return hash.digest('hex');
  };
  return { config, domains: checked.domains, diagnostics: checked.diagnostics, sources, inputFingerprint, documents: loaded.docs, broken: checked.broken };
}

/** syntax -> check for loaded documents, with the diagnostics of loading them. */
export function checkDocuments(
  docs: readonly SourceDocument[],
  loadDiagnostics: readonly Diagnostic[],
): { readonly domains: readonly DomainModel[]; readonly diagnostics: readonly Diagnostic[]; readonly broken: ReadonlyMap<string, number>; readonly texts: ReadonlyMap<string, string> } {
  const diagnostics: Diagnostic[] = [...loadDiagnostics];
  const texts = new Map<string, string>();
  const inputs: CheckInput[] = [];
  const brokenDomains = new Set<string>();
  // Names of declarations and fields a structural error left out, per domain: a semantic diagnostic
  // naming one (an unknown event, a field not found) would only echo that error.
  const removed = new Map<string, Set<string>>();
  for (const doc of docs) {
    texts.set(doc.file, doc.text);
    const { spec, diagnostics: structural, removed: left } = validateSpec(doc);
    diagnostics.push(...structural);
    if (spec !== undefined) inputs.push({ doc, spec });
    else brokenDomains.add(declaredDomain(doc.value));
    for (const path of left) {
      const name = path.at(-1);
      if (typeof name !== 'string') continue;
      const names = removed.get(declaredDomain(doc.value)) ?? new Set<string>();
      names.add(name);
      removed.set(declaredDomain(doc.value), names);
    }
  }
  const checked = checkDomains(inputs.filter((input) => !brokenDomains.has(input.spec.domain)));
  const domainOfFile = new Map(docs.map((doc) => [doc.file, declaredDomain(doc.value)]));
  const echoes = (d: Diagnostic): boolean => {
    const names = removed.get(domainOfFile.get(d.span.file) ?? '');
    return names !== undefined && [...names].some((n) => d.message.includes(`'${n}'`) || d.message.includes(`\`${n}\``));
  };
  diagnostics.push(...checked.diagnostics.filter((d) => !echoes(d)));
  diagnostics.sort(compareDiagnostics);
  // A structural error the checker could work around (an unknown key is dropped) still leaves the
  // spec wrong: its domain is reported in full but gets no model, so nothing is generated from it.
  const errors = new Map<string, number>();
  for (const d of diagnostics) {
    const domain = domainOfFile.get(d.span.file);
    if (d.severity === 'error' && domain !== undefined) {
      brokenDomains.add(domain);
      errors.set(domain, (errors.get(domain) ?? 0) + 1);
    }
  }
  const broken = new Map([...brokenDomains].filter((name) => name !== '').sort().map((name) => [name, errors.get(name) ?? 0] as const));
  return { domains: checked.domains.filter((d) => !brokenDomains.has(d.name)), diagnostics, broken, texts };
}

/** The `domain:` a document declares, even when the rest of it is invalid ('' when it has none). */
function declaredDomain(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const domain = (value as { domain?: unknown }).domain;
  return typeof domain === 'string' ? domain : '';
}

function readIfPossible(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
