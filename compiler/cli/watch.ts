import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
/** Folders never searched for specs or templates. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** What is watched: folders (every file below them that looks like a spec or template) and single files. */
interface Targets {
  readonly folders: readonly string[];
  readonly files: readonly string[];
  /** The folder holding the config file (it may appear, change or disappear). */
  readonly configDir: string;
}

/**
 * Runs `cycle` once, then again whenever a spec, template or the config changes. A failing cycle
 * is reported and watching goes on; a change to the config re-reads it and re-targets.
 *
 * Editors save atomically (write a temporary file, rename it over the spec), delete and re-create
 * files, and users delete and re-create whole folders. A watcher on a file dies with the file it
 * watched (the renamed-over inode), and recursive watchers do not all follow new folders. So every
 * folder is watched on its own, without recursion, and any event in one of them only asks for a
 * look: the folders are listed again (watchers follow created and deleted folders; a missing root
 * is awaited from its nearest existing parent), and the project regenerates when the content of its
 * specs, templates or config differs from what the last cycle saw. Editors' temporary files and
 * generated output therefore never cause a cycle, and no event that changed content is lost.
 */
export async function watchProject(io: CliEnvironment, cycle: () => Promise<number>, options: WatchOptions = {}): Promise<number> {
  const debounceMs = options.debounceMs ?? 150;
  /** Watched folders by path, with the identity of the folder watched (a re-created folder is another). */
  const watchers = new Map<string, { readonly watcher: FSWatcher; readonly identity: string }>();
  const unwatchable = new Set<string>();
  let targets: Targets = await targetsOf(io, options);
  let seen = { config: configDigest(targets.configDir), content: contentDigest(targets) };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let stopped = false;

  const runCycle = async (): Promise<void> => {
    try {
      await cycle();
    } catch (error) {
      reportInternalError(io, error, packageVersion());
    }
    io.stderr.write('watching for changes (Ctrl-C to stop)\n');
  };

  /** Follows the folders as they are now, and regenerates if what the project is made of changed. */
  const look = async (): Promise<void> => {
    const config = configDigest(targets.configDir);
    if (config !== seen.config) targets = await targetsOf(io, options);
    follow();
    const content = contentDigest(targets);
    if (config === seen.config && content === seen.content) return;
    seen = { config, content };
    await runCycle();
  };

  const schedule = (): void => {
    if (stopped) return;
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
          try {
            await look();
          } catch (error) {
            reportInternalError(io, error, packageVersion());
          }
        } while (pending && !stopped);
        running = undefined;
      })();
    }, debounceMs);
  };

  /** Opens a watcher on every folder that should have one, and closes those on folders that are gone. */
  const follow = (): void => {
    const wanted = new Map([...watchedFolders(targets)].map((folder) => [folder, identityOf(folder)] as const));
    for (const [folder, watched] of watchers) {
      if (wanted.get(folder) !== watched.identity) {
        watched.watcher.close();
        watchers.delete(folder);
      }
    }
    for (const [folder, identity] of wanted) {
      if (identity === undefined || watchers.has(folder) || unwatchable.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: true }, schedule);
        // A watched folder that is deleted ends its watcher (an error on some platforms): look again.
        watcher.on('error', () => {
          watcher.close();
          if (watchers.get(folder)?.watcher === watcher) watchers.delete(folder);
          schedule();
        });
        watchers.set(folder, { watcher, identity });
      } catch (error) {
        // Deleted between listing and watching: look again. Anything else (the system's limit of
        // watches, say) is said once per folder, and that folder stays unwatched.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') schedule();
        else if (!unwatchable.has(folder)) {
          unwatchable.add(folder);
          io.stderr.write(`warning: cannot watch ${folder}: ${(error as Error).message}\n`);
        }
      }
    }
  };

  follow();
  await runCycle();
  // Changes made while the first cycle ran.
  schedule();
  await new Promise<void>((done) => {
    const stop = () => done();
    options.signal?.addEventListener('abort', stop, { once: true });
    if (options.signal === undefined) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  stopped = true;
  if (timer !== undefined) clearTimeout(timer);
  for (const { watcher } of watchers.values()) watcher.close();
  watchers.clear();
  await running;
  return EXIT_OK;
}

async function targetsOf(io: CliEnvironment, options: WatchOptions): Promise<Targets> {
  const { config } = await loadConfig(io.cwd);
  const roots =
    options.paths !== undefined && options.paths.length > 0
      ? options.paths.map((p) => resolve(io.cwd, globBase(p)))
      : config.specs.map((glob) => resolve(config.dir, globBase(glob)));
  if (config.templates !== undefined) roots.push(resolve(config.dir, config.templates));
  const folders: string[] = [];
  const files: string[] = [];
  for (const root of new Set(roots)) {
    // A root that does not exist yet counts as a folder unless it names a spec or template file.
    if (existsSync(root) ? isFolder(root) : !RELEVANT.test(root)) folders.push(root);
    else files.push(root);
  }
  return { folders, files, configDir: config.dir };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Which folder is at `path` (device, inode, creation time), undefined when none is. */
function identityOf(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}:${stats.birthtimeMs}` : undefined; // inode numbers are reused
  } catch {
    return undefined;
  }
}

/** `path` if it is a folder, else its nearest existing ancestor (to see it appear). */
function nearestFolder(path: string): string {
  let current = path;
  while (!isFolder(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/** The folder and every folder below it, skipping node_modules and hidden folders. */
function foldersBelow(root: string, into: Set<string>): void {
  into.add(root);
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return; // deleted meanwhile: the next look sees it
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) foldersBelow(join(root, entry.name), into);
  }
}

function watchedFolders(targets: Targets): Set<string> {
  const folders = new Set<string>([nearestFolder(targets.configDir)]);
  for (const root of targets.folders) {
    if (isFolder(root)) foldersBelow(root, folders);
    else folders.add(nearestFolder(root));
  }
  for (const file of targets.files) folders.add(nearestFolder(dirname(file)));
  return folders;
}

/** The config files' content (and which of them exist). */
function configDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const name of CONFIG_FILE_NAMES) hashFile(hash, join(dir, name));
  return hash.digest('hex');
}

/** The names and content of every spec and template file the targets cover. */
function contentDigest(targets: Targets): string {
  const files = new Set<string>(targets.files);
  for (const root of targets.folders) {
    if (!isFolder(root)) continue;
    const below = new Set<string>();
    foldersBelow(root, below);
    for (const folder of below) {
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) if (RELEVANT.test(name)) files.add(join(folder, name));
    }
  }
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hashFile(hash, file);
  return hash.digest('hex');
}

function hashFile(hash: ReturnType<typeof createHash>, path: string): void {
  hash.update(`${path}\0`);
  try {
    hash.update(readFileSync(path));
    hash.update('\0present\0');
  } catch {
    hash.update('\0absent\0');
  }
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
