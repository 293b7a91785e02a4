import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-info.js';
import { sha256 } from './manifest.js';

/**
 * What the last successful `generate` of one output folder was made from, so that regenerating
 * with nothing changed skips rendering and formatting. Rendering is a pure function of the specs,
 * the config, the templates and the compiler itself; the key hashes all of them (the compiler as
 * the bytes of its own code and package.json, so any change to it, released or not, misses).
 * Kept under node_modules/.cache (the usual place for tool caches): outside the output folder, so
 * generated files and their manifest do not change when only the compiler does.
 */
export interface RenderRecord {
  readonly key: string;
  /** Generated files, relative to the domain's output folder. */
  readonly files: readonly string[];
  /** Scaffolded handler files, relative to the project root: regenerating recreates a deleted one. */
  readonly scaffolds: readonly string[];
}

let compiler: Promise<string> | undefined;

const isCode = (name: string): boolean => name.endsWith('.js') || (name.endsWith('.ts') && !name.endsWith('.d.ts'));

/** sha256 of the compiler's code (the .js files of dist/compiler, or the .ts files of compiler/) and of package.json. */
export function compilerFingerprint(): Promise<string> {
  compiler ??= (async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    // The code only: source maps and declaration files (2/3 of dist/compiler's bytes) do not change
    // what it does, and every change to what it does changes a .js (or, run from source, .ts) file.
    const files = entries
      .filter((e) => e.isFile() && isCode(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort();
    const contents = await Promise.all(files.map((f) => readFile(f)));
    const hash = createHash('sha256');
    files.forEach((f, i) => hash.update(`${relative(root, f)}\0`).update(contents[i] ?? '').update('\0'));
    hash.update(await readFile(join(PACKAGE_ROOT, 'package.json')));
    return hash.digest('hex');
  })();
  return compiler;
}

/** The cache file for one output folder, or undefined when the project has no node_modules to keep it in. */
export async function renderCacheFile(projectRoot: string, outputDir: string): Promise<string | undefined> {
  const modules = join(projectRoot, 'node_modules');
  try {
    await readdir(modules);
  } catch {
    return undefined;
  }
  return join(modules, '.cache', 'orchestrix', `render-${sha256(outputDir).slice(0, 24)}.json`);
}

export async function readRenderRecord(file: string): Promise<RenderRecord | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRenderRecord(file: string, record: RenderRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(record), 'utf8');
  await rename(temporary, file);
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

function isRecord(value: unknown): value is RenderRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { key, files, scaffolds } = value as Partial<Record<keyof RenderRecord, unknown>>;
  return typeof key === 'string' && isStrings(files) && isStrings(scaffolds);
}
