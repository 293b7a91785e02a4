import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** What an export wants on disk: files by path relative to its folder, and files it owns that should go. */
export interface ExportPlan {
  readonly files: ReadonlyMap<string, string>;
  /** Files an earlier export wrote that nothing produces any more (and nobody edited). */
  readonly obsolete: readonly string[];
}

export interface ExportResult {
  /** Written (or, with `check`, that would be written): new or changed files. */
  readonly changed: readonly string[];
  readonly unchanged: number;
  /** Removed (or, with `check`, that would be removed). */
  readonly removed: readonly string[];
}

/**
 * Writes a plan into `dir`: only files whose bytes differ are written, so re-exporting an unchanged
 * model touches nothing. `check` writes nothing and reports what would change.
 */
export async function applyPlan(dir: string, plan: ExportPlan, check: boolean): Promise<ExportResult> {
  const changed: string[] = [];
  let unchanged = 0;
  for (const [path, content] of [...plan.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const target = join(dir, path);
    if ((await readText(target)) === content) {
      unchanged++;
      continue;
    }
    changed.push(path);
    if (check) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, 'utf8');
  }
  const removed = [...plan.obsolete].sort();
  if (!check) {
    for (const path of removed) {
      await rm(join(dir, path), { force: true });
      await removeEmptyFolders(dir, dirname(join(dir, path)));
    }
  }
  return { changed, unchanged, removed };
}

export async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files below `dir` (relative, with `/`), or none when it does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return found.sort();
}

async function removeEmptyFolders(root: string, folder: string): Promise<void> {
  let at = folder;
  while (at.startsWith(root) && at !== root) {
    try {
      await rmdir(at);
    } catch {
      return; // not empty (or gone): stop
    }
    at = dirname(at);
  }
}
