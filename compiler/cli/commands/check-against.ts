import { compareDiagnostics, hasErrors } from '../../diagnostics/diagnostic.js';
import { compareVersions, currentVersion, GitRevisionError, loadEarlierVersion } from '../../evolution/index.js';
import { checkProject } from '../../pipeline/check-project.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliEnvironment } from '../environment.js';
import { reportDiagnostics, reportSummary, type ReportOptions } from '../report.js';

export interface CheckAgainstOptions extends ReportOptions {
  readonly paths: readonly string[];
  /** A folder holding the earlier version, or a git revision. */
  readonly against: string;
}

/**
 * `orchestrix check --against <revision|folder>`: the usual check of the current specs, then every
 * change since the earlier version, classified (docs/evolution.md). Exit 1 on any error: a
 * mistake in the current specs or a breaking change; 2 when the earlier version cannot be read.
 */
export async function runCheckAgainst(io: CliEnvironment, options: CheckAgainstOptions): Promise<number> {
  const startedAt = performance.now();
  const project = await checkProject({ cwd: io.cwd, ...(options.paths.length > 0 ? { paths: options.paths } : {}) });
  let earlier;
  try {
    earlier = await loadEarlierVersion(io.cwd, options.against, options.paths);
  } catch (error) {
    if (!(error instanceof GitRevisionError)) throw error;
    io.stderr.write(`error: --against ${options.against}: ${error.message}\n  hint: ${error.hint}\n`);
    return EXIT_USAGE;
  }
  const changes = compareVersions(earlier.version, currentVersion(project));
  const diagnostics = [...project.diagnostics, ...changes].sort(compareDiagnostics);
  const sources = (file: string): string | undefined => earlier.texts.get(file) ?? project.sources(file);
  reportDiagnostics(io, diagnostics, sources, options);
  const domains = project.domains.length;
  reportSummary(io, options, diagnostics, `checked ${domains} ${domains === 1 ? 'domain' : 'domains'} against ${earlier.version.label}`, startedAt);
  return hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK;
}
