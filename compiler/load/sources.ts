import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import { type Diagnostic, startOfFile } from '../diagnostics/diagnostic.js';
import { CONFIG_FILE_NAMES } from '../syntax/config-schema.js';
import { type LoadedConfig, loadConfig } from './config.js';
import { MAX_FILE_BYTES } from './limits.js';
import { type ParseOptions, parseSource } from './parse-source.js';
import { describeFsError, displayPath } from './paths.js';
import type { SourceDocument } from './source.js';

export interface LoadOptions {
  readonly cwd: string;
  /** Files or folders; when absent (or empty), the config's globs. */
  readonly paths?: readonly string[];
  /** Turns an absolute path into the path diagnostics name (default: relative to `cwd`). */
  readonly show?: (absolute: string) => string;
  /** Record where values start (see ParseOptions; default true): only generating needs it. */
  readonly lines?: boolean;
}

export interface LoadedSources {
  readonly docs: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Never collected from folders or globs: dependencies and the config file itself. */
const IGNORE = ['**/node_modules/**'];
const isConfigFile = (path: string): boolean => (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path));

/**
 * Resolves `paths` (files as given; folders recursively for *.yaml / *.yml) or the config's globs,
 * then reads and parses every file, sorted by path and without duplicates. When neither paths nor a
 * config are given, the config is loaded from `cwd` (and its diagnostics are included).
 */
export async function loadSources(options: LoadOptions & { readonly config?: LoadedConfig }): Promise<LoadedSources> {
  const cwd = resolve(options.cwd);
  const show = options.show ?? ((absolute: string) => displayPath(cwd, absolute));
  const diagnostics: Diagnostic[] = [];
  let files: string[];
  if (options.paths !== undefined && options.paths.length > 0) {
    files = await filesFromPaths(cwd, show, options.paths, diagnostics);
  } else {
    let config = options.config;
    if (config === undefined) {
      const loaded = await loadConfig(cwd, { show });
      diagnostics.push(...loaded.diagnostics);
      config = loaded.config;
    }
    files = await filesFromGlobs(show, config, diagnostics);
  }
  const unique = [...new Set(files)].map((absolute) => ({ absolute, shown: show(absolute) }));
  unique.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  const parse = { lines: options.lines !== false };
  const results = await Promise.all(unique.map((f) => readAndParse(f.absolute, f.shown, parse)));
  const docs: SourceDocument[] = [];
  for (const result of results) {
    diagnostics.push(...result.diagnostics);
    if (result.doc !== undefined) docs.push(result.doc);
  }
  return { docs, diagnostics };
}

async function filesFromPaths(cwd: string, show: (absolute: string) => string, paths: readonly string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const found = await Promise.all(
    paths.map(async (given) => {
      const absolute = resolve(cwd, given);
      const shown = show(absolute);
      try {
        const info = await stat(absolute);
        if (!info.isDirectory()) return [absolute];
        const inFolder = (await glob('**/*.{yaml,yml}', { cwd: absolute, absolute: true, ignore: IGNORE })).filter(
          (f) => !isConfigFile(f),
        );
        if (inFolder.length === 0) diagnostics.push(createDiagnostic('ORX1005', startOfFile(shown), { where: `'${shown}'` }));
        return inFolder.map((f) => resolve(f));
      } catch (error) {
        diagnostics.push(createDiagnostic('ORX1001', startOfFile(shown), { path: shown, reason: describeFsError(error) }));
        return [];
      }
    }),
  );
  return found.flat();
}

async function filesFromGlobs(show: (absolute: string) => string, config: LoadedConfig, diagnostics: Diagnostic[]): Promise<string[]> {
  const files = (await glob([...config.specs], { cwd: config.dir, absolute: true, ignore: IGNORE }))
    .map((f) => resolve(f))
    .filter((f) => !isConfigFile(f));
  if (files.length === 0) {
    const where = show(config.file ?? config.dir);
    diagnostics.push(
      createDiagnostic('ORX1005', startOfFile(where), { where: `${config.specs.map((s) => `'${s}'`).join(', ')} (from ${where})` }),
    );
  }
  return files;
}

async function readAndParse(absolute: string, shown: string, options: ParseOptions): Promise<{ doc: SourceDocument | undefined; diagnostics: readonly Diagnostic[] }> {
  try {
    // Checked before reading, so a huge file is never loaded into memory.
    const info = await stat(absolute);
    if (info.size > MAX_FILE_BYTES) {
      return { doc: undefined, diagnostics: [createDiagnostic('ORX1002', startOfFile(shown), { size: info.size, limit: MAX_FILE_BYTES })] };
    }
    return parseSource(shown, await readFile(absolute), options);
  } catch (error) {
    return { doc: undefined, diagnostics: [createDiagnostic('ORX1001', startOfFile(shown), { path: shown, reason: describeFsError(error) })] };
  }
}
