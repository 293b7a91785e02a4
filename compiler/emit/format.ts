/**
 * Formats generated TypeScript with prettier, in-process, with fixed options: the user's prettier
 * configuration is deliberately ignored so the output is byte-identical on every machine.
 * prettier is imported lazily; `orchestrix check` never pays for it.
 */
export const FORMAT_OPTIONS = {
  // babel-ts prints TypeScript identically to the `typescript` parser for the code we generate and
  // parses it about twice as fast.
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

/** Identifies the formatter and its options; part of every cached "unformatted -> formatted" hash. */
export async function formatterFingerprint(): Promise<string> {
  prettier ??= import('prettier');
  return `prettier@${(await prettier).version} ${JSON.stringify(FORMAT_OPTIONS)}`;
}
