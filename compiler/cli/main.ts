import { Argument, Command, CommanderError, Option } from 'commander';
import { DIAGNOSTIC_FORMATS, type DiagnosticFormat } from '../diagnostics/render/index.js';
import { packageVersion } from '../package-info.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, processEnvironment, type CliEnvironment } from './environment.js';
import { reportInternalError } from './internal-error.js';

export { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './environment.js';

interface OutputFlags {
  readonly format: DiagnosticFormat;
  readonly color?: boolean;
}

const formatOption = () =>
  new Option('--format <format>', 'how diagnostics are printed (on stderr)').choices(DIAGNOSTIC_FORMATS).default('pretty');
const colorOptions = (command: Command) =>
  command.option('--color', 'force colour in diagnostics').option('--no-color', 'no colour (also: NO_COLOR=1)');
const reportOptions = (flags: OutputFlags) => ({ format: flags.format, color: flags.color });

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliEnvironment = processEnvironment()): Promise<number> {
  let exitCode = EXIT_OK;
  const version = packageVersion();
  const program = new Command('orchestrix')
    .description('Compile YAML domain specs into typed, event-sourced TypeScript.')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `orchestrix --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  colorOptions(
    program
      .command('check')
      .description('Validate domain specs and report every mistake with its location and a fix.')
      .argument('[paths...]', 'spec files or folders (default: the globs in orchestrix.config.yaml)')
      .option('--against <revision|folder>', 'also report every change since an earlier version (a git revision, or a folder holding it); exit 1 on a breaking change')
      .addOption(formatOption()),
  ).action(async (paths: string[], flags: OutputFlags & { against?: string }) => {
    // Commands are imported when they run: `check` never loads the generator, prettier or Handlebars.
    if (flags.against !== undefined) {
      const { runCheckAgainst } = await import('./commands/check-against.js');
      exitCode = await runCheckAgainst(io, { paths, against: flags.against, ...reportOptions(flags) });
      return;
    }
    const { runCheck } = await import('./commands/check.js');
    exitCode = await runCheck(io, { paths, ...reportOptions(flags) });
  });

  colorOptions(
    program
      .command('generate')
      .description('Generate typed TypeScript for every domain.')
      .argument('[paths...]', 'spec files or folders (default: the globs in orchestrix.config.yaml)')
      .option('--out <dir>', 'output folder (default: `output` in orchestrix.config.yaml, or src/generated)')
      .option('--check', 'write nothing; list stale files and exit 1 if there are any (for CI)')
      .option('--watch', 'regenerate whenever a spec, template or the config changes')
      .option('--verify', 'type-check the generated code in memory before writing it')
      .option('--force', 'overwrite generated files edited by hand, and files in the way')
      .addOption(formatOption()),
  ).action(async (paths: string[], flags: OutputFlags & { out?: string; check?: boolean; watch?: boolean; verify?: boolean; force?: boolean }) => {
    const { runGenerate } = await import('./commands/generate.js');
    exitCode = await runGenerate(io, {
      paths,
      ...reportOptions(flags),
      out: flags.out,
      check: flags.check === true,
      watch: flags.watch === true,
      verify: flags.verify === true,
      force: flags.force === true,
    });
  });

  colorOptions(
    program
      .command('export')
      .description('Export the domains for people and tools: AsyncAPI 3 documents, an EventCatalog catalogue, Mermaid diagrams.')
      .addArgument(new Argument('<format>', 'what to export').choices(['asyncapi', 'eventcatalog', 'mermaid']))
      .argument('[dir]', 'output folder (default: asyncapi, eventcatalog, docs/domains)')
      .option('--check', 'write nothing; list files that would change and exit 1 if there are any (for CI)')
      .option('--api-version <version>', 'info.version of AsyncAPI documents', '1.0.0')
      .addOption(formatOption()),
  ).action(async (format: 'asyncapi' | 'eventcatalog' | 'mermaid', dir: string | undefined, flags: OutputFlags & { check?: boolean; apiVersion: string }) => {
    const { runExport } = await import('./commands/export.js');
    exitCode = await runExport(io, { target: format, dir, check: flags.check === true, apiVersion: flags.apiVersion, ...reportOptions(flags) });
  });

  program
    .command('init')
    .description('Create orchestrix.config.yaml and a starter domain here (never overwrites).')
    .argument('[domain]', 'name of the starter domain', 'todo')
    .action(async (domain: string) => {
      const { runInit } = await import('./commands/init.js');
      exitCode = await runInit(io, { domain });
    });

  program
    .command('schema')
    .description("Print the DSL's JSON Schema (draft-07) for editor completion and validation.")
    .option('--out <file>', 'write it to a file instead of stdout')
    .action(async (flags: { out?: string }) => {
      const { runSchema } = await import('./commands/schema.js');
      exitCode = await runSchema(io, { out: flags.out });
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    reportInternalError(io, error, version);
    return EXIT_INTERNAL;
  }
  return exitCode;
}
