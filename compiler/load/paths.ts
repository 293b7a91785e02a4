import { isAbsolute, relative, sep } from 'node:path';

/** How a path appears in diagnostics: relative to `cwd` when inside it, always with `/`. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : rel === '' ? '.' : absolute;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** Why a file system call failed, in words (not an errno dump). */
export function describeFsError(error: unknown): string {
  const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
