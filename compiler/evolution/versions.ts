import { statSync } from 'node:fs';
import { posix, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import { startOfFile, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_FILE_BYTES, parseSource, type SourceDocument } from '../load/index.js';
import { checkDocuments, checkProject, type CheckedProject } from '../pipeline/check-project.js';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG } from '../syntax/config-schema.js';
import { validateConfig } from '../syntax/validate-config.js';
import { listTree, readBlobs, repositoryPrefix, resolveCommit, type TreeEntry } from './git.js';
import type { SpecVersion } from './spec-version.js';

/** An earlier version of the specs, checked, with what loading it reported and its texts for code frames. */
export interface LoadedVersion {
  readonly version: SpecVersion;
  /** Problems of the earlier version itself (they are not the current change's fault). */
  readonly diagnostics: readonly Diagnostic[];
  readonly texts: ReadonlyMap<string, string>;
}

/** The working tree's checked project as the version compared against an earlier one. */
export function currentVersion(project: CheckedProject): SpecVersion {
  const localPath = (file: string): string => file;
  return { label: '', domains: project.domains, broken: project.broken, documents: project.documents, unreadable: unreadable(project.documents, project.diagnostics, localPath), localPath };
}

/** Files with errors that produced no document. */
function unreadable(docs: readonly SourceDocument[], diagnostics: readonly Diagnostic[], localPath: (file: string) => string): ReadonlySet<string> {
  const loaded = new Set(docs.map((d) => d.file));
  return new Set(diagnostics.filter((d) => d.severity === 'error' && !loaded.has(d.span.file)).map((d) => localPath(d.span.file)));
}

/**
 * Loads the version `against` names: a folder holding an earlier copy of the project (its own
 * orchestrix.config.yaml applies), else a git revision of the repository `cwd` is in. `paths`
 * (files or folders, relative to `cwd`) select the same files in it as in the working tree.
 */
export async function loadEarlierVersion(cwd: string, against: string, paths: readonly string[]): Promise<LoadedVersion> {
  const folder = resolve(cwd, against);
  if (isFolder(folder)) return loadFolderVersion(cwd, folder, paths);
  return loadGitVersion(cwd, against, paths);
}

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

async function loadFolderVersion(cwd: string, folder: string, paths: readonly string[]): Promise<LoadedVersion> {
  // Files are named as the user named the folder: `../v1/domains/banking.yaml`.
  const label = toPosix(relative(cwd, folder)) || '.';
  const show = (absolute: string): string => posix.join(label, toPosix(relative(folder, absolute)));
  const project = await checkProject({ cwd: folder, show, ...(paths.length > 0 ? { paths: paths.map((p) => resolve(folder, relative(cwd, resolve(cwd, p)))) } : {}) });
  const texts = new Map(project.documents.map((d) => [d.file, d.text]));
  const localPath = (file: string): string => posix.relative(label, file);
  const version = { label, domains: project.domains, broken: project.broken, documents: project.documents, unreadable: unreadable(project.documents, project.diagnostics, localPath), localPath };
  return { version, diagnostics: project.diagnostics, texts };
}

const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));

async function loadGitVersion(cwd: string, revision: string, paths: readonly string[]): Promise<LoadedVersion> {
  const prefix = await repositoryPrefix(cwd);
  const commit = await resolveCommit(cwd, revision);
  const shown = (path: string): string => `${revision}:${path}`;
  const diagnostics: Diagnostic[] = [];
  let entries = await listTree(cwd, commit, prefix, false);

  // The config as it was at the revision decides which files were specs then.
  const configEntry = CONFIG_FILE_NAMES.map((name) => entries.find((e) => e.path === name)).find((e) => e !== undefined);
  let specs: readonly string[] = DEFAULT_CONFIG.specs;
  if (configEntry !== undefined) {
    const configBytes = (await readBlobs(cwd, [configEntry.object])).get(configEntry.object) ?? Buffer.alloc(0);
    const parsed = parseSource(shown(configEntry.path), configBytes);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.doc !== undefined) {
      const validated = validateConfig(parsed.doc);
      diagnostics.push(...validated.diagnostics);
      specs = validated.config.specs ?? specs;
    }
  }

  let selected: TreeEntry[];
  if (paths.length > 0) {
    const wanted = paths.map((p) => toPosix(relative(cwd, resolve(cwd, p))));
    if (wanted.some((w) => w.startsWith('..'))) entries = await listTree(cwd, commit, prefix, true);
    selected = entries.filter((e) => wanted.some((w) => e.path === w || (isSpecFile(e.path) && (w === '' || e.path.startsWith(`${w}/`)))));
  } else {
    if (specs.some((s) => s.startsWith('../'))) entries = await listTree(cwd, commit, prefix, true);
    // The same matching tinyglobby applies to the working tree (it is built on picomatch).
    const matches = picomatch([...specs], { dot: false });
    selected = entries.filter((e) => matches(posix.normalize(e.path)));
  }
  selected = selected.filter((e) => !e.path.split('/').includes('node_modules') && !(CONFIG_FILE_NAMES as readonly string[]).includes(posix.basename(e.path)));

  const readable = selected.filter((e) => {
    if (e.size <= MAX_FILE_BYTES) return true;
    diagnostics.push(createDiagnostic('ORX1002', startOfFile(shown(e.path)), { size: e.size, limit: MAX_FILE_BYTES }));
    return false;
  });
  const blobs = await readBlobs(cwd, readable.map((e) => e.object));
  const docs: SourceDocument[] = [];
  for (const entry of readable) {
    const parsed = parseSource(shown(entry.path), blobs.get(entry.object) ?? Buffer.alloc(0));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.doc !== undefined) docs.push(parsed.doc);
  }
  docs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const checked = checkDocuments(docs, diagnostics);
  const localPath = (file: string): string => (file.startsWith(`${revision}:`) ? file.slice(revision.length + 1) : file);
  return {
    version: { label: revision, domains: checked.domains, broken: checked.broken, documents: docs, unreadable: unreadable(docs, checked.diagnostics, localPath), localPath },
    diagnostics: checked.diagnostics,
    texts: checked.texts,
  };
}

const isSpecFile = (path: string): boolean => path.endsWith('.yaml') || path.endsWith('.yml');
