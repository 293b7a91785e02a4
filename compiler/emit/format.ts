import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Formats generated TypeScript with prettier, in-process, with fixed options: the user's prettier
 * configuration is deliberately ignored so the output is byte-identical on every machine.
 * prettier is imported lazily; `orchestrix check` never pays for it.
 */
export const FORMAT_OPTIONS = {
  // babel-ts prints TypeScript identically to the `typescript` parser for the code we generate and
  // parses it about twice as fast (printing, not parsing, is most of prettier's time).
  parser: 'babel-ts',
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
} as const;

type Prettier = typeof import('prettier');
let prettier: Promise<Prettier> | undefined;

export async function formatTypeScript(source: string): Promise<string> {
  prettier ??= import('prettier');
  return (await prettier).format(source, FORMAT_OPTIONS);
}

/**
 * Identifies the formatter and its options; part of every cached "unformatted -> formatted" hash.
 * Reads prettier's version from its package.json: when nothing changed, prettier is never loaded.
 */
export async function formatterFingerprint(): Promise<string> {
  const manifest = createRequire(import.meta.url)('prettier/package.json') as { readonly version: string };
  return `prettier@${manifest.version} ${JSON.stringify(FORMAT_OPTIONS)}`;
}

/** One file's result: its formatted text, or the formatter's error. */
export type Formatted = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Error };

/** Below this much text, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD_CHARS = 400_000;

/**
 * Formats many files: in-process when there is little text, otherwise spread over worker threads
 * (one per core, at most four), since prettier's printing is CPU-bound and a large domain's first
 * generation is dominated by it. Results are in input order; one file's failure does not stop others.
 */
export async function formatAll(sources: readonly string[]): Promise<readonly Formatted[]> {
  const total = sources.reduce((sum, s) => sum + s.length, 0);
  const workers = Math.min(availableParallelism(), 4, sources.length);
  if (total < PARALLEL_THRESHOLD_CHARS || workers < 2) {
    return Promise.all(sources.map(async (text) => settle(() => formatTypeScript(text))));
  }
  return formatInWorkers(sources, workers);
}

async function settle(run: () => Promise<string>): Promise<Formatted> {
  try {
    return { ok: true, text: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

// An eval'd worker: it runs the same way from the TypeScript sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.prettier);
parentPort.on('message', async ({ index, text }) => {
  try {
    const prettier = await ready;
    parentPort.postMessage({ index, text: await prettier.format(text, workerData.options) });
  } catch (error) {
    parentPort.postMessage({ index, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

async function formatInWorkers(sources: readonly string[], count: number): Promise<readonly Formatted[]> {
  const results = new Array<Formatted>(sources.length);
  const order = sources.map((_, i) => i).sort((a, b) => (sources[b]?.length ?? 0) - (sources[a]?.length ?? 0));
  let next = 0;
  const workerData = { prettier: import.meta.resolve('prettier'), options: FORMAT_OPTIONS };
  const run = (worker: Worker) =>
    new Promise<void>((done, fail) => {
      const send = () => {
        const index = order[next++];
        if (index === undefined) return done();
        worker.postMessage({ index, text: sources[index] });
      };
      worker.on('message', (message: { index: number; text?: string; error?: string }) => {
        results[message.index] = message.text !== undefined ? { ok: true, text: message.text } : { ok: false, error: new Error(message.error ?? 'formatting failed') };
        send();
      });
      worker.on('error', fail);
      send();
    });
  const workers = Array.from({ length: count }, () => new Worker(WORKER_SOURCE, { eval: true, workerData }));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
