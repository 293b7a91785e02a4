#!/usr/bin/env node
// Formatters for `orchestrix generate`, side by side on what the templates render for the synthetic
// domain (N aggregates x 10 commands x 10 events), before formatting: prettier 3 (what we used),
// oxfmt (what we use), Biome (@biomejs/js-api, wasm) and dprint (@dprint/formatter + its TypeScript
// plugin, wasm), each with our fixed options. Alternating rounds in one process, median time per
// formatter over rounds; and how many files each one prints differently from prettier.
//
//   npm run build            # at the repository root: the compiler is loaded from dist/
//   cd bench/peers && npm ci && node formatters.mjs [--aggregates 200] [--rounds 3]
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({ options: { aggregates: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } } });
const { generateDomain } = await import(join(root, 'bench/synthetic-domain.mjs'));
const { checkProject } = await import(join(root, 'dist/compiler/pipeline/check-project.js'));
const { renderDomain } = await import(join(root, 'dist/compiler/emit/render-domain.js'));
const { loadTemplates } = await import(join(root, 'dist/compiler/emit/templates.js'));

// The unformatted renders, exactly as generate hands them to the formatter.
const dir = mkdtempSync(join(tmpdir(), 'orx-formatters-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules/orchestrix'), 'dir');
writeFileSync(join(dir, 'orchestrix.config.yaml'), 'specs: ["domains/**/*.yaml"]\noutput: out\nhandlers: handlers\n');
for (const file of generateDomain({ aggregates: Number(args.aggregates), layout: 'one-file' })) {
  mkdirSync(join(dir, 'domains', file.path, '..'), { recursive: true });
  writeFileSync(join(dir, 'domains', file.path), file.text);
}
const project = await checkProject({ cwd: dir });
const templates = loadTemplates();
const sources = project.domains.flatMap((domain) => renderDomain(domain, templates, { output: 'out', handlers: 'handlers' }).files.map((f) => f.text));
rmSync(dir, { recursive: true, force: true });
const megabytes = sources.reduce((n, s) => n + s.length, 0) / 1e6;

const options = { printWidth: 100, tabWidth: 2, useTabs: false, semi: true, singleQuote: true, trailingComma: 'all', bracketSpacing: true, arrowParens: 'always', endOfLine: 'lf' };
const prettier = await import('prettier');
const { format: oxfmt } = await import('oxfmt');
const { Biome } = await import('@biomejs/js-api/nodejs');
const biome = new Biome();
const { projectKey } = biome.openProject(dir);
biome.applyConfiguration(projectKey, {
  formatter: { indentStyle: 'space', indentWidth: 2, lineWidth: 100, lineEnding: 'lf' },
  javascript: { formatter: { quoteStyle: 'single', trailingCommas: 'all', semicolons: 'always', arrowParentheses: 'always', bracketSpacing: true } },
});
const { createFromBuffer } = await import('@dprint/formatter');
const { getPath } = await import('@dprint/typescript');
const dprint = createFromBuffer(readFileSync(getPath()));
dprint.setConfig({ lineWidth: 100, indentWidth: 2, useTabs: false, newLineKind: 'lf' }, { quoteStyle: 'preferSingle', semiColons: 'always', trailingCommas: 'onlyMultiLine', 'arrowFunction.useParentheses': 'force' });

const formatters = {
  'prettier 3 (babel-ts), one file at a time': async (text) => prettier.format(text, { ...options, parser: 'babel-ts' }),
  'oxfmt (native), all files at once': null,
  'Biome (wasm)': async (text) => biome.formatContent(projectKey, text, { filePath: 'generated.ts' }).content,
  'dprint (wasm)': async (text) => dprint.formatText({ filePath: 'generated.ts', fileText: text }),
};
const oxfmtAll = () =>
  Promise.all(
    sources.map(async (text) => {
      const result = await oxfmt('generated.ts', text, options);
      if (result.errors.length > 0) throw new Error(result.errors[0].message);
      return result.code;
    }),
  );

const times = Object.fromEntries(Object.keys(formatters).map((name) => [name, []]));
const outputs = {};
for (let round = 0; round < Number(args.rounds); round++) {
  const names = Object.keys(formatters);
  for (const name of round % 2 === 0 ? names : names.reverse()) {
    const started = performance.now();
    const formatted = formatters[name] === null ? await oxfmtAll() : await Promise.all(sources.map((text) => formatters[name](text)));
    times[name].push(performance.now() - started);
    outputs[name] = formatted;
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const reference = outputs['prettier 3 (babel-ts), one file at a time'];
const oxfmtMs = median(times['oxfmt (native), all files at once']);
const load = execSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average/, 'load average');
console.log(`${sources.length} files, ${megabytes.toFixed(1)} MB unformatted, median of ${args.rounds} alternating rounds, node ${process.version}, ${load}\n`);
console.log('| formatter | ms (median) | x oxfmt | files printed differently from prettier |');
console.log('|---|---:|---:|---:|');
for (const name of Object.keys(formatters)) {
  const differing = outputs[name].filter((text, i) => text !== reference[i]).length;
  console.log(`| ${name} | ${Math.round(median(times[name]))} | ${(median(times[name]) / oxfmtMs).toFixed(1)} | ${differing} of ${sources.length} |`);
}
biome.shutdown?.();
