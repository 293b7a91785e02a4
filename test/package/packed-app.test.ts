// The package as an application gets it: `npm pack`, then the tarball installed into a fresh app
// with only `pg` beside it, followed as the README says (init, generate, tsc, run). Installs come
// from the npm cache when it has the versions (--prefer-offline), so this needs the registry only
// for what the cache lacks.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/project.js';
import { dropSchemas, postgresServerUrl, uniqueSchemaName, withServerClient } from '../support/postgres.js';
import { packagesOf, PROBE_FILES, type ProbeStep } from './probe.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// A child npm must not inherit the settings of the `npm test` that runs this file (npm_config_*).
const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_'))),
  NO_COLOR: '1',
  ...extra,
});

/** Each npm or node step; a quiet machine needs a fraction of it. */
const TIMEOUT_MS = 240_000;

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(env), timeout: TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      // A loaded machine can stretch an install past the timeout: say so instead of an empty failure.
      const why = error?.killed === true ? `\n(killed after ${TIMEOUT_MS / 1000} s: the step timed out)` : '';
      resolve({ code, stdout, stderr: stderr + why });
    });
  });
}

/** Fails with the command's output, so a broken step says why. */
function succeeded(result: Run, what: string): Run {
  expect(result.code, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

const installedVersion = (name: string): string => (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Every folder below node_modules named `name` (scoped names as `@scope/name`), nested installs included. */
function installedCopies(modules: string, name: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin' || entry.name === '.cache') continue;
      const packages = entry.name.startsWith('@') ? readdirSync(join(dir, entry.name)).map((inner) => `${entry.name}/${inner}`) : [entry.name];
      for (const pkg of packages) {
        if (pkg === name) found.push(join(dir, pkg));
        const nested = join(dir, pkg, 'node_modules');
        if (existsSync(nested)) walk(nested);
      }
    }
  };
  walk(modules);
  return found;
}

/**
 * The application's code: the README's example (section "Use Orchestrix in your app"), which runs
 * the starter domain through its generated factory, reporting what it found before it closes.
 */
function readmeExample(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use Orchestrix in your app'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, "README's app example").toContain('await todo.close();');
  const report = 'console.log(JSON.stringify({ state, open: rows.map((row) => row.title), shipped: await todo.readModels.TaskList.get(taskId) }));';
  return (code ?? '').replace('await todo.close();', `${report}\nawait todo.close();`);
}

/** A tool built on the compiler's API: its public types must compile too. */
const APP_TOOL = `import { loadSources, type Diagnostic } from 'orchestrix';

const sources = await loadSources({ cwd: process.cwd() });
const problems: readonly Diagnostic[] = sources.diagnostics;
console.log(sources.docs.length, problems.length);
`;

const storeName = postgresServerUrl === undefined ? 'the memory store (ORCHESTRIX_PG_URL is not set)' : 'the PostgreSQL server (ORCHESTRIX_PG_URL)';

describe('the packed package in a fresh application with only pg beside it', () => {
  const temporary: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    if (postgresServerUrl !== undefined) await dropSchemas(postgresServerUrl, schemas);
  });

  it(`installs without better-sqlite3 or PGlite, imports no native addon, generates code that compiles with skipLibCheck: false, and runs on ${storeName}`, async () => {
    // npm pack, as publishing would: built first (prepare), then packed without running it again.
    const packs = mkdtempSync(join(tmpdir(), 'orx-pack-'));
    temporary.push(packs);
    succeeded(await run('npm', ['run', 'build'], REPO_ROOT), 'npm run build');
    const packed = succeeded(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], REPO_ROOT), 'npm pack');
    const [pack] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const shipped = new Set(pack?.files.map((f) => f.path));
    expect(shipped).toContain('LICENSE');
    expect([...shipped].filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    const { exports } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    expect(targets.filter((target) => !shipped.has(target.replace(/^\.\//, '')))).toEqual([]);

    const app = mkdtempSync(join(tmpdir(), 'orx-packed-app-'));
    temporary.push(app);
    const manifest = { name: 'orx-packed-app', private: true, type: 'module', devDependencies: { '@types/node': installedVersion('@types/node') } };
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    succeeded(
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(packs, pack?.filename ?? ''), `pg@${installedVersion('pg')}`], app),
      'npm install',
    );
    const modules = join(app, 'node_modules');
    for (const absent of ['better-sqlite3', '@electric-sql/pglite', '@types/better-sqlite3', '@types/pg']) expect(installedCopies(modules, absent), absent).toEqual([]);
    expect(installedCopies(modules, 'pg')).toHaveLength(1);

    // Importing the runtime loads zod and nothing else from node_modules; the missing drivers are typed errors.
    for (const file of PROBE_FILES) cpSync(join(REPO_ROOT, 'test/package/fixtures', file), join(app, file));
    const probe = succeeded(await run(process.execPath, ['probe-runtime.mjs', 'sqlite::memory:', 'pglite:memory'], app), 'probe');
    const [imported, sqlite, pglite] = JSON.parse(probe.stdout) as ProbeStep[];
    expect(imported?.addons).toEqual([]);
    expect(packagesOf(imported?.modules ?? [])).toEqual(['orchestrix', 'zod']);
    expect(sqlite?.error).toMatchObject({ name: 'MissingDriverError', code: 'CONFIGURATION_INVALID', packageName: 'better-sqlite3' });
    expect(sqlite?.error?.message).toContain('npm install better-sqlite3');
    expect(pglite?.error).toMatchObject({ name: 'MissingDriverError', packageName: '@electric-sql/pglite' });
    expect(pglite?.addons).toEqual([]);

    // The README's steps: init (config, starter domain, tsconfig.json), generate (type-checked in memory), tsc, run.
    const init = succeeded(await run('npx', ['--no', 'orchestrix', 'init'], app), 'orchestrix init');
    expect(init.stderr).toContain('created tsconfig.json');
    expect(init.stderr).toContain('next steps:');
    succeeded(await run('npx', ['--no', 'orchestrix', 'generate', '--verify'], app), 'orchestrix generate --verify');
    expect(existsSync(join(app, 'src/generated/todo/read-models.ts'))).toBe(true);
    writeFileSync(join(app, 'src/main.ts'), readmeExample());
    writeFileSync(join(app, 'src/tool.ts'), APP_TOOL);
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    succeeded(await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--skipLibCheck', 'false'], app), 'tsc (strict, skipLibCheck: false)');

    let store = 'memory:';
    if (postgresServerUrl !== undefined) {
      const schema = uniqueSchemaName('orx_package');
      schemas.push(schema);
      const url = new URL(postgresServerUrl);
      url.searchParams.set('schema', schema);
      store = url.toString();
    }
    const ran = succeeded(await run(process.execPath, ['dist/main.js'], app, { DATABASE_URL: store }), 'node dist/main.js');
    expect(JSON.parse(ran.stdout)).toEqual({
      state: { title: 'Ship it', status: 'done' },
      open: ['Write the docs'],
      shipped: { taskId: expect.any(String), title: 'Ship it', status: 'done' },
    });
    if (postgresServerUrl !== undefined) {
      // On the server indeed: the app's schema holds its tables.
      const tables = await withServerClient(postgresServerUrl, (client) =>
        client.query<{ n: number }>('SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1', [schemas.at(-1)]),
      );
      expect(tables.rows[0]?.n).toBeGreaterThan(0);
    }
  }, 300_000);
});
