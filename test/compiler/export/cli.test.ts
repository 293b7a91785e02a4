import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExampleProject, readTree, runCli } from '../../support/project.js';

describe('orchestrix export (command line)', () => {
  it('exports the domains that check clean, reports the others, and exits 1', async () => {
    const cwd = createExampleProject();
    writeFileSync(join(cwd, 'domains/broken.yaml'), 'domain: broken\naggregates:\n  Thing:\n    state:\n      size: { type: integr, default: 0 }\n');
    const run = await runCli(['export', 'mermaid'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('domains/broken.yaml:5:');
    expect(Object.keys(readTree(join(cwd, 'docs/domains')))).toEqual(['banking.md', 'ecommerce.md', 'lakehouse.md', 'notifications.md']);
  });

  it('removes the files of a domain that is gone, but never a file it did not write', async () => {
    const cwd = createExampleProject();
    await runCli(['export', 'asyncapi'], cwd);
    writeFileSync(join(cwd, 'asyncapi/handwritten.asyncapi.yaml'), 'asyncapi: 3.1.0\n');
    rmSync(join(cwd, 'domains/notifications.yaml'));
    const check = await runCli(['export', 'asyncapi', '--check'], cwd);
    expect(check).toMatchObject({ code: 1, stdout: 'asyncapi/notifications.asyncapi.yaml\n' });
    const run = await runCli(['export', 'asyncapi'], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/asyncapi: 3 domain\(s\) into asyncapi: wrote 0 file\(s\), 3 unchanged, removed 1 \(\d+ ms\)/);
    expect(Object.keys(readTree(join(cwd, 'asyncapi')))).toEqual([
      'banking.asyncapi.yaml',
      'ecommerce.asyncapi.yaml',
      'handwritten.asyncapi.yaml',
      'lakehouse.asyncapi.yaml',
    ]);
  });

  it('rejects an unknown format with the list of formats (exit 2)', async () => {
    const run = await runCli(['export', 'openapi'], createExampleProject());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('asyncapi, eventcatalog, mermaid');
  });
});
