import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-info.js';

/** Exit codes: 0 ok, 1 findings (diagnostics, stale output), 2 bad invocation or internal error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('orchestrix')
    .description('Compile YAML domain specs into typed, event-sourced TypeScript.')
    .version(packageVersion(), '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });

  program
    .command('check')
    .description('Validate domain specs and report every mistake.')
    .argument('[paths...]', 'files or folders (default: the globs in orchestrix.config.yaml)')
    .action(() => {
      process.stderr.write('orchestrix check: not implemented yet\n');
      exitCode = EXIT_USAGE;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}
