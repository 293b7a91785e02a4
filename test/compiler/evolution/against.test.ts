import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../compiler/diagnostics/diagnostic.js';
import { createExampleProject, REPO_ROOT, runCli } from '../../support/project.js';
import { createExampleRepository, edit, git, lineOf } from './support.js';

const codesOf = (stderr: string): string[] =>
  (JSON.parse(stderr) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.start.line}`);

describe('check --against: where the earlier version comes from', () => {
  it('compares with a folder holding an earlier copy, naming its files by the path given', async () => {
    const earlier = createExampleProject();
    const current = createExampleProject();
    edit(current, 'domains/banking.yaml', 'enum: [EUR, USD, GBP]', 'enum: [EUR, USD]');
    const run = await runCli(['check', '--against', earlier, '--format', 'json'], current);
    const [found] = (JSON.parse(run.stderr) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.code === 'ORX9504');
    expect(found?.span).toMatchObject({ file: 'domains/banking.yaml', start: { line: 7 } });
    expect(found?.related[0]?.span.file).toMatch(/\/domains\/banking\.yaml$/);
    expect(found?.related[0]?.span.start.line).toBe(6);
    expect(run.code).toBe(1);
  });

  it('compares only the paths given, in both versions', async () => {
    const repo = createExampleRepository();
    edit(repo, 'domains/banking.yaml', 'enum: [EUR, USD, GBP]', 'enum: [EUR, USD]');
    edit(repo, 'domains/ecommerce.yaml', '      Restock:\n', '      Refill:\n');
    const banking = await runCli(['check', 'domains/banking.yaml', '--against', 'HEAD', '--format', 'json'], repo);
    expect(codesOf(banking.stderr).filter((c) => c.startsWith('ORX95') || c.startsWith('ORX96'))).toEqual([
      'ORX9504 domains/banking.yaml:7',
      'ORX9603 domains/banking.yaml:43',
    ]);
    const ecommerce = await runCli(['check', 'domains/ecommerce.yaml', '--against', 'HEAD', '--format', 'json'], repo);
    expect(codesOf(ecommerce.stderr)).toContain(`ORX9601 domains/ecommerce.yaml:${lineOf(repo, 'domains/ecommerce.yaml', '      Refill:')}`);
    expect(codesOf(ecommerce.stderr).filter((c) => c.includes('banking'))).toEqual([]);
  });

  it('works from a project folder below the top of the repository', async () => {
    const top = mkdtempSync(join(tmpdir(), 'orx-monorepo-'));
    const project = join(top, 'services', 'bank');
    mkdirSync(project, { recursive: true });
    cpSync(join(REPO_ROOT, 'domains'), join(project, 'domains'), { recursive: true });
    git(top, 'init', '-q', '-b', 'main');
    git(top, 'config', 'user.email', 'test@example.org');
    git(top, 'config', 'user.name', 'Test');
    git(top, 'add', '-A');
    git(top, 'commit', '-q', '-m', 'base');
    edit(project, 'domains/banking.yaml', '      Withdraw:\n', '      TakeOut:\n');
    const run = await runCli(['check', '--against', 'main', '--format', 'json'], project);
    expect(codesOf(run.stderr)).toContain(`ORX9601 domains/banking.yaml:${lineOf(project, 'domains/banking.yaml', '      TakeOut:')}`);
    expect(run.code).toBe(1);
  });

  it('annotates pull requests with --format github: errors, warnings and notices', async () => {
    const repo = createExampleRepository();
    edit(repo, 'domains/banking.yaml', 'enum: [EUR, USD, GBP]', 'enum: [EUR, USD, GBP, CHF]');
    edit(repo, 'domains/banking.yaml', '      Withdraw:\n', '      TakeOut:\n');
    const run = await runCli(['check', '--against', 'HEAD', '--format', 'github'], repo);
    expect(run.stderr).toContain('::error file=domains/banking.yaml,line=');
    expect(run.stderr).toContain('title=ORX9601::');
    expect(run.stderr).toContain('::warning file=domains/banking.yaml,line=26,');
    expect(run.stderr).toContain('::notice file=domains/banking.yaml,line=7,');
    expect(run.code).toBe(1);
  });

  it('prints the earlier line as a note, with code frames from the earlier version', async () => {
    const repo = createExampleRepository();
    git(repo, 'rm', '-q', 'domains/notifications.yaml');
    const run = await runCli(['check', '--against', 'HEAD'], repo);
    expect(run.stderr).toContain("HEAD:domains/notifications.yaml:2:9: error ORX9509: domain 'notifications' was removed");
    expect(run.stderr).toContain('> 2 | domain: notifications');
    expect(run.stderr).toMatch(/checked 3 domains against HEAD: 1 error/);
    expect(run.code).toBe(1);
  });
});

describe('check --against: clear errors for a bad revision (exit 2)', () => {
  it('outside a git repository', async () => {
    const run = await runCli(['check', '--against', 'main'], createExampleProject());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not inside a git repository, so a git revision cannot be read');
    expect(run.stderr).toContain('hint: Run the command inside the repository, or pass a folder');
  });

  it('for a revision git does not know, or one that looks like an option', async () => {
    const repo = createExampleRepository();
    const unknown = await runCli(['check', '--against', 'mian'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: --against mian: 'mian' is neither a folder nor a revision git knows in this repository");
    expect(unknown.stderr).toContain('fetch-depth: 0');
    const option = await runCli(['check', '--against=--output=x'], repo);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("'--output=x' is not a git revision");
  });
});
