import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import { type Diagnostic, startOfFile } from '../diagnostics/diagnostic.js';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG } from '../syntax/config-schema.js';
import { validateConfig } from '../syntax/validate-config.js';
import { parseSource } from './parse-source.js';
import { describeFsError, displayPath } from './paths.js';

export interface LoadedConfig {
  /** Absolute path of the config file; undefined when there is none and the defaults apply. */
  readonly file: string | undefined;
  /** Absolute folder the config's relative paths and globs are relative to. */
  readonly dir: string;
  /** Globs of spec files, relative to `dir`. */
  readonly specs: readonly string[];
  /** Absolute folder for generated code. */
  readonly output: string;
  /** Absolute folder for scaffolded custom handlers. */
  readonly handlers: string;
  /** Absolute folder of template overrides, if configured. */
  readonly templates: string | undefined;
}

/**
 * Finds and validates orchestrix.config.yaml (or .yml) in `cwd`; the defaults when there is none.
 * `show` turns absolute paths into the paths diagnostics name (default: relative to `cwd`).
 */
export async function loadConfig(
  cwd: string,
  options: { readonly show?: (absolute: string) => string } = {},
): Promise<{ readonly config: LoadedConfig; readonly diagnostics: readonly Diagnostic[] }> {
  const dir = resolve(cwd);
  const show = options.show ?? ((absolute: string) => displayPath(dir, absolute));
  const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path));
  const [file, ignored] = present;
  if (file === undefined) return { config: configFrom(dir, undefined, {}), diagnostics: [] };
  const shown = show(file);
  const diagnostics: Diagnostic[] = [];
  if (ignored !== undefined) {
    diagnostics.push(createDiagnostic('ORX1103', startOfFile(show(ignored)), { used: shown, ignored: show(ignored) }));
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    diagnostics.push(createDiagnostic('ORX1001', startOfFile(shown), { path: shown, reason: describeFsError(error) }));
    return { config: configFrom(dir, file, {}), diagnostics };
  }
  const parsed = parseSource(shown, bytes);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.doc === undefined) return { config: configFrom(dir, file, {}), diagnostics };
  const validated = validateConfig(parsed.doc);
  diagnostics.push(...validated.diagnostics);
  return { config: configFrom(dir, file, validated.config), diagnostics };
}

interface ConfigValues {
  readonly specs?: readonly string[] | undefined;
  readonly output?: string | undefined;
  readonly handlers?: string | undefined;
  readonly templates?: string | undefined;
}

function configFrom(dir: string, file: string | undefined, values: ConfigValues): LoadedConfig {
  return {
    file,
    dir,
    specs: values.specs ?? DEFAULT_CONFIG.specs,
    output: resolve(dir, values.output ?? DEFAULT_CONFIG.output),
    handlers: resolve(dir, values.handlers ?? DEFAULT_CONFIG.handlers),
    templates: values.templates === undefined ? undefined : resolve(dir, values.templates),
  };
}
