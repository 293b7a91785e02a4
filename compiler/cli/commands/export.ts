import { resolve } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { applyPlan, DEFAULT_EXPORT_DIRS, exportPlan, type ExportFormat } from '../../export/index.js';
import { checkProject } from '../../pipeline/check-project.js';
import { EXIT_FINDINGS, EXIT_OK, type CliEnvironment } from '../environment.js';
import { reportDiagnostics, type ReportOptions } from '../report.js';

export interface ExportCommandOptions extends ReportOptions {
  readonly target: ExportFormat;
  /** Relative to the working directory; the format's default folder when undefined. */
  readonly dir: string | undefined;
  readonly check: boolean;
  readonly apiVersion: string;
}

/**
 * `orchestrix export <format> [dir]`: writes the export of every domain that checks clean (a domain
 * with errors is reported, not exported: exit 1). `--check` lists files that would change on stdout.
 */
export async function runExport(io: CliEnvironment, options: ExportCommandOptions): Promise<number> {
  const startedAt = performance.now();
  const project = await checkProject({ cwd: io.cwd });
  reportDiagnostics(io, project.diagnostics, project.sources, options);
  const shown = options.dir ?? DEFAULT_EXPORT_DIRS[options.target];
  const dir = resolve(io.cwd, shown);
  const plan = await exportPlan(options.target, project.domains, dir, { apiVersion: options.apiVersion });
  const result = await applyPlan(dir, plan, options.check);
  if (options.check) for (const path of [...result.changed, ...result.removed]) io.stdout.write(`${shown}/${path}\n`);
  if (options.format === 'pretty') {
    const elapsed = Math.round(performance.now() - startedAt);
    const verb = options.check ? 'would write' : 'wrote';
    const removed = result.removed.length === 0 ? '' : `, ${options.check ? 'would remove' : 'removed'} ${result.removed.length}`;
    io.stderr.write(`${options.target}: ${project.domains.length} domain(s) into ${shown}: ${verb} ${result.changed.length} file(s), ${result.unchanged} unchanged${removed} (${elapsed} ms)\n`);
  }
  if (hasErrors(project.diagnostics)) return EXIT_FINDINGS;
  return options.check && result.changed.length + result.removed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
