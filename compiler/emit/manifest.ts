import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The manifest a generated folder keeps of what Orchestrix wrote there: per file, the hash of the
 * content written (to detect hand edits and stale files) and the hash of the unformatted render it
 * came from (so an unchanged render skips formatting on the next run).
 */
export interface Manifest {
  readonly version: 1;
  readonly files: Readonly<Record<string, ManifestEntry>>;
}

export interface ManifestEntry {
  /** sha256 of the file as written. */
  readonly hash: string;
  /** sha256 of the unformatted render plus the formatter fingerprint. */
  readonly source: string;
}

export const MANIFEST_FILE = '.orchestrix-manifest.json';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Reads a folder's manifest; a missing or unreadable one is an empty manifest. */
export async function readManifest(dir: string): Promise<Manifest> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    if (isManifest(parsed)) return parsed;
  } catch {
    // Missing or corrupt: every existing file is then treated as not ours.
  }
  return { version: 1, files: {} };
}

export function serializeManifest(manifest: Manifest): string {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const { version, files } = value as { version?: unknown; files?: unknown };
  if (version !== 1 || typeof files !== 'object' || files === null) return false;
  return Object.values(files).every(
    (e: unknown) =>
      typeof e === 'object' && e !== null && typeof (e as ManifestEntry).hash === 'string' && typeof (e as ManifestEntry).source === 'string',
  );
}
