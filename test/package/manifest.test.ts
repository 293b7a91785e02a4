// What package.json promises an application, checked without packing (test/package/packed-app.test.ts
// packs and installs): entry points that name only shipped files, optional drivers, a license, docs
// that point only at what ships.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/project.js';
import { sourceEntries } from '../support/ts-loader/source-entries.mjs';

interface Manifest {
  readonly name: string;
  readonly type: string;
  readonly license: string;
  readonly bin: Record<string, string>;
  readonly files: readonly string[];
  readonly exports: Record<string, string | Record<string, string>>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { readonly optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const DRIVERS = ['@electric-sql/pglite', 'better-sqlite3', 'pg'];

/** Whether npm ships `path` (relative to the package root): under a `files` entry, or one of the files npm always includes. */
const isShipped = (path: string): boolean =>
  ['package.json', 'README.md', 'LICENSE'].includes(path) || manifest.files.some((entry) => path === entry || path.startsWith(`${entry}/`));

const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );

describe('package.json', () => {
  it('exposes the runtime, compiler and CLI entry points, each naming built files only', () => {
    expect(manifest.name).toBe('orchestrix');
    expect(manifest.type).toBe('module');
    expect(manifest.bin['orchestrix']).toBe('./bin/orchestrix.js');
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './runtime', './compiler']));
    for (const [entry, target] of Object.entries(manifest.exports)) {
      const targets = typeof target === 'string' ? { default: target } : target;
      // No `source` (or any other) condition pointing at the TypeScript sources, which do not ship.
      expect(Object.keys(targets).every((condition) => condition === 'types' || condition === 'default'), entry).toBe(true);
      for (const path of Object.values(targets)) {
        expect(isShipped(path.replace(/^\.\//, '')), `${entry} -> ${path}`).toBe(true);
        expect(/\.(m|c)?ts$/.test(path) && !path.endsWith('.d.ts'), `${entry} -> ${path}`).toBe(false);
      }
    }
  });

  it('makes every driver an optional peer dependency, kept as a dev dependency here so the tests cover every backend', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(DRIVERS);
    for (const driver of DRIVERS) {
      expect(manifest.peerDependenciesMeta[driver]?.optional, driver).toBe(true);
      expect(manifest.devDependencies[driver], driver).toBeDefined();
      expect(manifest.dependencies[driver], driver).toBeUndefined();
    }
    // Public types need no driver's types: none of @types/* is installed for an application.
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@types/'))).toEqual([]);
  });

  it('carries the MIT license text it declares', () => {
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 Orchestrix contributors\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});

describe('the repository runs its TypeScript sources', () => {
  it("maps every package entry point to its source in tsconfig.json's paths", () => {
    const entries = sourceEntries();
    const mapped = [...entries.keys()].map((specifier) => (specifier === 'orchestrix' ? '.' : `./${specifier.slice('orchestrix/'.length)}`));
    const withTypes = Object.entries(manifest.exports).flatMap(([entry, target]) => (typeof target === 'object' && 'types' in target ? [entry] : []));
    expect(mapped.sort()).toEqual(withTypes.sort());
    for (const [specifier, path] of entries) {
      expect(existsSync(path), specifier).toBe(true);
      const built = manifest.exports[specifier === 'orchestrix' ? '.' : `./${specifier.slice('orchestrix/'.length)}`];
      // The source of dist/runtime/index.js is runtime/index.ts.
      expect(typeof built === 'object' ? built['default'] : built).toBe(`./dist/${relative(REPO_ROOT, path).replace(/\.ts$/, '.js')}`);
    }
    const { config } = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as { config: { compilerOptions: Record<string, unknown> } };
    expect(config.compilerOptions['customConditions']).toBeUndefined();
  });

  it('resolves orchestrix/runtime to the very module the tests import from the sources', async () => {
    const runtime = await import('orchestrix/runtime');
    const sources = await import('../../runtime/index.js');
    expect(runtime.ConcurrencyError).toBe(sources.ConcurrencyError);
  });
});

describe('the shipped docs', () => {
  const docs = markdownFiles(join(REPO_ROOT, 'docs'));

  it('link only to shipped files or to public URLs', () => {
    const broken: string[] = [];
    for (const file of docs) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^(https?:|mailto:|#)/.test(target)) continue;
        const path = normalize(join(dirname(file), decodeURI(target.split('#')[0] ?? '')));
        const shipped = relative(REPO_ROOT, path).split('\\').join('/').replace(/\/$/, '');
        if (!existsSync(path) || !isShipped(shipped)) broken.push(`${relative(REPO_ROOT, file)}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name no file of the repository that the package does not ship', () => {
    const repositoryOnly = /\b(?:BENCHMARKS|RELIABILITY|CONTRIBUTING)\.md\b|(?<![\w./-])(?:test|bench|examples|reference|\.ci)\/[\w.-]+|(?<![\w./-])(?:runtime|compiler)\/[\w/.-]+\.ts\b/g;
    const mentions = docs.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(repositoryOnly)].map((match) => `${relative(REPO_ROOT, file)}: ${match[0]}`));
    expect(mentions).toEqual([]);
  });
});
