import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../syntax/config-schema.js';
import { loadConfig } from '../load/index.js';
import { EXIT_OK, type CliEnvironment } from './environment.js';
import { reportInternalError } from './internal-error.js';
import { packageVersion } from '../package-info.js';

export interface WatchOptions {
  /** Ends watching (tests); otherwise SIGINT/SIGTERM do. */
  readonly signal?: AbortSignal;
  /** Quiet period after the last file event before regenerating. */
  readonly debounceMs?: number;
  /** Explicit spec paths from the command line (else the config's globs). */
  readonly paths?: readonly string[];
}

const RELEVANT = /\.(ya?ml|hbs)$/;

/**
 * Runs `cycle` once, then again whenever a spec, template or the config changes (native file
 * events, debounced). A failing cycle is reported and watching goes on; a change to the config
 * re-reads it and re-targets the watchers. Resolves when stopped.
 */
export async function watchProject(io: CliEnvironment, cycle: () => Promise<number>, options: WatchOptions = {}): Promise<number> {
  const debounceMs = options.debounceMs ?? 150;
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let retarget = false;

  const runCycle = async (): Promise<void> => {
    try {
      await cycle();
    } catch (error) {
      reportInternalError(io, error, packageVersion());
    }
    io.stderr.write('watching for changes (Ctrl-C to stop)\n');
  };

  const trigger = (configChanged: boolean): void => {
    retarget ||= configChanged;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running !== undefined) {
        pending = true;
        return;
      }
      running = (async () => {
        do {
          pending = false;
          if (retarget) {
            retarget = false;
            await target();
          }
          await runCycle();
        } while (pending);
        running = undefined;
      })();
    }, debounceMs);
  };

  const target = async (): Promise<void> => {
    for (const w of watchers) w.close();
    watchers = [];
    const { config } = await loadConfig(io.cwd);
    const roots = options.paths !== undefined && options.paths.length > 0
      ? options.paths.map((p) => resolve(io.cwd, p))
      : config.specs.map((glob) => resolve(config.dir, globBase(glob)));
    if (config.templates !== undefined) roots.push(resolve(config.dir, config.templates));
    for (const root of new Set(roots)) {
      if (!existsSync(root)) continue;
      const isDir = statSync(root).isDirectory();
      const dir = isDir ? root : dirname(root);
      const only = isDir ? undefined : basename(root);
      watchers.push(
        watch(dir, { recursive: isDir }, (_event, file) => {
          const name = file === null ? '' : String(file);
          if (only !== undefined ? basename(name) === only : RELEVANT.test(name)) trigger(false);
        }),
      );
    }
    // The config may appear, change or disappear: watch its folder, not the file.
    watchers.push(
      watch(config.dir, {}, (_event, file) => {
        if (file !== null && (CONFIG_FILE_NAMES as readonly string[]).includes(String(file))) trigger(true);
      }),
    );
  };

  await target();
  await runCycle();
  await new Promise<void>((done) => {
    const stop = () => done();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal === undefined) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  if (timer !== undefined) clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return EXIT_OK;
}

/** The static folder a glob starts from: `domains/**\/*.yaml` -> `domains`. */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const part of parts) {
    if (/[*?[\]{}!]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.length === 0 ? '.' : fixed.join('/');
}
