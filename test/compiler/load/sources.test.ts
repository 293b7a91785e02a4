import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, loadSources, MAX_FILE_BYTES } from '../../../compiler/load/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project with the given files (path -> text). */
function project(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrix-load-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const spec = (name: string): string => `domain: ${name}\n`;
const codes = (r: { diagnostics: readonly { code: string }[] }): string[] => r.diagnostics.map((d) => d.code);

describe('loadConfig', () => {
  it('defaults when there is no config file', async () => {
    const dir = project({});
    const { config, diagnostics } = await loadConfig(dir);
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      file: undefined,
      dir,
      specs: ['domains/**/*.{yaml,yml}'],
      output: join(dir, 'src/generated'),
      handlers: join(dir, 'src/handlers'),
      templates: undefined,
    });
  });

  it('reads the values, resolving folders against the config folder', async () => {
    const dir = project({ 'orchestrix.config.yaml': 'specs: [model/*.yaml]\noutput: gen\ntemplates: tpl\n' });
    const { config, diagnostics } = await loadConfig(dir);
    expect(diagnostics).toEqual([]);
    expect(config.file).toBe(join(dir, 'orchestrix.config.yaml'));
    expect(config.specs).toEqual(['model/*.yaml']);
    expect(config.output).toBe(join(dir, 'gen'));
    expect(config.handlers).toBe(join(dir, 'src/handlers'));
    expect(config.templates).toBe(join(dir, 'tpl'));
  });

  it('reports unknown keys (did you mean) and invalid values, keeping the valid keys', async () => {
    const dir = project({ 'orchestrix.config.yml': 'outptu: gen\nspecs: domains/*.yaml\nhandlers: hand\n' });
    const { config, diagnostics } = await loadConfig(dir);
    expect(diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}:${d.span.start.column} ${d.hint ?? ''}`)).toEqual([
      "ORX1101 orchestrix.config.yml:1:1 Did you mean 'output'?",
      expect.stringMatching(/^ORX1102 orchestrix\.config\.yml:2:8 'specs': Globs of spec files/),
    ]);
    expect(diagnostics[1]?.message).toBe("invalid 'specs' in the configuration: expected a list, not the string 'domains/*.yaml'");
    expect(config.specs).toEqual(['domains/**/*.{yaml,yml}']);
    expect(config.handlers).toBe(join(dir, 'hand'));
  });

  it('warns when both file names exist, and reads the .yaml one', async () => {
    const dir = project({ 'orchestrix.config.yaml': 'output: a\n', 'orchestrix.config.yml': 'output: b\n' });
    const { config, diagnostics } = await loadConfig(dir);
    expect(codes({ diagnostics })).toEqual(['ORX1103']);
    expect(config.output).toBe(join(dir, 'a'));
  });

  it('a config with YAML errors falls back to the defaults', async () => {
    const dir = project({ 'orchestrix.config.yaml': 'output: "gen\n' });
    const { config, diagnostics } = await loadConfig(dir);
    expect(codes({ diagnostics })).toEqual(['ORX1202']);
    expect(config.output).toBe(join(dir, 'src/generated'));
  });
});

describe('loadSources', () => {
  it('uses the config globs by default, sorted, config file excluded', async () => {
    const dir = project({ 'domains/b.yaml': spec('b'), 'domains/a/x.yml': spec('a'), 'domains/notes.txt': 'x', 'orchestrix.config.yaml': 'output: gen\n' });
    const { docs, diagnostics } = await loadSources({ cwd: dir });
    expect(diagnostics).toEqual([]);
    expect(docs.map((d) => d.file)).toEqual(['domains/a/x.yml', 'domains/b.yaml']);
    expect(docs.map((d) => d.value)).toEqual([{ domain: 'a' }, { domain: 'b' }]);
  });

  it('takes files and folders, recursively, deduplicated, skipping node_modules and config files', async () => {
    const dir = project({
      'specs/one.yaml': spec('one'),
      'specs/deep/two.yml': spec('two'),
      'specs/node_modules/dep/three.yaml': spec('three'),
      'specs/orchestrix.config.yaml': 'output: x\n',
      'other.yaml': spec('other'),
    });
    const { docs, diagnostics } = await loadSources({ cwd: dir, paths: ['specs', 'specs/one.yaml', './other.yaml'] });
    expect(diagnostics).toEqual([]);
    expect(docs.map((d) => d.file)).toEqual(['other.yaml', 'specs/deep/two.yml', 'specs/one.yaml']);
  });

  it('shows paths outside the working directory as absolute', async () => {
    const outside = project({ 'x.yaml': spec('x') });
    const cwd = project({});
    const { docs } = await loadSources({ cwd, paths: [join(outside, 'x.yaml')] });
    expect(docs.map((d) => d.file)).toEqual([join(outside, 'x.yaml')]);
  });

  it('reports missing paths, empty folders and globs that match nothing', async () => {
    const dir = project({ 'empty/readme.md': '#' });
    const fromPaths = await loadSources({ cwd: dir, paths: ['nope.yaml', 'empty'] });
    expect(fromPaths.diagnostics.map((d) => `${d.code} ${d.span.file} ${d.message}`)).toEqual([
      "ORX1001 nope.yaml cannot read 'nope.yaml': no such file or folder",
      "ORX1005 empty no spec files (*.yaml, *.yml) found in 'empty'",
    ]);
    const fromGlobs = await loadSources({ cwd: dir });
    expect(codes(fromGlobs)).toEqual(['ORX1005']);
  });

  it('uses a given config instead of loading one', async () => {
    const dir = project({ 'x/a.yaml': spec('a'), 'domains/b.yaml': spec('b') });
    const { config } = await loadConfig(dir);
    const { docs } = await loadSources({ cwd: dir, config: { ...config, specs: ['x/*.yaml'] } });
    expect(docs.map((d) => d.file)).toEqual(['x/a.yaml']);
  });

  it('keeps going past broken files; a huge file is refused before it is read', async () => {
    const dir = project({ 'domains/bad.yaml': 'domain: "x\n', 'domains/good.yaml': spec('good') });
    writeFileSync(join(dir, 'domains/huge.yaml'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const { docs, diagnostics } = await loadSources({ cwd: dir });
    expect(docs.map((d) => d.file)).toEqual(['domains/good.yaml']);
    expect(diagnostics.map((d) => `${d.code} ${d.span.file}`)).toEqual(['ORX1202 domains/bad.yaml', 'ORX1002 domains/huge.yaml']);
  });
});
