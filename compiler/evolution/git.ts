import { spawn } from 'node:child_process';

/**
 * Reading files of an earlier revision with git plumbing (`rev-parse`, `ls-tree`, `cat-file`),
 * without a checkout: the working tree is never touched.
 */

/** A reason the revision cannot be read: the CLI prints it and exits 2 (bad invocation). */
export class GitRevisionError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'GitRevisionError';
  }
}

export interface TreeEntry {
  /** The path relative to the folder git was asked about (may start with `../` for a full listing). */
  readonly path: string;
  readonly object: string;
  readonly size: number;
}

/** Output beyond this is an error, not an allocation: ls-tree of the largest repositories stays far below. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(cwd: string, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // No pager, no prompts, no translated messages: output is parsed.
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        child.kill();
        reject(new GitRevisionError(`git ${args[0] ?? ''} printed more than ${MAX_OUTPUT_BYTES} bytes`, 'Narrow the specs globs or the paths given to check.'));
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 10_000) err += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new GitRevisionError('git is not installed (or not on PATH)', 'Install git, or pass a folder holding the earlier version to --against.'));
      } else reject(error);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err.trim() }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Where `cwd` is in its repository: the path from the top (`''` at the top, else ending in `/`). */
export async function repositoryPrefix(cwd: string): Promise<string> {
  const result = await git(cwd, ['rev-parse', '--show-prefix']);
  if (result.code !== 0) {
    throw new GitRevisionError(
      `${cwd} is not inside a git repository, so a git revision cannot be read`,
      'Run the command inside the repository, or pass a folder holding the earlier version of the specs to --against.',
    );
  }
  return result.stdout.toString('utf8').trim();
}

/** The commit a revision names (`main`, `v1.2.0`, `origin/main`, `HEAD~1`, a hash). */
export async function resolveCommit(cwd: string, revision: string): Promise<string> {
  if (revision === '' || revision.startsWith('-')) {
    throw new GitRevisionError(`'${revision}' is not a git revision`, 'Name a branch, tag or commit, e.g. --against main.');
  }
  const result = await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  if (result.code !== 0) {
    throw new GitRevisionError(
      `'${revision}' is neither a folder nor a revision git knows in this repository`,
      "Check the spelling (`git log --oneline -1 <revision>`). In CI, fetch it first: a shallow clone lacks other branches (`git fetch origin main`, or actions/checkout with `fetch-depth: 0`).",
    );
  }
  return result.stdout.toString('utf8').trim();
}

/**
 * The files (blobs) of `commit` below `cwd`, with paths relative to `cwd`; `fullTree` lists the
 * whole repository instead (for globs that leave the folder), paths then relative to `cwd` too.
 */
export async function listTree(cwd: string, commit: string, prefix: string, fullTree: boolean): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-z', '-l', ...(fullTree ? ['--full-tree', '--full-name'] : []), commit];
  const result = await git(cwd, args);
  if (result.code !== 0) throw new GitRevisionError(`git ls-tree failed: ${result.stderr}`, 'Check that the revision is a commit of this repository.');
  const entries: TreeEntry[] = [];
  for (const record of result.stdout.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [, type, object, size] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob' || object === undefined) continue;
    const path = record.slice(tab + 1);
    entries.push({ path: fullTree ? relativeTo(prefix, path) : path, object, size: Number(size) });
  }
  return entries;
}

/** `a/b/c.yaml` seen from `a/x/` is `../b/c.yaml`. */
function relativeTo(prefix: string, path: string): string {
  const from = prefix.split('/').filter((s) => s !== '');
  const to = path.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** The contents of blobs, in one `git cat-file --batch` process. */
export async function readBlobs(cwd: string, objects: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (objects.length === 0) return blobs;
  const result = await git(cwd, ['cat-file', '--batch'], objects.map((o) => `${o}\n`).join(''));
  if (result.code !== 0) throw new GitRevisionError(`git cat-file failed: ${result.stderr}`, 'Check that the repository is not damaged (`git fsck`).');
  const out = result.stdout;
  let at = 0;
  for (const object of objects) {
    const newline = out.indexOf(0x0a, at);
    if (newline < 0) break;
    // <object> SP <type> SP <size> LF <contents> LF
    const [, type, size] = out.subarray(at, newline).toString('utf8').split(' ');
    at = newline + 1;
    if (type === undefined || size === undefined) continue;
    const length = Number(size);
    blobs.set(object, out.subarray(at, at + length));
    at += length + 1;
  }
  return blobs;
}
