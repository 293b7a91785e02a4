import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../compiler/cli/main.js';
import type { CliEnvironment } from '../../compiler/cli/environment.js';
import { sourceEntries } from './ts-loader/source-entries.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A throwaway project folder with the given files. Generated code inside it imports
 * `orchestrix/runtime`; its node_modules/orchestrix resolves that as in a user's project, but to
 * this repository's TypeScript sources (see linkSourcePackage).
 */
export function createProject(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orx-project-'));
  linkSourcePackage(join(dir, 'node_modules', 'orchestrix'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * An `orchestrix` package at `target` whose exports name this repository's TypeScript sources (the
 * published package.json names dist/, which would be the last build, not the code under test); its
 * folders link to the repository's, so `orchestrix generate --verify` type-checks generated code
 * against the runtime's sources, and schema/ and templates/ are the repository's own.
 */
export function linkSourcePackage(target: string): void {
  mkdirSync(target, { recursive: true });
  const exports: Record<string, string> = { './schema.json': './schema/orchestrix.schema.json', './package.json': './package.json' };
  for (const [specifier, path] of sourceEntries()) {
    exports[specifier === 'orchestrix' ? '.' : `./${specifier.slice('orchestrix/'.length)}`] = `./${relative(REPO_ROOT, path).split('\\').join('/')}`;
  }
  writeFileSync(join(target, 'package.json'), `${JSON.stringify({ name: 'orchestrix', type: 'module', exports }, null, 2)}\n`);
  for (const folder of ['compiler', 'runtime', 'schema', 'templates']) symlinkSync(join(REPO_ROOT, folder), join(target, folder), 'dir');
}

/** A project holding copies of the example domains and a config like the repository's. */
export function createExampleProject(): string {
  const dir = createProject({
    'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n',
  });
  cpSync(join(REPO_ROOT, 'domains'), join(dir, 'domains'), { recursive: true });
  return dir;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process in `cwd`, capturing both streams (no TTY, so no colour). */
export async function runCli(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliEnvironment = {
    cwd,
    env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Every file below `dir`, as relative path -> content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}
