import { catalog, catalogCodes, type CatalogEntry, type DiagnosticCode } from '../../compiler/diagnostics/catalog/index.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render/index.js';
import { compareDiagnostics } from '../../compiler/diagnostics/diagnostic.js';
import { compareVersions, currentVersion, loadEarlierVersion } from '../../compiler/evolution/index.js';
import { checkProject } from '../../compiler/pipeline/check-project.js';
import { generateProject } from '../../compiler/pipeline/generate-project.js';
import { lineDiff } from './line-diff.js';
import { createProject } from './project.js';

/** What compiling one catalog example reported. */
export interface ExampleRun {
  readonly code: DiagnosticCode;
  readonly spec: string;
  readonly fix: string;
  readonly diagnostics: readonly Diagnostic[];
  /** The pretty output, without colour, as a user would see it. */
  readonly rendered: string;
}

export const EXAMPLE_FILE = 'domains/example.yaml';

/** Compiles every spec example of the catalog (check, then generation in check mode). */
export async function runCatalogExamples(): Promise<readonly ExampleRun[]> {
  const runs: ExampleRun[] = [];
  for (const code of catalogCodes()) {
    const example = entryOf(code).example;
    if (example !== undefined && 'before' in example) {
      runs.push({ code, spec: example.after, fix: example.fix, ...(await compareExample(example.before, example.after)) });
      continue;
    }
    if (example === undefined || !('spec' in example)) continue;
    const cwd = createProject({ [EXAMPLE_FILE]: example.spec });
    const project = await checkProject({ cwd });
    const generated = project.domains.length > 0 ? await generateProject(project, { cwd, mode: 'check', force: false, verify: false }) : undefined;
    const diagnostics = [...project.diagnostics, ...(generated?.diagnostics ?? [])];
    runs.push({
      code,
      spec: example.spec,
      fix: example.fix,
      diagnostics,
      rendered: renderDiagnostics(diagnostics, 'pretty', { sources: project.sources, color: false }),
    });
  }
  return runs;
}

/**
 * `check --against ../before` run in `after/`, both holding the example file: what a user sees when
 * the earlier version is a folder (a git revision differs only in how its files are named).
 */
async function compareExample(before: string, after: string): Promise<{ diagnostics: readonly Diagnostic[]; rendered: string }> {
  const root = createProject({ [`before/${EXAMPLE_FILE}`]: before, [`after/${EXAMPLE_FILE}`]: after });
  const cwd = `${root}/after`;
  const project = await checkProject({ cwd });
  const earlier = await loadEarlierVersion(cwd, '../before', []);
  const diagnostics = [...project.diagnostics, ...compareVersions(earlier.version, currentVersion(project))].sort(compareDiagnostics);
  const sources = (file: string): string | undefined => earlier.texts.get(file) ?? project.sources(file);
  return { diagnostics, rendered: renderDiagnostics(diagnostics, 'pretty', { sources, color: false }) };
}

const entryOf = (code: DiagnosticCode): CatalogEntry<unknown> => catalog[code] as unknown as CatalogEntry<unknown>;

const SECTIONS: readonly [string, string][] = [
  ['ORX1', 'Files, encodings and YAML'],
  ['ORX2', 'Structure of the DSL'],
  ['ORX3', 'Names and references'],
  ['ORX4', 'Field types, defaults and constraints'],
  ['ORX5', 'Expressions'],
  ['ORX6', 'Commands, events, emits, apply and versions'],
  ['ORX61', 'Read models and automations'],
  ['ORX7', 'Personal data and subjects'],
  ['ORX8', 'Code generation and output files'],
  ['ORX9', 'Command line and configuration'],
  ['ORX95', 'Changes that break stored data (`check --against`)'],
  ['ORX96', 'Changes that break callers (`check --against`)'],
  ['ORX97', 'Notices about a change (`check --against`)'],
  ['ORX98', 'Compatible changes (`check --against`)'],
];

