import { join } from 'node:path';
import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExampleProject, readTree, runCli } from '../../support/project.js';

/** The official AsyncAPI parser (JSON Schema validation of the document and its payload schemas, and Spectral's core rules). */
const parser = new Parser();

describe('orchestrix export asyncapi', () => {
  const problems: string[] = [];
  const documents = new Map<string, AsyncAPIDocumentInterface | undefined>();
  let files: Record<string, string> = {};
  beforeAll(async () => {
    const cwd = createExampleProject();
    const run = await runCli(['export', 'asyncapi'], cwd);
    expect(run.code).toBe(0);
    files = readTree(join(cwd, 'asyncapi'));
    for (const [file, text] of Object.entries(files)) {
      const { document, diagnostics } = await parser.parse(text);
      documents.set(file, document);
      for (const d of diagnostics) {
        if (d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning) problems.push(`${file}: ${d.code} ${d.message} at ${d.path.join('.')}`);
      }
    }
  }, 120_000);

  it('writes one AsyncAPI 3 document per example domain that the official parser accepts without errors or warnings', () => {
    expect(Object.keys(files)).toEqual(['banking.asyncapi.yaml', 'ecommerce.asyncapi.yaml', 'lakehouse.asyncapi.yaml', 'notifications.asyncapi.yaml']);
    expect(problems).toEqual([]);
    for (const file of Object.keys(files)) expect(documents.get(file), file).toBeDefined();
  });

  it('is checked by a parser that rejects a broken document', async () => {
    const broken = (files['banking.asyncapi.yaml'] ?? '').replace('action: send', 'action: publish');
    const { diagnostics } = await parser.parse(broken);
    expect(diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)).toBe(true);
  });

  it('has a channel per event stream, every event version and command as a message, and personal data marked', () => {
    const document = documents.get('banking.asyncapi.yaml');
    if (document === undefined) throw new Error('not parsed');
    const events = document.channels().get('AccountEvents');
    expect(events?.address()).toBe('banking/Account/{accountId}');
    expect(events?.messages().all().map((m) => m.id())).toEqual(['AccountOpened', 'MoneyDepositedV1', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountTagged', 'AccountClosed']);
    expect(document.channels().get('AccountCommands')?.messages().all().map((m) => m.id())).toEqual(['OpenAccount', 'Deposit', 'Withdraw', 'TagAccount', 'Close']);
    expect(document.operations().get('executeAccountCommands')?.action()).toBe('receive');
    const opened = document.messages().get('AccountOpened')?.payload();
    expect(opened?.properties()?.['ownerName']?.extensions().get('x-personal-data')?.value()).toBe(true);
    expect(opened?.properties()?.['address']?.properties()?.['street']?.extensions().get('x-personal-data')?.value()).toBe(true);
    const v1 = document.messages().get('MoneyDepositedV1');
    expect(v1?.headers()?.properties()?.['schemaVersion']?.const()).toBe(1);
    expect(Object.keys(v1?.payload()?.properties() ?? {})).toEqual(['amount', 'balanceAfter']);
    expect(document.messages().get('Deposit')?.payload()?.required()).toEqual(['accountId', 'amount']);
  }, 120_000);

  it('is byte-identical across runs, and --check reports a stale document', async () => {
    const cwd = createExampleProject();
    await runCli(['export', 'asyncapi', 'out/api', '--api-version', '2.1.0'], cwd);
    const first = readTree(join(cwd, 'out/api'));
    expect(first['banking.asyncapi.yaml']).toContain('  version: 2.1.0\n');
    expect((await runCli(['export', 'asyncapi', 'out/api', '--api-version', '2.1.0', '--check'], cwd)).code).toBe(0);
    expect(readTree(join(cwd, 'out/api'))).toEqual(first);
    const stale = await runCli(['export', 'asyncapi', 'out/api', '--check'], cwd);
    expect(stale.code).toBe(1);
    expect(stale.stdout.split('\n').filter((l) => l !== '')).toHaveLength(4);
    expect(readTree(join(cwd, 'out/api'))).toEqual(first);
  });
});
