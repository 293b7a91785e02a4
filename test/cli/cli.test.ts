import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createExampleProject, createProject, REPO_ROOT, runCli } from '../support/project.js';

const INVALID = `domain: shop
aggregates:
  Cart:
    state:
      total: { type: integr, default: 0 }
`;

const CONFIG = 'specs: ["domains/**/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n';

describe('orchestrix (general)', () => {
  it('prints its version and help', async () => {
    const cwd = createProject({});
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'], cwd)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = await runCli(['--help'], cwd);
    expect(help.code).toBe(0);
    for (const command of ['check', 'generate', 'init', 'schema']) expect(help.stdout).toContain(command);
  });

  it('suggests the closest command or flag and exits 2 on bad invocation', async () => {
    const cwd = createProject({});
    const command = await runCli(['chek'], cwd);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean check?)');
    const flag = await runCli(['generate', '--chek'], cwd);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('(Did you mean --check?)');
    const format = await runCli(['check', '--format', 'xml'], cwd);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('pretty, json, github');
  });
});

describe('orchestrix check', () => {
  it('exits 0 on the example domains and says so on stderr', async () => {
    const run = await runCli(['check'], createExampleProject());
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^checked 4 domains: no problems \(\d+ ms\)\n$/);
  });

  it('reports a mistake with file, line, column, code, code frame and hint, and exits 1', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': CONFIG, 'domains/shop.yaml': INVALID });
    const run = await runCli(['check'], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('domains/shop.yaml:5:22: error ORX');
    expect(run.stderr).toContain("Did you mean 'integer'?");
    expect(run.stderr).toContain('> 5 |       total: { type: integr, default: 0 }');
    expect(run.stderr).toContain('hint:');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('checks only the paths given on the command line', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': CONFIG, 'domains/shop.yaml': INVALID, 'good/todo.yaml': 'domain: todo\n' });
    expect((await runCli(['check', 'good'], cwd)).code).toBe(0);
    expect((await runCli(['check', 'domains/shop.yaml'], cwd)).code).toBe(1);
  });

  it('prints json and GitHub annotations on request', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': CONFIG, 'domains/shop.yaml': INVALID });
    const json = await runCli(['check', '--format', 'json'], cwd);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stderr) as { diagnostics: { code: string; span: { file: string; start: { line: number } } }[] };
    expect(parsed.diagnostics[0]?.span).toMatchObject({ file: 'domains/shop.yaml', start: { line: 5 } });
    const github = await runCli(['check', '--format', 'github'], cwd);
    expect(github.stderr).toMatch(/^::error file=domains\/shop\.yaml,line=5,col=22,endLine=5,endColumn=\d+,title=ORX\d{4}::/);
  });

  it('colours diagnostics only when asked or on a terminal, and never with NO_COLOR', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': CONFIG, 'domains/shop.yaml': INVALID });
    expect((await runCli(['check'], cwd)).stderr).not.toContain('\u001b[');
    expect((await runCli(['check', '--color'], cwd)).stderr).toContain('\u001b[31m');
    expect((await runCli(['check'], cwd, { FORCE_COLOR: '1' })).stderr).toContain('\u001b[31m');
    expect((await runCli(['check'], cwd, { FORCE_COLOR: '1', NO_COLOR: '1' })).stderr).not.toContain('\u001b[');
  });
});

