#!/usr/bin/env node
// Whole-process benchmark of `orchestrix check` and `orchestrix generate` on the synthetic domain
// (N aggregates x 10 commands x 10 events), in one file and in one file per aggregate, next to the
// floors (parsing the same YAML with `yaml`, formatting the same output with oxfmt, each in a bare
// process) and `tsc --noEmit` on the output (time, memory, types and instantiations).
//
//   npm run build && node bench/compiler.mjs [--aggregates 200] [--runs 5] [--tsc-runs 1] [--json]
//
// Runs the built CLI (bin/orchestrix.js -> dist/) exactly as `npx orchestrix` does, minus npx's own
// start-up. The machine is shared: every round runs each measurement once, in turn, so the ratios
// compare processes that ran under the same load; the medians are over rounds, and the load
// (`uptime`) is printed before and after.
import { execSync, spawnSync } from 'node:child_process';
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
const tscRuns = option('tsc-runs', 1);
const bin = join(root, 'bin/orchestrix.js');
const load = () => execSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average/, 'load average');

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

/**
 * One process: wall ms, CPU ms (user + system, all threads) and peak resident memory (MB), the
 * last two from /usr/bin/time. On an oversubscribed machine the wall time stretches with the load;
 * the CPU time of a single-threaded process is what it would take on an idle one.
 */
function run(command, argv, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...argv], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`${command} ${argv.join(' ')} exited ${result.status}`);
  }
  const [user = NaN, system = NaN, rss = NaN] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { ms, cpu: (user + system) * 1000, rss: rss / 1024, stdout: result.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const tscArgs = (cwd) => [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--extendedDiagnostics', '--strict', '--noUncheckedIndexedAccess', '--exactOptionalPropertyTypes', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', join(cwd, 'out/synthetic/index.ts')];

const loadBefore = load();
const results = [];
for (const layout of ['one-file', 'per-aggregate']) {
  const cwd = project(layout);
  const spec = join(cwd, 'domains', readdirSync(join(cwd, 'domains')).sort()[0]);
  const samples = { floor: [], check: [], cold: [], formatFloor: [], warm: [], one: [], tsc: [], tscRss: [] };
  const cpu = { floor: [], check: [], cold: [], warm: [], one: [], tsc: [] };
  const measure = (name, ...call) => {
    const r = run(...call);
    samples[name].push(r.ms);
    cpu[name]?.push(r.cpu);
    return r;
  };
  let tscStats = {};
  for (let round = 0; round < runs; round++) {
    measure('floor', 'node', [join(root, 'bench/yaml-floor.mjs'), 'domains'], cwd);
    measure('check', 'node', [bin, 'check'], cwd);
    rmSync(join(cwd, 'out'), { recursive: true, force: true });
    measure('cold', 'node', [bin, 'generate'], cwd);
    measure('formatFloor', 'node', [join(root, 'bench/format-floor.mjs'), 'out'], cwd);
    measure('warm', 'node', [bin, 'generate'], cwd);
    // The everyday case: one aggregate's description changes, so exactly one generated file does.
    const text = readFileSync(spec, 'utf8');
    writeFileSync(spec, text.replace(/Synthetic aggregate number 0\.( \(edit \d+\))?/, `Synthetic aggregate number 0. (edit ${round + 1})`));
    measure('one', 'node', [bin, 'generate'], cwd);
    if (round < tscRuns) {
      const tsc = measure('tsc', 'node', tscArgs(cwd), cwd);
      samples.tscRss.push(tsc.rss);
      const stat = (name) => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, 'm').exec(tsc.stdout)?.[1]);
      tscStats = { types: stat('Types'), instantiations: stat('Instantiations') };
    }
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.length > 0 ? median(v) : NaN]));
  const c = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v.length > 0 ? median(v) : NaN]));
  results.push({ layout, ...m, cpu: c, tscStats, samples });
  rmSync(cwd, { recursive: true, force: true });
}
const loadAfter = load();

const ms = (v) => (Number.isNaN(v) ? '–' : `${Math.round(v)} ms`);
const r2 = (a, b) => (a / b).toFixed(2);
process.stdout.write(`\n${aggregates} aggregates x 10 commands x 10 events, median of ${runs} alternating rounds (node ${process.version})\n`);
process.stdout.write(`${loadBefore} (before), ${loadAfter} (after), ${process.env.CI ? 'CI' : 'local'}\n\n`);
process.stdout.write('| layout | YAML floor | check | check / YAML floor | generate, empty output | oxfmt floor | generate, nothing changed | nothing changed / check | generate, one aggregate changed | tsc --noEmit | tsc peak RSS | types / aggregate | instantiations / aggregate |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
for (const r of results) {
  process.stdout.write(
    `| ${r.layout} | ${ms(r.floor)} | ${ms(r.check)} | ${r2(r.check, r.floor)} | ${ms(r.cold)} | ${ms(r.formatFloor)} | ${ms(r.warm)} | ${r2(r.warm, r.check)} | ${ms(r.one)} | ${ms(r.tsc)} | ${Number.isNaN(r.tscRss) ? '–' : `${Math.round(r.tscRss)} MB`} | ${Math.round(r.tscStats.types / aggregates) || '–'} | ${Math.round(r.tscStats.instantiations / aggregates) || '–'} |\n`,
  );
}
process.stdout.write('\nCPU time (user + system, median), the idle-machine estimate for single-threaded processes:\n\n');
process.stdout.write('| layout | YAML floor | check | check / YAML floor | generate, empty output | generate, nothing changed | nothing changed / check | generate, one aggregate changed | tsc --noEmit |\n');
process.stdout.write('|---|---:|---:|---:|---:|---:|---:|---:|---:|\n');
for (const { layout, cpu: c } of results) {
  process.stdout.write(`| ${layout} | ${ms(c.floor)} | ${ms(c.check)} | ${r2(c.check, c.floor)} | ${ms(c.cold)} | ${ms(c.warm)} | ${r2(c.warm, c.check)} | ${ms(c.one)} | ${ms(c.tsc)} |\n`);
}
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
