#!/usr/bin/env node
// Loading and parsing: where the time of `orchestrix check` goes before the semantic checker, and
// what the alternatives cost, each measured in the same process so the ratios hold on a busy machine.
//
//   npm run build && node bench/load-parse.mjs [--aggregates 200] [--runs 7]
//
// Reports the median wall time and CPU time (user + system) per operation; for child processes
// only wall time is meaningful (their CPU is not counted in ours).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LineCounter, parseDocument } from 'yaml';
import { fastParse } from '../dist/compiler/load/fast-parse.js';
import { loadSources, parseSource } from '../dist/compiler/load/index.js';
import { validateSpec } from '../dist/compiler/syntax/index.js';
import { generateDomain } from './synthetic-domain.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const aggregates = arg('--aggregates', 200);
const runs = arg('--runs', 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall and CPU milliseconds of `fn` over `runs` runs (after one warm-up). */
async function measure(fn) {
  await fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const rows = [];
async function row(name, fn) {
  const r = await measure(fn);
  rows.push({ name, ...r });
  process.stderr.write(`${name}: ${r.wall.toFixed(1)} ms wall, ${r.cpu.toFixed(1)} ms cpu\n`);
}

const [one] = generateDomain({ aggregates, layout: 'one-file' });
const split = generateDomain({ aggregates, layout: 'per-aggregate' });
const text = one.text;
const bytes = Buffer.from(text);
const dir = mkdtempSync(join(tmpdir(), 'orchestrix-bench-'));
mkdirSync(join(dir, 'one'));
mkdirSync(join(dir, 'split'));
writeFileSync(join(dir, 'one', one.path), text);
for (const f of split) writeFileSync(join(dir, 'split', f.path), f.text);
process.stderr.write(`synthetic domain: ${aggregates} aggregates, ${(bytes.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines; ${split.length} files split\n`);

// The floor the performance reference measures against, and what a cache would cost instead.
await row('yaml parseDocument + LineCounter', () => parseDocument(text, { lineCounter: new LineCounter() }));
await row('yaml parseDocument + toJS', () => parseDocument(text).toJS());
await row('fast path (value only)', () => fastParse(text));
const value = fastParse(text);
const json = JSON.stringify(value);
await row('cache floor: sha256 + JSON.parse', () => {
  createHash('sha256').update(bytes).digest('hex');
  JSON.parse(json);
});

// Ours.
await row('parseSource (fast path)', () => parseSource(one.path, bytes));
const withAnchor = text.replace('domain: synthetic', 'domain: &d synthetic');
await row('parseSource (yaml path: file with an anchor)', () => parseSource(one.path, withAnchor));
const doc = parseSource(one.path, bytes).doc;
await row('validateSpec (valid: compiled validator)', () => validateSpec(doc));
const broken = parseSource(one.path, text.replace('every: 50', 'every: 0')).doc;
await row('validateSpec (one error: Zod explains)', () => validateSpec(broken));
await row('first span lookup (lazy yaml parse)', () => parseSource(one.path, bytes).doc.span(['aggregates']));
await row('loadSources, one file', () => loadSources({ cwd: dir, paths: ['one'] }));
await row(`loadSources, ${split.length} files`, () => loadSources({ cwd: dir, paths: ['split'] }));

// Parallel parsing: two worker threads parse half the files each and send the values back.
const workerSource = `
  import { parentPort } from 'node:worker_threads';
  import { readFileSync } from 'node:fs';
  const { parseSource } = await import(${JSON.stringify(new URL('../dist/compiler/load/index.js', import.meta.url).href)});
  parentPort.on('message', (paths) => {
    parentPort.postMessage(paths.map((p) => parseSource(p, readFileSync(p)).doc?.value));
  });`;
const workerFile = join(dir, 'worker.mjs');
writeFileSync(workerFile, workerSource);
const splitPaths = split.map((f) => join(dir, 'split', f.path));
const inWorkers = async () => {
  const workers = [new Worker(workerFile), new Worker(workerFile)];
  const halves = [splitPaths.filter((_, i) => i % 2 === 0), splitPaths.filter((_, i) => i % 2 === 1)];
  const results = await Promise.all(
    workers.map((w, i) => new Promise((resolve) => {
      w.once('message', resolve);
      w.postMessage(halves[i]);
    })),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return results;
};
await row(`2 worker threads, ${split.length} files (start-up included)`, inWorkers);

// Whole processes, cold: what a user waits for.
const root = fileURLToPath(new URL('..', import.meta.url));
const loadOnly = `
  const { loadSources } = await import('./dist/compiler/load/index.js');
  const { validateSpec } = await import('./dist/compiler/syntax/index.js');
  const { docs } = await loadSources({ cwd: process.argv[1], paths: ['.'] });
  for (const doc of docs) validateSpec(doc);`;
const processRow = (name, args) => row(name, () => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (r.status !== 0 && name.includes('check')) throw new Error(`${name} exited ${r.status}`);
});
await processRow('process: node -e "" (start-up floor)', ['-e', '']);
await processRow('process: load + validate, one file', ['--input-type=module', '-e', loadOnly, join(dir, 'one')]);
await processRow(`process: load + validate, ${split.length} files`, ['--input-type=module', '-e', loadOnly, join(dir, 'split')]);
await processRow('process: orchestrix check, one file', ['bin/orchestrix.js', 'check', join(dir, 'one')]);
await processRow(`process: orchestrix check, ${split.length} files`, ['bin/orchestrix.js', 'check', join(dir, 'split')]);

// Where a cold `check` process spends its CPU (one run each, the median of `runs` processes).
const breakdownScript = `
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t = [cpu()];
  const { loadSources } = await import('./dist/compiler/load/index.js');
  const { validateSpec } = await import('./dist/compiler/syntax/index.js');
  const { checkDomains } = await import('./dist/compiler/check/index.js');
  t.push(cpu());
  const { docs } = await loadSources({ cwd: process.argv[1], paths: ['.'] });
  t.push(cpu());
  const inputs = docs.map((doc) => ({ doc, spec: validateSpec(doc).spec }));
  t.push(cpu());
  checkDomains(inputs);
  t.push(cpu());
  console.log(JSON.stringify([t[0], ...t.slice(1).map((x, i) => x - t[i])]));`;
const phases = ['start-up (before our code)', 'imports (load, syntax, check)', 'loadSources', 'validateSpec', 'checkDomains'];
const breakdown = (folder) => {
  const samples = Array.from({ length: runs }, () =>
    JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', breakdownScript, join(dir, folder)], { cwd: root, encoding: 'utf8' }).stdout),
  );
  return phases.map((_, i) => median(samples.map((s) => s[i])));
};
const breakdowns = { one: breakdown('one'), split: breakdown('split') };

rmSync(dir, { recursive: true, force: true });
const base = rows[0].cpu;
process.stdout.write('| operation | wall (ms) | CPU (ms) | CPU vs yaml parseDocument |\n|---|---:|---:|---:|\n');
for (const r of rows) {
  const child = r.name.startsWith('process:');
  process.stdout.write(`| ${r.name} | ${r.wall.toFixed(1)} | ${child ? '' : r.cpu.toFixed(1)} | ${child ? '' : (r.cpu / base).toFixed(2)} |\n`);
}
process.stdout.write(`\n| cold process, CPU ms | one file | ${split.length} files |\n|---|---:|---:|\n`);
phases.forEach((phase, i) => process.stdout.write(`| ${phase} | ${breakdowns.one[i].toFixed(0)} | ${breakdowns.split[i].toFixed(0)} |\n`));
