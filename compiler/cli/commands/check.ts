import { hasErrors } from '../../diagnostics/diagnostic.js';
import { checkProject } from '../../pipeline/check-project.js';
import { EXIT_FINDINGS, EXIT_OK, type CliEnvironment } from '../environment.js';
import { reportDiagnostics, reportSummary, type ReportOptions } from '../report.js';

export interface CheckCommandOptions extends ReportOptions {
  readonly paths: readonly string[];
}

/** `orchestrix check [paths...]`: every mistake, reported at once; exit 1 when there are errors. */
export async function runCheck(io: CliEnvironment, options: CheckCommandOptions): Promise<number> {
  const startedAt = performance.now();
  const project = await checkProject({ cwd: io.cwd, lines: false, ...(options.paths.length > 0 ? { paths: options.paths } : {}) });
  reportDiagnostics(io, project.diagnostics, project.sources, options);
  const domains = project.domains.length;
  reportSummary(io, options, project.diagnostics, `checked ${domains} ${domains === 1 ? 'domain' : 'domains'}`, startedAt);
  return hasErrors(project.diagnostics) ? EXIT_FINDINGS : EXIT_OK;
}
