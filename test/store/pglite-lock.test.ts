/**
 * One process per PGlite directory: a second process (or a second open in the same process) gets a
 * StoreInUseError naming the owner, never a silent second copy of the database. The lock goes with
 * its owner: on close, and on death, SIGKILL included. Real child processes throughout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreInUseError } from '../../runtime/errors/errors.js';
import { openBackend } from '../../runtime/connect/backends.js';
import { openPostgresBackend } from '../../runtime/store/postgres/backend.js';
import { LOCK_FILE, lockDirectory } from '../../runtime/store/postgres/internal/directory-lock.js';

const root = mkdtempSync(join(tmpdir(), 'orchestrix-pglite-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Child {
  readonly process: ChildProcess;
  /** The next JSON line the child prints. */
  next(): Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
}

function child(mode: 'hold' | 'open' | 'lock', dir: string, stream?: string): Child {
  const args = ['--import', './test/support/ts-loader/register.mjs', 'test/store/fixtures/pglite-owner.ts', mode, dir, ...(stream === undefined ? [] : [stream])];
  const spawned = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  let buffered = '';
  let stderr = '';
  spawned.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  spawned.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
      buffered = buffered.slice(end + 1);
      const waiter = waiting.shift();
      if (waiter === undefined) lines.push(line);
      else waiter(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => spawned.on('exit', (code) => resolve(code)));
  return {
    process: spawned,
    exited,
    next: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      return Promise.race([
        new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve)),
        exited.then((code) => {
          throw new Error(`child exited (${String(code)}) without output: ${stderr}`);
        }),
      ]);
    },
  };
}

// Each child starts node, the TypeScript loader and PGlite: seconds apiece on a loaded machine.
const CHILDREN_MS = 180_000;

describe('one process per PGlite directory', { timeout: CHILDREN_MS }, () => {
  it('refuses a second process with STORE_IN_USE naming the owner; after the owner closes, the next one opens and sees its data', async () => {
    const dir = join(root, 'close');
    const owner = child('hold', dir, 'first');
    expect(await owner.next()).toMatchObject({ open: true });
    const ownerPid = owner.process.pid;

    const second = await child('open', dir).next();
    expect(second).toMatchObject({ open: false, code: 'STORE_IN_USE' });
    expect(second['message']).toContain(`in use by process ${String(ownerPid)}`);
    expect(second['message']).toContain(`pglite:${dir}`);

    // This process too, through a connection string.
    const error = await openBackend(`pglite:${dir}`).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreInUseError);
    expect(error).toMatchObject({ code: 'STORE_IN_USE', ownerPid, lockFile: join(dir, LOCK_FILE) });

    owner.process.stdin?.end();
    expect(await owner.next()).toEqual({ closed: true });
    expect(await owner.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    expect(await child('open', dir).next()).toEqual({ open: true, events: 1 });
  });

  it('takes over the directory of an owner killed with SIGKILL, with every acknowledged write intact', async () => {
    const dir = join(root, 'kill');
    for (const stream of ['first', 'second']) {
      const owner = child('hold', dir, stream);
      expect(await owner.next()).toMatchObject({ open: true });
      expect(await child('open', dir).next()).toMatchObject({ open: false, code: 'STORE_IN_USE' });
      owner.process.kill('SIGKILL');
      await owner.exited;
      // The dead owner's lock file is still there, and is stale.
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    }
    const backend = await openPostgresBackend({ dataDir: dir });
    const events = await backend.component('events');
    expect(await events.headPosition()).toBe(2);
    expect([await events.streamVersion('first'), await events.streamVersion('second')]).toEqual([1, 1]);
    await backend.close();
  });

  it('refuses a second open in the same process, and opens again after close', async () => {
    const dir = join(root, 'same-process');
    const first = await openPostgresBackend({ dataDir: dir });
    const error = await openPostgresBackend({ dataDir: dir }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreInUseError);
    expect((error as Error).message).toContain('in use by this process');
    await first.close();
    const again = await openPostgresBackend({ dataDir: dir });
    await again.close();
    // pglite:memory is per instance: no lock.
    const memories = await Promise.all([openBackend('pglite:memory'), openBackend('pglite:memory')]);
    await Promise.all(memories.map((backend) => backend.close()));
  });

  it('lets exactly one of several processes take over a stale lock at once', async () => {
    const dir = join(root, 'race');
    mkdirSync(dir);
    // A lock left by a process that is gone (spawned, exited).
    const gone = child('lock', join(root, 'elsewhere'));
    expect(await gone.next()).toEqual({ locked: true });
    gone.process.kill('SIGKILL');
    await gone.exited;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: gone.process.pid, host: hostname(), token: 'stale-token' }));

    const racers = Array.from({ length: 4 }, () => child('lock', dir));
    const outcomes = await Promise.all(racers.map((racer) => racer.next()));
    expect(outcomes.filter((outcome) => outcome['locked'] === true)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome['code'] === 'STORE_IN_USE')).toHaveLength(3);
    for (const racer of racers) racer.process.stdin?.end();
    await Promise.all(racers.map((racer) => racer.exited));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('treats a lock of a reused pid (another start time) as stale, and one from another host as held', async () => {
    const dir = join(root, 'reused');
    mkdirSync(dir);
    // Our own pid, but not our start time: the pid was reused (checked where /proc tells start times).
    if (existsSync('/proc/self/stat')) {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), token: 'old', started: '1' }));
      const lock = await lockDirectory(dir, `pglite:${dir}`);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
    }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'other-host.example', token: 'remote' }));
    const error = await lockDirectory(dir, `pglite:${dir}`).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(StoreInUseError);
    expect((error as Error).message).toContain('process 1 on host other-host.example');
    expect((error as Error).message).toContain(`delete ${join(dir, LOCK_FILE)}`);
  });
});
