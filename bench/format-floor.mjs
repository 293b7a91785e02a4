#!/usr/bin/env node
// The floor for formatting in `orchestrix generate`: a bare Node process that formats every .ts file
// in a folder with oxfmt and Orchestrix's fixed options (all files at once, as generate does), and
// nothing else.
//   node bench/format-floor.mjs <folder>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'oxfmt';

const options = { printWidth: 100, tabWidth: 2, useTabs: false, semi: true, singleQuote: true, trailingComma: 'all', bracketSpacing: true, arrowParens: 'always', endOfLine: 'lf' };
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const files = walk(process.argv[2] ?? '.').filter((f) => f.endsWith('.ts'));
await Promise.all(files.map((file) => format(file, readFileSync(file, 'utf8'), options)));