/** The section of a code: the one with the longest matching prefix. */
const sectionOf = (code: string): string =>
  SECTIONS.map(([prefix]) => prefix)
    .filter((prefix) => code.startsWith(prefix))
    .reduce((a, b) => (b.length > a.length ? b : a), '');

/** docs/diagnostics.md, generated from the catalog and from what its examples really report. */
export async function renderDiagnosticsReference(): Promise<string> {
  const runs = new Map((await runCatalogExamples()).map((run) => [run.code, run]));
  const codes = catalogCodes();
  const out: string[] = [
    '# Diagnostics reference',
    '',
    '<!-- Generated from compiler/diagnostics/catalog by `npm run docs:update`; do not edit by hand. -->',
    '',
    'Every problem Orchestrix reports has a stable code (`ORX` and four digits), a severity, a message,',
    'the exact file, line and column, and a hint on how to fix it. Codes never change meaning; new ones are',
    'only added. The examples below are compiled by the test suite, and the output shown is what',
    '`orchestrix check` really prints for them.',
    '',
    'Output formats (`--format`): `pretty` (default; colour unless `NO_COLOR` is set or stderr is not a',
    'terminal), `json` (one document `{ "diagnostics": [...] }`), and `github` (workflow commands that',
    'annotate pull requests). Diagnostics always go to stderr. Exit codes: 0 no errors, 1 errors (or stale',
    'output with `generate --check`), 2 bad invocation, 70 internal error (a bug in Orchestrix).',
    '',
    'Codes ORX95xx to ORX98xx come from `orchestrix check --against <revision|folder>`, which compares the',
    'specs with an earlier version of them ([evolution.md](evolution.md)): errors for changes that break',
    'stored data or callers, warnings for notices, and `info` for compatible changes.',
    '',
  ];
  // A code belongs to the section with the longest matching prefix (ORX61xx is not in ORX6).
  const sectionOf = (code: string): string =>
    SECTIONS.map(([prefix]) => prefix)
      .filter((prefix) => code.startsWith(prefix))
      .reduce((a, b) => (b.length > a.length ? b : a), '');
  for (const [prefix, title] of SECTIONS) {
    const inSection = codes.filter((c) => sectionOf(c) === prefix);
    if (inSection.length === 0) continue;
    out.push(`## ${title}`, '', '| Code | Severity | Title |', '| --- | --- | --- |');
    for (const code of inSection) {
      const e = entryOf(code);
      out.push(`| [${code}](#${code.toLowerCase()}) | ${e.severity} | ${e.title} |`);
    }
    out.push('');
    for (const code of inSection) out.push(...entrySection(code, entryOf(code), runs.get(code)));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function entrySection(code: DiagnosticCode, e: CatalogEntry<unknown>, run: ExampleRun | undefined): string[] {
  const lines = [`### ${code}`, '', `**${e.title}** (${e.severity})`, ''];
  const example = e.example;
  if (example !== undefined && 'spec' in example) {
    lines.push('Example:', '', fence('yaml', example.spec), '', 'Reported:', '', fence('text', run?.rendered ?? ''), '');
    lines.push(`Fix: ${example.fix}`, '');
  } else if (example !== undefined && 'before' in example) {
    lines.push('Example: the earlier version (in `../before`) changed as shown (`-` removed, `+` added lines):', '');
    lines.push(fence('diff', lineDiff(example.before, example.after)), '', 'Reported by `orchestrix check --against ../before`:', '', fence('text', run?.rendered ?? ''), '');
    lines.push(`Fix: ${example.fix}`, '');
  } else if (example !== undefined) {
    const hint = e.hint(example.sample);
    lines.push(`When: ${example.situation}`, '', 'Reported:', '');
    lines.push(fence('text', `${e.severity} ${code}: ${e.message(example.sample)}${hint === undefined ? '' : `\n  hint: ${hint}`}`), '');
    lines.push(`Fix: ${example.fix}`, '');
  }
  return lines;
}

const fence = (language: string, text: string): string => `\`\`\`${language}\n${text.trimEnd()}\n\`\`\``;
