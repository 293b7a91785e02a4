import { createRequire } from 'node:module';

/**
 * Formats generated TypeScript with oxfmt (a Prettier-compatible formatter in native code), in-process,
 * with fixed options: the user's formatter configuration is deliberately ignored so the output is
 * byte-identical on every machine. oxfmt prints what prettier 3 prints with these options on
 * everything the templates produce (bench/formatters compares them) about 25x faster, so a
 * 200-aggregate domain formats in well under a second. It is imported lazily; `orchestrix check`
 * never pays for it.
 */
export const FORMAT_OPTIONS = {
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

type Oxfmt = typeof import('oxfmt');
let oxfmt: Promise<Oxfmt> | undefined;

/** The formatter's complaint about a file it could not parse or print (the templates made invalid code). */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

export async function formatTypeScript(source: string): Promise<string> {
  oxfmt ??= import('oxfmt');
  const result = await (await oxfmt).format('generated.ts', source, FORMAT_OPTIONS);
  const error = result.errors.find((e) => e.severity === 'Error');
  if (error !== undefined) throw new FormatError(`${error.message}${where(source, error.labels[0]?.start)}`);
  return result.code;
}

/** ` (line L, column C)` of a character offset, for messages. */
function where(source: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const before = source.slice(0, offset).split('\n');
  return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

/**
 * Identifies the formatter and its options; part of every cached "unformatted -> formatted" hash.
 * Reads the formatter's version from its package.json: when nothing changed, it is never loaded.
 */
export async function formatterFingerprint(): Promise<string> {
  const manifest = createRequire(import.meta.url)('oxfmt/package.json') as { readonly version: string };
  return `oxfmt@${manifest.version} ${JSON.stringify(FORMAT_OPTIONS)}`;
}

/** One file's result: its formatted text, or the formatter's error. */
export type Formatted = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Error };

/**
 * Formats many files. Results are in input order; one file's failure does not stop the others.
 * The files go out together: oxfmt formats them on its own native threads.
 */
export async function formatAll(sources: readonly string[]): Promise<readonly Formatted[]> {
  return Promise.all(sources.map(async (text) => settle(() => formatTypeScript(text))));
}

async function settle(run: () => Promise<string>): Promise<Formatted> {
  try {
    return { ok: true, text: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
