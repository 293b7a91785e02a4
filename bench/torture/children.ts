/**
 * Child processes of the torture harness: each runs bench/torture/worker.ts in one mode and talks
 * back in JSON lines on stdout. The parent reads them as they come and may SIGKILL the child at
 * any moment; what the child printed before it died is what it had acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const LOADER = fileURLToPath(new URL('../../test/support/ts-loader/register.mjs', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

export type Line = Readonly<Record<string, unknown>>;

export interface Child {
  readonly pid: number;
  /** Every line printed so far, in order. */
  readonly lines: readonly Line[];
  /** Resolves with the first line (from now on or already printed) that matches. Rejects when the child exits first. */
  waitFor(matches: (line: Line) => boolean, timeoutMs: number): Promise<Line>;
  /** Resolves with the exit code (null after a signal) and the child's stderr. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stderr: string }>;
  kill(signal?: NodeJS.Signals): void;
}

export function startWorker(mode: string, args: readonly string[]): Child {
  const spawned: ChildProcess = spawn(process.execPath, ['--import', LOADER, WORKER, mode, ...args], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  let done = false;
  spawned.stderr?.on('data', (chunk: Buffer) => {
    // Bounded: a child that floods stderr must not take the parent's memory with it.
    if (stderr.length < 64_000) stderr += chunk.toString();
  });
  spawned.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        lines.push({ unparsed: text });
      }
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    spawned.on('close', (code, signal) => {
      done = true;
      for (const listener of listeners) listener();
      resolve({ code, signal, stderr });
    });
  });
  return {
    pid: spawned.pid ?? -1,
    lines,
    exited,
    kill: (signal = 'SIGKILL') => void spawned.kill(signal),
    waitFor(matches, timeoutMs) {
      return new Promise<Line>((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < lines.length; seen += 1) {
            const line = lines[seen];
            if (line !== undefined && matches(line)) return finish(() => resolve(line));
          }
          if (done) finish(() => reject(new Error(`worker ${mode} exited before the expected line: ${stderr.slice(-2000)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`worker ${mode} gave no expected line within ${timeoutMs} ms`))), timeoutMs);
        const finish = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Waits for a child to exit, killing it after `timeoutMs`. */
export async function settle(child: Child, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}
