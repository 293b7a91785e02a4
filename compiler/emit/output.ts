import { mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatAll, formatterFingerprint, type Formatted } from './format.js';
import { MANIFEST_FILE, type Manifest, type ManifestEntry, readManifest, serializeManifest, sha256 } from './manifest.js';

/** One rendered file: its path inside the domain's output folder (`/`-separated) and its unformatted text. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedFile {
  readonly path: string;
  readonly content: string;
  readonly status: FileStatus;
}

/**
 * A file we must not touch without `--force`: a generated file edited by hand (`edited`), or a file
 * in the output folder that Orchestrix did not write (`unmanaged`).
 */
export interface OutputConflict {
  readonly path: string;
  readonly reason: 'edited' | 'unmanaged';
  /** What generating would do to it. */
  readonly action: 'overwrite' | 'remove';
}

export interface OutputPlan {
  readonly dir: string;
  readonly files: readonly PlannedFile[];
  /** Files generated earlier that the current specs no longer produce. */
  readonly removals: readonly string[];
  readonly conflicts: readonly OutputConflict[];
  readonly manifest: Manifest;
}

/** A rendered file the formatter could not parse: the templates produced invalid TypeScript (a bug). */
export class UnparsableOutputError extends Error {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(`${path}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { cause });
    this.name = 'UnparsableOutputError';
    this.path = path;
  }
}

/** True when applying the plan would change anything on disk. */
export const isStale = (plan: OutputPlan): boolean =>
  plan.removals.length > 0 || plan.conflicts.length > 0 || plan.files.some((f) => f.status !== 'unchanged');

/**
 * Compares what the specs produce with what is on disk. Formatting happens here, before comparison,
 * except for files whose unformatted render matches the manifest and whose disk content is exactly
 * what was written last time: those are unchanged without re-formatting.
 */
export async function planOutput(
  dir: string,
  rendered: readonly RenderedFile[],
  options: { readonly force: boolean; readonly formatted?: ReadonlyMap<string, Promise<Formatted>> },
): Promise<OutputPlan> {
  const previous = await readManifest(dir);
  const fingerprint = await formatterFingerprint();
  const current = await Promise.all(
    rendered.map(async ({ path, text }) => {
      const onDisk = await readIfExists(join(dir, path));
      const source = sha256(`${fingerprint}\n${text}`);
      const known = previous.files[path];
      const diskHash = onDisk === undefined ? undefined : sha256(onDisk);
      // The render and the file on disk are both what the manifest recorded: no need to format.
      const reusable = known !== undefined && known.source === source && onDisk !== undefined && diskHash === known.hash;
      return { path, text, onDisk, source, known, diskHash, reusable };
    }),
  );
  const toFormat = current.filter((f) => !f.reusable);
  const started = options.formatted;
  const fresh = toFormat.filter((f) => started?.get(f.path) === undefined);
  const formatted = await formatAll(fresh.map((f) => f.text));
  const formattedByPath = new Map(fresh.map((f, i) => [f.path, formatted[i]]));
  for (const f of toFormat) {
    const early = started?.get(f.path);
    if (early !== undefined) formattedByPath.set(f.path, await early);
  }

  const entries: Record<string, ManifestEntry> = {};
  const files: PlannedFile[] = [];
  const conflicts: OutputConflict[] = [];
  for (const file of current) {
    let content: string;
    if (file.reusable && file.onDisk !== undefined) {
      content = file.onDisk;
    } else {
      const result = formattedByPath.get(file.path);
      if (result === undefined || !result.ok) throw new UnparsableOutputError(file.path, result?.error);
      content = result.text;
    }
    entries[file.path] = { hash: sha256(content), source: file.source };
    const status: FileStatus = file.onDisk === undefined ? 'new' : file.onDisk === content ? 'unchanged' : 'changed';
    if (status === 'changed' && !options.force) {
      if (file.known === undefined) conflicts.push({ path: file.path, reason: 'unmanaged', action: 'overwrite' });
      else if (file.diskHash !== file.known.hash) conflicts.push({ path: file.path, reason: 'edited', action: 'overwrite' });
    }
    files.push({ path: file.path, content, status });
  }

  const produced = new Set(rendered.map((f) => f.path));
  const removals: string[] = [];
  for (const [path, known] of Object.entries(previous.files)) {
    if (produced.has(path)) continue;
    const onDisk = await readIfExists(join(dir, path));
    if (onDisk === undefined) continue;
    if (sha256(onDisk) !== known.hash && !options.force) conflicts.push({ path, reason: 'edited', action: 'remove' });
    else removals.push(path);
  }

  conflicts.sort((a, b) => (a.path < b.path ? -1 : 1));
  removals.sort();
  return { dir, files, removals, conflicts, manifest: { version: 1, files: entries } };
}

/**
 * The plan for a folder whose render is known not to have changed (see render-cache.ts): every file
 * as it is on disk. Undefined when anything differs from what was written last time (a file edited,
 * deleted or added to the manifest's list): then the full plan decides what to do about it.
 */
export async function planUnchanged(dir: string, paths: readonly string[]): Promise<OutputPlan | undefined> {
  const manifest = await readManifest(dir);
  if (Object.keys(manifest.files).length !== paths.length) return undefined;
  const files = await Promise.all(
    paths.map(async (path): Promise<PlannedFile | undefined> => {
      const known = Object.hasOwn(manifest.files, path) ? manifest.files[path] : undefined;
      const onDisk = known === undefined ? undefined : await readIfExists(join(dir, path));
      if (onDisk === undefined || sha256(onDisk) !== known?.hash) return undefined;
      return { path, content: onDisk, status: 'unchanged' };
    }),
  );
  if (files.some((f) => f === undefined)) return undefined;
  return { dir, files: files.filter((f) => f !== undefined), removals: [], conflicts: [], manifest };
}

/** Writes new and changed files (atomically, via a temporary file), removes stale ones, saves the manifest. */
export async function applyOutput(plan: OutputPlan): Promise<void> {
  if (plan.conflicts.length > 0) throw new Error('applyOutput: the plan has conflicts; resolve them or plan with force');
  const writes = plan.files.filter((file) => file.status !== 'unchanged').map((file) => ({ path: join(plan.dir, file.path), content: file.content }));
  // Each folder is made once, then the files go out together: a first generation writes hundreds,
  // and awaiting each write in turn left the disk idle between them.
  for (const dir of new Set(writes.map((w) => dirname(w.path)))) await mkdir(dir, { recursive: true });
  await Promise.all(writes.map((w) => writeAtomically(w.path, w.content, false)));
  for (const path of plan.removals) {
    await rm(join(plan.dir, path), { force: true });
    await removeEmptyParents(plan.dir, dirname(join(plan.dir, path)));
  }
  await writeAtomically(join(plan.dir, MANIFEST_FILE), serializeManifest(plan.manifest));
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeAtomically(path: string, content: string, makeDir = true): Promise<void> {
  if (makeDir) await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current.startsWith(root) && current !== root; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
  }
}
