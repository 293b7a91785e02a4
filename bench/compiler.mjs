#!/usr/bin/env node
// Whole-process benchmark of `orchestrix check` and `orchestrix generate` on the synthetic domain
// (N aggregates x 10 commands x 10 events), in one file and in one file per aggregate, next to the
// floor (parsing the same YAML with `yaml` in a bare process) and `tsc --noEmit` on the output.
//
//   npm run build && node bench/compiler.mjs [--aggregates 200] [--runs 5]
//
// Runs the built CLI (bin/orchestrix.js -> dist/) exactly as `npx orchestrix` does, minus npx's own
// start-up (about 0.6 s of npm, reported separately).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDomain } from './synthetic-domain.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const aggregates = option('aggregates', 200);
const runs = option('runs', 5);
const bin = join(root, 'bin/orchestrix.js');

function project(layout) {
  const dir = mkdtempSync(join(tmpdir(), `orx-bench-${layout}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules/orchestrix'), 'dir');
  writeFileSync(join(dir, 'orchestrix.config.yaml'), 'specs: ["domains/**/*.yaml"]\noutput: out\nhandlers: handlers\n');
  for (const file of generateDomain({ aggregates, layout })) {
    const path = join(dir, 'domains', file.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, file.text);
  }
  return dir;
}

function time(command, argv, cwd, before) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const started = process.hrtime.bigint();
    const result = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`${command} ${argv.join(' ')} exited ${result.status}`);
    }
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] };
}

const results = [];
for (const layout of ['one-file', 'per-aggregate']) {
  const cwd = project(layout);
  const floor = time('node', [join(root, 'bench/yaml-floor.mjs'), 'domains'], cwd);
  const check = time('node', [bin, 'check'], cwd);
  const cold = time('node', [bin, 'generate'], cwd, () => rmSync(join(cwd, 'out'), { recursive: true, force: true }));
  const warm = time('node', [bin, 'generate'], cwd);
  const formatFloor = time('node', [join(root, 'bench/prettier-floor.mjs'), 'out'], cwd);
  // The everyday case: one aggregate's description changes, so exactly one generated file does.
  let edit = 0;
  const one = time('node', [bin, 'generate'], cwd, () => {
    const spec = join(cwd, 'domains', readdirSync(join(cwd, 'domains')).sort()[0]);
    const text = readFileSync(spec, 'utf8');
    writeFileSync(spec, text.replace(/Synthetic aggregate number 0\.( \(edit \d+\))?/, `Synthetic aggregate number 0. (edit ${++edit})`));
  });
  const tsc = time('node', [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--exactOptionalPropertyTypes', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', ...[join(cwd, 'out/synthetic/index.ts')]], cwd);
  results.push({ layout, floor, check, cold, warm, one, formatFloor, tsc });
  rmSync(cwd, { recursive: true, force: true });
}

const ms = (s) => `${Math.round(s.median)} ms`;
process.stdout.write(`\n${aggregates} aggregates x 10 commands x 10 events, median of ${runs} runs (node ${process.version})\n\n`);
process.stdout.write('| layout | YAML parse floor | check | check / floor | generate, empty output | prettier floor (same output) | generate / prettier floor | generate, no changes | generate, one aggregate changed | tsc --noEmit on output |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
const ratio = (a, b) => (a.median / b.median).toFixed(2);
for (const r of results) {
  process.stdout.write(
    `| ${r.layout} | ${ms(r.floor)} | ${ms(r.check)} | ${ratio(r.check, r.floor)} | ${ms(r.cold)} | ${ms(r.formatFloor)} | ${ratio(r.cold, r.formatFloor)} | ${ms(r.warm)} | ${ms(r.one)} | ${ms(r.tsc)} |\n`,
  );
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
