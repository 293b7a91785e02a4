import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as eventCatalogSdk from '@eventcatalog/sdk';
import { describe, expect, it } from 'vitest';
import { createExampleProject, createProject, readTree, runCli } from '../../support/project.js';
import { edit } from '../evolution/support.js';
import { exampleDomains } from './support.js';

/**
 * The SDK's reader for a catalogue folder: its default export. The package's types describe its
 * CommonJS build (where the function is `.default` of the module); Node imports its ES module build,
 * whose default export is the function itself.
 */
type CatalogReader = typeof eventCatalogSdk.default.default;
const createCatalogReader = eventCatalogSdk.default as unknown as CatalogReader;

/** Exports the example domains into `<project>/catalog` and returns the project folder. */
async function exported(): Promise<string> {
  const cwd = createExampleProject();
  const run = await runCli(['export', 'eventcatalog', 'catalog'], cwd);
  expect(run.code, run.stderr).toBe(0);
  return cwd;
}

describe('orchestrix export eventcatalog', () => {
  it('writes a catalogue that the EventCatalog SDK reads: domains, aggregate entities, services, every event version and command with its schema', async () => {
    const cwd = await exported();
    const sdk = createCatalogReader(join(cwd, 'catalog'));

    const domains = await sdk.getDomains();
    expect(domains.map((d) => d.id).sort()).toEqual(['banking', 'ecommerce', 'lakehouse', 'notifications']);
    const ecommerce = await sdk.getDomain('ecommerce');
    expect(ecommerce.services?.map((s) => s.id)).toEqual(['ecommerce-Cart', 'ecommerce-Order', 'ecommerce-InventoryItem']);

    const account = await sdk.getEntity('banking-Account-state');
    expect(account).toMatchObject({ name: 'Account', aggregateRoot: true, identifier: 'accountId' });
    expect(account.properties?.find((p) => p.name === 'status')).toMatchObject({ type: 'AccountStatus', enum: ['pending', 'open', 'closed'] });

    const service = await sdk.getService('banking-Account');
    expect(service.receives?.map((r) => r.id)).toEqual(['banking-OpenAccount', 'banking-Deposit', 'banking-Withdraw', 'banking-TagAccount', 'banking-Close']);
    expect(service.sends).toContainEqual({ id: 'banking-MoneyDeposited', version: '2.0.0' });

    const latest = await sdk.getEvent('banking-MoneyDeposited', undefined, { attachSchema: true });
    expect(latest.version).toBe('2.0.0');
    expect(Object.keys((latest.schema as { properties: object }).properties)).toEqual(['amount', 'balanceAfter', 'channel']);
    const v1 = await sdk.getEvent('banking-MoneyDeposited', '1.0.0', { attachSchema: true });
    expect(Object.keys((v1.schema as { properties: object }).properties)).toEqual(['amount', 'balanceAfter']);
    const events = (await exampleDomains()).flatMap((d) => d.aggregates.flatMap((a) => a.events));
    expect((await sdk.getEvents()).length).toBe(events.reduce((sum, e) => sum + e.version, 0));
    expect((await sdk.getEvents({ latestOnly: true })).length).toBe(events.length);
    expect((await sdk.getCommands()).map((c) => c.id)).toContain('lakehouse-RequestAnonymization');

    const opened = await sdk.getEvent('banking-AccountOpened', undefined, { attachSchema: true });
    expect(opened.badges).toEqual([{ content: 'Personal data', backgroundColor: 'red', textColor: 'white' }]);
    expect((opened.schema as { properties: Record<string, object> }).properties['ownerName']).toMatchObject({ 'x-personal-data': true });
  });

  it('keeps what people wrote on re-export: text outside the generated block and their own front matter', async () => {
    const cwd = await exported();
    const page = join(cwd, 'catalog/domains/banking/events/MoneyWithdrawn/index.mdx');
    const original = readFileSync(page, 'utf8');
    const edited = original
      .replace('---\n\n', '---\n\n## Why it exists\n\nFinance reconciles withdrawals nightly.\n\n')
      .replace('schemaPath: schema.json\n', 'schemaPath: schema.json\nowners:\n  - payments-team\n')
      .concat('\nAsk #payments before changing it.\n');
    writeFileSync(page, edited);
    edit(cwd, 'domains/banking.yaml', '      MoneyWithdrawn:\n', '      MoneyWithdrawn:\n        description: Money left the account.\n');

    expect((await runCli(['export', 'eventcatalog', 'catalog'], cwd)).code).toBe(0);
    const again = readFileSync(page, 'utf8');
    expect(again).toContain('## Why it exists\n\nFinance reconciles withdrawals nightly.');
    expect(again).toContain('Ask #payments before changing it.');
    expect(again).toContain('owners:\n  - payments-team\n');
    // The generated part follows the spec.
    expect(again).toContain('summary: Money left the account.\n');
    expect(again).toContain('\nMoney left the account.\n');
    const sdk = createCatalogReader(join(cwd, 'catalog'));
    expect(await sdk.getEvent('banking-MoneyWithdrawn')).toMatchObject({ owners: ['payments-team'], summary: 'Money left the account.' });

    // Once more with nothing changed: not a byte moves.
    const before = readTree(join(cwd, 'catalog'));
    const unchanged = await runCli(['export', 'eventcatalog', 'catalog'], cwd);
    expect(unchanged.stderr).toContain('wrote 0 file(s)');
    expect(readTree(join(cwd, 'catalog'))).toEqual(before);
  });

  it('is byte-identical across runs and folders', async () => {
    const a = readTree(join(await exported(), 'catalog'));
    const b = readTree(join(await exported(), 'catalog'));
    expect(Object.keys(a).length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });

  it('removes the pages of resources that are gone when nobody wrote into them, and keeps edited ones', async () => {
    const spec = (extra: string): string => `domain: shop
aggregates:
  Cart:
    state:
      items: { type: integer, default: 0 }
    commands:
      Add:
        emits: [Added]
${extra}    events:
      Added:
        apply: { items: state.items + 1 }
      Emptied: {}
      Closed: {}
`;
    const cwd = createProject({ 'domains/shop.yaml': spec('      Empty:\n        emits: [Emptied]\n      Close:\n        emits: [Closed]\n') });
    expect((await runCli(['export', 'eventcatalog', 'catalog'], cwd)).code).toBe(0);
    const closed = join(cwd, 'catalog/domains/shop/commands/Close/index.mdx');
    writeFileSync(closed, `${readFileSync(closed, 'utf8')}\nKept for the audit trail.\n`);
    writeFileSync(join(cwd, 'domains/shop.yaml'), spec(''));
    const run = await runCli(['export', 'eventcatalog', 'catalog'], cwd);
    expect(run.stderr).toContain('removed 2');
    const files = Object.keys(readTree(join(cwd, 'catalog')));
    expect(files.filter((f) => f.includes('/Empty/'))).toEqual([]);
    expect(files.filter((f) => f.includes('/Close/'))).toEqual(['domains/shop/commands/Close/index.mdx', 'domains/shop/commands/Close/schema.json']);
  });
});
