import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { sourceEntries } from './source-entries.mjs';

const isTs = (url) => url.startsWith('file:') && /\.(m|c)?ts$/.test(url) && !url.includes('/node_modules/');

/** `orchestrix/runtime` and the other entry points: the sources, as tsconfig.json's `paths` map them. */
const entries = new Map([...sourceEntries()].map(([specifier, path]) => [specifier, pathToFileURL(path).href]));

/** Relative `.js` imports inside our sources name the `.ts` file next to them. */
export async function resolve(specifier, context, nextResolve) {
  const entry = entries.get(specifier);
  if (entry !== undefined) return { url: entry, shortCircuit: true };
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTs = context.parentURL !== undefined && isTs(context.parentURL);
    if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!isTs(url)) return nextLoad(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2023,
      verbatimModuleSyntax: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
