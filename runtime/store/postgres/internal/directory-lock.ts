import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { StoreError, StoreInUseError } from '../../../errors/errors.js';

/**
 * One process at a time per PGlite directory. PGlite has no lock of its own: two processes on one
 * directory each run their own PostgreSQL over the same files and silently corrupt them. The owner
 * writes `orchestrix.lock` into the directory (its pid, host and a random token) and removes it on
 * close; a lock whose process is gone (killed, crashed, exited without closing) is stale and taken
 * over, so nothing has to be cleaned up by hand after a SIGKILL.
 *
 * The file appears atomically with its full content (written aside, then hard-linked into place:
 * the link fails if a lock exists), so nobody ever reads a half-written lock. A stale lock is
 * removed only under a guard file named after its token, created exclusively: of several processes
 * that find the same stale lock, one removes it, and nobody can remove a fresh one by mistake.
 */

export const LOCK_FILE = 'orchestrix.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  /** The owner's start time in clock ticks since boot (Linux), to tell a reused pid from the owner. */
  readonly started?: string | undefined;
}

export interface DirectoryLock {
  /** Removes the lock if it is still this process's. Idempotent. */
  release(): void;
}

/** Attempts before giving up on a lock that keeps changing hands (each attempt is a few file operations). */
const MAX_ATTEMPTS = 50;
const RETRY_WAIT_MS = 20;

/** Takes the lock of `directory` (creating the directory if needed), or throws StoreInUseError naming the owner. */
export async function lockDirectory(directory: string, location: string): Promise<DirectoryLock> {
  const dir = resolve(directory);
  const lockFile = join(dir, LOCK_FILE);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StoreError(`Cannot create the PGlite directory ${location}: ${messageOf(error)}`, { cause: error });
  }
  const own: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID(), started: startTimeOf(process.pid) };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (tryCreate(lockFile, own)) return { release: () => removeIf(lockFile, own.token) };
    const owner = readOwner(lockFile);
    if (owner === 'missing') continue;
    if (owner === 'unreadable') {
      throw new StoreError(`The lock file ${lockFile} of the PGlite directory ${location} is damaged: delete it if no process uses the directory`);
    }
    if (isAlive(owner)) throw inUse(location, lockFile, owner);
    if (!removeStale(lockFile, owner.token)) await new Promise((done) => setTimeout(done, RETRY_WAIT_MS));
  }
  throw new StoreError(`Cannot lock the PGlite directory ${location}: its lock file ${lockFile} kept changing; another process may be opening it`);
}

function tryCreate(lockFile: string, owner: LockOwner): boolean {
  const aside = `${lockFile}.${owner.token}`;
  try {
    writeFileSync(aside, JSON.stringify(owner), { flag: 'wx' });
    try {
      linkSync(aside, lockFile);
      return true;
    } finally {
      unlinkSync(aside);
    }
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw new StoreError(`Cannot create the lock file ${lockFile}: ${messageOf(error)}`, { cause: error });
  }
}

function readOwner(file: string): LockOwner | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'missing';
    throw new StoreError(`Cannot read the lock file ${file}: ${messageOf(error)}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token, started: typeof parsed.started === 'string' ? parsed.started : undefined };
    }
  } catch {
    // Not ours or damaged: handled below.
  }
  return 'unreadable';
}

/**
 * Removes the lock with `token` if it is still there, under a guard only one process can hold.
 * Returns false when another process is already taking it over (wait, then look again).
 */
function removeStale(lockFile: string, token: string): boolean {
  const guard: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID(), started: startTimeOf(process.pid) };
  const guardFile = `${lockFile}.takeover-${token}`;
  if (!tryCreate(guardFile, guard)) {
    // The process that holds the guard died during its takeover (a window of a few file operations): remove its guard the same way.
    const holder = readOwner(guardFile);
    if (holder !== 'missing' && holder !== 'unreadable' && !isAlive(holder)) removeStale(guardFile, holder.token);
    return false;
  }
  try {
    // Only the guard's holder removes a lock with this token, and its owner is dead: it is still the stale one.
    removeIf(lockFile, token);
  } finally {
    removeIf(guardFile, guard.token);
  }
  return true;
}

function removeIf(file: string, token: string): void {
  const owner = readOwner(file);
  if (owner === 'missing' || owner === 'unreadable' || owner.token !== token) return;
  try {
    unlinkSync(file);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw new StoreError(`Cannot remove the lock file ${file}: ${messageOf(error)}`, { cause: error });
  }
}

/** Whether the owner may still be running. A lock from another host cannot be checked: it counts as alive. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process of another user has this pid, so it is alive.
    if (codeOf(error) === 'ESRCH') return false;
  }
  // The pid is taken: by the owner, unless it was reused by a later process (different start time).
  const started = startTimeOf(owner.pid);
  return owner.started === undefined || started === undefined || started === owner.started;
}

/** Field 22 of /proc/<pid>/stat (Linux): when the process started. Undefined elsewhere. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesized and may contain spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function inUse(location: string, lockFile: string, owner: LockOwner): StoreInUseError {
  const who =
    owner.host !== hostname()
      ? `process ${owner.pid} on host ${owner.host}`
      : owner.pid === process.pid
        ? 'this process (open it once and share the backend, or close it first)'
        : `process ${owner.pid}`;
  return new StoreInUseError(
    `The PGlite directory ${location} is in use by ${who}. PGlite allows one process per directory: stop that process or use another directory; ` +
      `for several processes use a PostgreSQL server. If no such process exists, delete ${lockFile}.`,
    { location, lockFile, ownerPid: owner.pid, ownerHost: owner.host },
  );
}

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
