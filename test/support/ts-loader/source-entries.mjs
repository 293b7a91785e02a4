// The package's entry points (`orchestrix`, `orchestrix/runtime`, ...) in this repository's
// TypeScript sources. The published package maps them to dist/ through package.json's exports; the
// repository's own tests, tools and benchmarks run the sources instead. tsconfig.json's `paths` is
// the one table: the type checker reads it directly, vitest (resolve.alias), the loader hook and
// the test projects' node_modules/orchestrix read it through here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = new URL('../../../', import.meta.url);

/** Package specifier -> absolute path of its TypeScript entry, from tsconfig.json's `paths`. */
export function sourceEntries() {
  const file = fileURLToPath(new URL('tsconfig.json', ROOT));
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
  if (error !== undefined) throw new Error(`Cannot read ${file}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const paths = config?.compilerOptions?.paths ?? {};
  const entries = new Map();
  for (const [specifier, targets] of Object.entries(paths)) {
    if (!specifier.startsWith('orchestrix') || !Array.isArray(targets) || targets.length !== 1) continue;
    entries.set(specifier, fileURLToPath(new URL(targets[0], ROOT)));
  }
  if (!entries.has('orchestrix/runtime')) throw new Error(`${file} maps no 'orchestrix/runtime' in compilerOptions.paths`);
  return entries;
}
