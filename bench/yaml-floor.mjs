#!/usr/bin/env node
// The floor for `orchestrix check`: a bare Node process that parses every YAML file in a folder
// with `yaml` (parseDocument + LineCounter, then toJS), and nothing else.
//   node bench/yaml-floor.mjs <folder>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of walk(process.argv[2] ?? 'domains')) {
  const lineCounter = new LineCounter();
  parseDocument(readFileSync(file, 'utf8'), { lineCounter }).toJS();
}
