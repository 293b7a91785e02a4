import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkProject } from '../../pipeline/check-project.js';
import { generateProject, hasStaleOutput, type DomainReport } from '../../pipeline/generate-project.js';
import { EXIT_FINDINGS, EXIT_OK, type CliEnvironment } from '../environment.js';
import { reportDiagnostics, type ReportOptions } from '../report.js';
import { watchProject } from '../watch.js';

export interface GenerateCommandOptions extends ReportOptions {
  readonly paths: readonly string[];
  readonly out: string | undefined;
  readonly check: boolean;
  readonly watch: boolean;
  readonly verify: boolean;
  readonly force: boolean;
}

/**
 * `orchestrix generate [paths...]`: one summary line per domain on stderr. `--check` writes
 * nothing, lists stale files on stdout and exits 1 when there are any. `--watch` regenerates on change.
 */
export async function runGenerate(io: CliEnvironment, options: GenerateCommandOptions): Promise<number> {
  if (options.watch) return watchProject(io, () => generateOnce(io, options), { paths: options.paths });
  return generateOnce(io, options);
}

export async function generateOnce(io: CliEnvironment, options: GenerateCommandOptions): Promise<number> {
  const startedAt = performance.now();
  const project = await checkProject({ cwd: io.cwd, ...(options.paths.length > 0 ? { paths: options.paths } : {}) });
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  const result = await generateProject(project, {
    cwd: io.cwd,
    mode: options.check ? 'check' : 'write',
    force: options.force,
    verify: options.verify,
    ...(options.out === undefined ? {} : { out: options.out }),
  });
  diagnostics.push(...result.diagnostics);
  reportDiagnostics(io, diagnostics, project.sources, options);
  if (options.format === 'pretty') {
    for (const report of result.reports) io.stderr.write(`${summaryLine(report, options.check)}\n`);
    const elapsed = Math.round(performance.now() - startedAt);
    const failures = diagnostics.length === 0 ? '' : ` with ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`;
    io.stderr.write(`${options.check ? 'checked' : 'generated'} ${result.reports.length} domain(s)${failures} in ${elapsed} ms\n`);
  }
  if (options.check) for (const file of result.reports.flatMap((r) => r.stale)) io.stdout.write(`${file}\n`);
  if (hasErrors(diagnostics)) return EXIT_FINDINGS;
  return options.check && hasStaleOutput(result) ? EXIT_FINDINGS : EXIT_OK;
}

function summaryLine(report: DomainReport, check: boolean): string {
  if (check) {
    return report.stale.length === 0
      ? `${report.domain}: up to date (${report.dir})`
      : `${report.domain}: ${report.stale.length} stale file(s) (${report.dir})`;
  }
  const scaffolded = report.scaffolded.length === 0 ? '' : `, ${report.scaffolded.length} handler stub(s) created`;
  return `${report.domain}: ${report.written} written, ${report.unchanged} unchanged, ${report.removed} removed${scaffolded} (${report.dir})`;
}
