#!/usr/bin/env node
// The floor for formatting in `orchestrix generate`: a bare Node process that formats every .ts file
// in a folder with prettier and Orchestrix's fixed options, one after another, and nothing else.
//   node bench/prettier-floor.mjs <folder>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';

const options = { parser: 'babel-ts', printWidth: 100, tabWidth: 2, useTabs: false, semi: true, singleQuote: true, trailingComma: 'all', bracketSpacing: true, arrowParens: 'always', endOfLine: 'lf' };
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of walk(process.argv[2] ?? '.').filter((f) => f.endsWith('.ts'))) {
  await prettier.format(readFileSync(file, 'utf8'), options);
}
