// Reading what test/package/fixtures/probe-runtime.mjs reports: the modules and native addons a
// process had loaded after importing orchestrix/runtime and after opening each backend.

/** One step of probe-runtime.mjs: what the process had loaded after it. */
export interface ProbeStep {
  readonly step: string;
  readonly opened?: boolean;
  readonly error?: { readonly name: string; readonly code?: string; readonly message: string; readonly packageName?: string };
  readonly modules: readonly string[];
  readonly addons: readonly string[];
}

/** The probe's fixture files, which an application copies next to its package.json to run them. */
export const PROBE_FILES = ['probe-runtime.mjs', 'module-recorder.mjs', 'module-recorder-hooks.mjs'] as const;

/** The packages (below node_modules) that loaded modules belong to, e.g. `zod`, `@electric-sql/pglite`. */
export const packagesOf = (modules: readonly string[]): string[] =>
  [...new Set(modules.flatMap((path) => /[/\\]node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)/.exec(path)?.[1]?.replace('\\', '/') ?? []))].sort();