describe('orchestrix generate', () => {
  it('writes every domain, prints one summary line per domain, and is idempotent', async () => {
    const cwd = createExampleProject();
    const first = await runCli(['generate'], cwd);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('banking: 5 written, 0 unchanged, 0 removed, 1 handler stub(s) created (out/generated/banking)');
    expect(first.stderr).toMatch(/generated 4 domain\(s\) in \d+ ms/);
    const second = await runCli(['generate'], cwd);
    expect(second.stderr).toContain('banking: 0 written, 5 unchanged, 0 removed (out/generated/banking)');
  }, 60_000);

  it('--check writes nothing, lists stale files on stdout and exits 1; 0 when up to date', async () => {
    const cwd = createExampleProject();
    const missing = await runCli(['generate', '--check'], cwd);
    expect(missing.code).toBe(1);
    expect(missing.stdout.split('\n')).toContain('out/generated/banking/account.ts');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    await runCli(['generate'], cwd);
    const clean = await runCli(['generate', '--check'], cwd);
    expect(clean).toMatchObject({ code: 0, stdout: '' });
    expect(clean.stderr).toContain('banking: up to date (out/generated/banking)');
  }, 60_000);

  it('writes nothing while the configuration has an error, and says which (ORX1102)', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': 'specs: domains/*.yaml\noutput: out/generated\n', 'domains/todo.yaml': 'domain: todo\n' });
    const run = await runCli(['generate'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error ORX1102: invalid 'specs' in the configuration");
    expect(run.stderr).toContain('generated 0 domain(s) with 1 error(s)');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    // check still reports the specs it could read; fixing the config lets generate write.
    expect((await runCli(['check'], cwd)).code).toBe(1);
    writeFileSync(join(cwd, 'orchestrix.config.yaml'), 'specs: [domains/*.yaml]\noutput: out/generated\n');
    expect((await runCli(['generate'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'out/generated/todo/index.ts'))).toBe(true);
  }, 60_000);

  it('--out chooses the output folder', async () => {
    const cwd = createExampleProject();
    expect((await runCli(['generate', '--out', 'elsewhere'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'elsewhere/banking/account.ts'))).toBe(true);
  }, 60_000);

  it('refuses to overwrite a hand-edited generated file (ORX8002) or an unmanaged one (ORX8003) without --force', async () => {
    const cwd = createExampleProject();
    await runCli(['generate'], cwd);
    const account = join(cwd, 'out/generated/banking/account.ts');
    writeFileSync(account, `${readFileSync(account, 'utf8')}// my change\n`);
    writeFileSync(join(cwd, 'out/generated/ecommerce/cart.ts'), '// not ours\n');
    rmManifestEntry(join(cwd, 'out/generated/ecommerce'), 'cart.ts');
    const refused = await runCli(['generate'], cwd);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error ORX8002: out/generated/banking/account.ts was changed since Orchestrix generated it; generating would overwrite it.");
    expect(refused.stderr).toContain('error ORX8003: out/generated/ecommerce/cart.ts exists but was not generated by Orchestrix');
    expect(readFileSync(account, 'utf8')).toContain('// my change');
    // --check names a hand-edited file once (it is both changed and a conflict) and counts it once.
    const checked = await runCli(['generate', '--check'], cwd);
    expect(checked.code).toBe(1);
    expect(checked.stdout.split('\n').filter((line) => line === 'out/generated/banking/account.ts')).toHaveLength(1);
    expect(checked.stderr).toContain('banking: 1 stale file(s) (out/generated/banking)');
    expect(checked.stderr.match(/ORX8002/g)).toHaveLength(1);
    const forced = await runCli(['generate', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(account, 'utf8')).not.toContain('// my change');
  }, 60_000);
});

describe('template overrides', () => {
  const withTemplate = (name: string, edit: (text: string) => string): string => {
    const cwd = createExampleProject();
    writeFileSync(join(cwd, 'orchestrix.config.yaml'), `${readFileSync(join(cwd, 'orchestrix.config.yaml'), 'utf8')}templates: tpl\n`);
    mkdirSync(join(cwd, 'tpl'));
    writeFileSync(join(cwd, 'tpl', `${name}.hbs`), edit(readFileSync(join(REPO_ROOT, 'templates', `${name}.hbs`), 'utf8')));
    return cwd;
  };

  it('replace a built-in template by file name', async () => {
    const runtimeImport = "import { {{runtimeImports}} } from 'orchestrix/runtime';";
    const cwd = withTemplate('types', (t) => {
      // Guard: the edit must hit the template (a replace that matches nothing tests nothing).
      expect(t).toContain(runtimeImport);
      return t.replace(runtimeImport, `${runtimeImport}\n// house style`);
    });
    expect((await runCli(['generate'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'out/generated/banking/types.ts'), 'utf8')).toContain('// house style');
  }, 60_000);

  it('report a field the view lacks (ORX8005)', async () => {
    const cwd = withTemplate('types', (t) => `${t}\n// {{noSuchField}}\n`);
    const run = await runCli(['generate'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error ORX8005: Template');
    expect(run.stderr).toContain('noSuchField');
  }, 60_000);

  it('report output that does not parse (ORX8006)', async () => {
    const cwd = withTemplate('types', (t) => `${t}\nexport const = ;\n`);
    const run = await runCli(['generate'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error ORX8006: The templates produced code that does not parse for out/generated/banking/types.ts');
  }, 60_000);

  it('report output that does not type-check under --verify (ORX8004) and write nothing', async () => {
    const cwd = withTemplate('types', (t) => `${t}\nexport const broken: number = 'text';\n`);
    const run = await runCli(['generate', '--verify', 'domains/banking.yaml'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error ORX8004: Generated code does not type-check at out\/generated\/banking\/types\.ts:\d+:\d+: Type 'string' is not assignable to type 'number'/);
    expect(existsSync(join(cwd, 'out/generated/banking/types.ts'))).toBe(false);
  }, 120_000);
});

describe('custom handlers', () => {
  it('a handler that does not match its generated signature is the user\'s error (ORX8007), and the output is still written', async () => {
    const cwd = createExampleProject();
    const handler = join(cwd, 'out/handlers/banking/account/close.ts');
    mkdirSync(join(cwd, 'out/handlers/banking/account'), { recursive: true });
    writeFileSync(
      handler,
      [
        "import type { CloseHandler } from '../../../generated/banking/account.js';",
        'export const decideClose: CloseHandler = (_state, _command, context) => [',
        "  { type: 'MoneyDeposited', data: { amount: 1, balanceAfter: 1, channel: 'online' } },",
        '];',
        '',
      ].join('\n'),
    );
    const run = await runCli(['generate', '--verify', 'domains/banking.yaml'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/out\/handlers\/banking\/account\/close\.ts:\d+:\d+: error ORX8007: The hand-written handler decideClose/);
    expect(run.stderr).not.toContain('ORX8004');
    expect(existsSync(join(cwd, 'out/generated/banking/account.ts'))).toBe(true);
    expect(readFileSync(handler, 'utf8')).toContain('MoneyDeposited'); // never overwritten
  }, 120_000);
});

describe('generate --verify without the runtime installed', () => {
  it('reports the missing runtime once (ORX8008), not as compiler bugs', async () => {
    const cwd = createProject({ 'orchestrix.config.yaml': CONFIG, 'domains/todo.yaml': 'domain: todo\ntypes:\n  Level:\n    enum: [low, high]\n' });
    rmSync(join(cwd, 'node_modules'), { recursive: true });
    const run = await runCli(['generate', '--verify'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr.match(/error ORX8008: --verify cannot resolve 'orchestrix\/runtime'/g)).toHaveLength(1);
    expect(run.stderr).not.toContain('ORX8004');
  }, 120_000);
});

describe('orchestrix init and schema', () => {
  it('init scaffolds a config and a starter domain that checks clean, and never overwrites', async () => {
    const cwd = createProject({});
    const run = await runCli(['init', 'shop'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('created orchestrix.config.yaml');
    expect(run.stderr).toContain('created domains/shop.yaml');
    expect(readFileSync(join(cwd, 'domains/shop.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    expect((await runCli(['check'], cwd)).code).toBe(0);
    writeFileSync(join(cwd, 'domains/shop.yaml'), 'domain: shop\n');
    const again = await runCli(['init', 'shop'], cwd);
    expect(again.stderr).toContain('kept domains/shop.yaml (it already exists)');
    expect(readFileSync(join(cwd, 'domains/shop.yaml'), 'utf8')).toBe('domain: shop\n');
    expect((await runCli(['init', 'Bad-Name'], cwd)).code).toBe(2);
  });

  it('init writes a tsconfig.json for the generated code where there is none, keeps an existing one, and prints the next steps', async () => {
    const cwd = createProject({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    const run = await runCli(['init', 'shop'], cwd);
    expect(run.stderr).toContain('created tsconfig.json');
    const { config, error } = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(join(cwd, 'tsconfig.json'), 'utf8'));
    expect(error).toBeUndefined();
    expect(config.compilerOptions).toMatchObject({ module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, types: ['node'] });
    expect(config.include).toEqual(['src']);
    // Numbered steps, the domain's own names in them; no step about "type": "module", which this package.json has.
    expect(run.stderr).toMatch(/next steps:\n {2}1\. edit domains\/shop\.yaml/);
    expect(run.stderr).toContain('writes the typed code to src/generated/shop/');
    expect(run.stderr).toContain('`npm install pg` (postgres://...)');
    expect(run.stderr).toContain("import { createShop } from './generated/shop/index.js'");
    expect(run.stderr).not.toContain('"type": "module"');
    expect(run.stdout).toBe('');

    const kept = createProject({ 'tsconfig.json': '{}\n', 'package.json': '{ "name": "app" }\n' });
    const again = await runCli(['init'], kept);
    expect(again.stderr).toContain('kept tsconfig.json (it already exists)');
    expect(readFileSync(join(kept, 'tsconfig.json'), 'utf8')).toBe('{}\n');
    expect(again.stderr).toContain('set "type": "module" in package.json');
    expect((await runCli(['init'], createProject({}))).stderr).toContain('create a package.json with "type": "module"');
  });

  it('init names the factory generate will export, also where the plain name is taken', async () => {
    // `createDomainRuntime` is a runtime import of the generated code: the factory takes its escaped form.
    const cwd = createProject({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    const run = await runCli(['init', 'domainRuntime'], cwd);
    expect((await runCli(['generate'], cwd)).code).toBe(0);
    const domain = readFileSync(join(cwd, 'src/generated/domainRuntime/domain.ts'), 'utf8');
    const factory = /export function (\w+)\(options: DomainOptions\)/.exec(domain)?.[1];
    expect(factory).toBeDefined();
    expect(factory).not.toBe('createDomainRuntime');
    expect(run.stderr).toContain(`import { ${factory} } from './generated/domainRuntime/index.js'`);
  });

  it('the starter domain generates code that type-checks', async () => {
    const cwd = createProject({});
    await runCli(['init'], cwd);
    const run = await runCli(['generate', '--verify'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(cwd, 'src/generated/todo/task.ts'))).toBe(true);
  }, 120_000);

  it('schema prints the draft-07 JSON Schema of the DSL on stdout, equal to the shipped file', async () => {
    const run = await runCli(['schema'], createProject({}));
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['domain', 'types', 'aggregates']));
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'schema/orchestrix.schema.json'), 'utf8'))).toEqual(schema);
  });
});

function rmManifestEntry(dir: string, file: string): void {
  const path = join(dir, '.orchestrix-manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, unknown> };
  delete manifest.files[file];
  writeFileSync(path, JSON.stringify(manifest));
}
