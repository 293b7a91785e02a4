import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

/**
 * A reader that sees the catalogue as it is now: the SDK caches the pages it parsed per folder it
 * searches (the catalogue, or its domains/ for domains) until that folder's own mtime changes,
 * which edits deeper down do not do.
 */
function freshReader(dir: string): ReturnType<CatalogReader> {
  for (const folder of [dir, join(dir, 'domains')]) {
    const at = new Date(statSync(folder).mtimeMs + 1000);
    utimesSync(folder, at, at);
  }
  return createCatalogReader(dir);
}

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

  it('writes the read side: a flow per automation and, per read model, a data store with its row schema and a flow from its events', async () => {
    const cwd = await exported();
    const sdk = createCatalogReader(join(cwd, 'catalog'));
    const models = await exampleDomains();

    const ecommerce = await sdk.getDomain('ecommerce');
    expect(ecommerce.flows?.map((f) => f.id)).toEqual([
      'ecommerce-ReserveStockForOrder',
      'ecommerce-ReleaseStockOfCancelledOrder',
      'ecommerce-CancelUnpaidOrder',
      'ecommerce-OpenCarts-projection',
      'ecommerce-OrderSummary-projection',
      'ecommerce-StockLevel-projection',
      'ecommerce-CustomerOrders-projection',
    ]);

    // event -> wait (after) -> automation -> command -> the aggregate's service -> what it records
    const cancel = await sdk.getFlow('ecommerce-CancelUnpaidOrder');
    expect(cancel.steps.map((s) => [s.id, s.next_step ?? s.next_steps ?? null])).toEqual([
      ['event', 'wait'],
      ['wait', 'automation'],
      ['automation', 'command'],
      ['command', 'service'],
      ['service', ['records-OrderCancelled']],
      ['records-OrderCancelled', null],
    ]);
    const [event, wait, automation, command, service, recorded] = cancel.steps;
    expect(event?.message).toEqual({ id: 'ecommerce-OrderPlaced', version: '1.0.0' });
    expect(wait?.custom).toMatchObject({ title: 'Wait 30m', type: 'Delay' });
    expect(automation?.custom).toMatchObject({ title: 'CancelUnpaidOrder', type: 'Automation', properties: { on: 'OrderPlaced', after: '30m', execute: 'ExpireOrder', ignore: 'NoLongerUnpaid' } });
    expect(command?.message).toEqual({ id: 'ecommerce-ExpireOrder', version: '1.0.0' });
    expect(service?.service).toEqual({ id: 'ecommerce-Order', version: '1.0.0' });
    expect(recorded?.message).toEqual({ id: 'ecommerce-OrderCancelled', version: '3.0.0' });
    expect(cancel.markdown).toContain('When `OrderPlaced` is recorded, it waits `30m` from the event\'s time, then executes `ExpireOrder` on the `Order` aggregate.');

    const reserve = await sdk.getFlow('ecommerce-ReserveStockForOrder');
    expect(reserve.steps.find((s) => s.id === 'event')?.next_step).toBe('automation');
    expect(reserve.steps.find((s) => s.id === 'automation')?.next_step).toEqual({ id: 'command', label: 'for each item in event.lines' });
    const welcome = await sdk.getFlow('notifications-WelcomeNewSubscriber');
    expect(welcome.steps.find((s) => s.id === 'event')?.next_step).toEqual({ id: 'automation', label: 'when event.email != null' });
    expect(welcome.markdown).toContain('- `channel`: `email`');

    const summary = await sdk.getDataStore('banking-AccountSummary');
    expect(summary).toMatchObject({ name: 'AccountSummary', container_type: 'database', authoritative: false, badges: [{ content: 'Personal data' }] });
    expect(summary.markdown).toContain('- `MoneyDeposited`: sets `balance: event.balanceAfter`, `deposits: row.deposits + 1`, `lastMovementAt: time` on an existing row.');
    const row = JSON.parse(readFileSync(join(cwd, 'catalog/domains/banking/containers/AccountSummary/schema.json'), 'utf8')) as { properties: Record<string, object> };
    expect(Object.keys(row.properties)).toEqual(models.find((d) => d.name === 'banking')?.readModels[0]?.fields.map((f) => f.name));
    expect(row.properties['ownerName']).toMatchObject({ 'x-personal-data': true });
    const byChannel = await sdk.getFlow('banking-DepositsByChannel-projection');
    expect(byChannel.steps).toEqual([
      expect.objectContaining({ id: 'event-MoneyDeposited', message: { id: 'banking-MoneyDeposited', version: '2.0.0' }, next_step: { id: 'read-model', label: 'set, key event.channel' } }),
      expect.objectContaining({ id: 'read-model', container: { id: 'banking-DepositsByChannel', version: '1.0.0' } }),
    ]);

    const automations = models.flatMap((d) => d.automations);
    const readModels = models.flatMap((d) => d.readModels);
    const flows = await sdk.getFlows();
    expect(flows.length).toBe(automations.length + readModels.length);
    expect((await sdk.getDataStores()).length).toBe(readModels.length);
    // Every resource a flow step points at is in the catalogue, at that version.
    let pointers = 0;
    for (const flow of flows) {
      for (const step of flow.steps) {
        const found = step.message !== undefined
          ? ((await sdk.getEvent(step.message.id, step.message.version)) ?? (await sdk.getCommand(step.message.id, step.message.version)))
          : step.service !== undefined
            ? await sdk.getService(step.service.id, step.service.version)
            : step.container !== undefined
              ? await sdk.getDataStore(step.container.id, step.container.version)
              : step.custom;
        expect(found, `${flow.id}: ${step.id}`).toBeDefined();
        pointers++;
      }
    }
    expect(pointers).toBeGreaterThan(40);
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

  it('keeps flows people list on a domain and text they write into a flow; removes the read side that is gone when untouched', async () => {
    const readSide = `readModels:
  Carts:
    key: cartId
    fields: { cartId: uuid, items: { type: integer, default: 0 } }
    on:
      Added: { set: { items: row.items + 1 } }
automations:
  CloseFullCart:
    on: Added
    when: "event.count > 9"
    execute:
      Close: { cartId: id }
`;
    const spec = (extra: string): string => `domain: shop
aggregates:
  Cart:
    state:
      items: { type: integer, default: 0 }
    commands:
      Add:
        fields: { count: integer }
        emits: [Added]
      Close:
        emits: [Closed]
    events:
      Added:
        fields: { count: integer }
        apply: { items: state.items + 1 }
      Closed: {}
${extra}`;
    const cwd = createProject({ 'domains/shop.yaml': spec(readSide) });
    expect((await runCli(['export', 'eventcatalog', 'catalog'], cwd)).code).toBe(0);
    const domainPage = join(cwd, 'catalog/domains/shop/index.mdx');
    writeFileSync(domainPage, readFileSync(domainPage, 'utf8').replace('---\n\n', '  - id: checkout-journey\n    version: 0.1.0\n---\n\n'));
    expect((await createCatalogReader(join(cwd, 'catalog')).getDomain('shop')).flows?.map((f) => f.id)).toEqual([
      'shop-CloseFullCart',
      'shop-Carts-projection',
      'checkout-journey',
    ]);
    const flowPage = join(cwd, 'catalog/domains/shop/flows/CloseFullCart/index.mdx');
    writeFileSync(flowPage, `${readFileSync(flowPage, 'utf8')}\nSupport closes carts by hand on weekends.\n`);

    // Re-export with nothing changed keeps both; then the read side leaves the spec.
    expect((await runCli(['export', 'eventcatalog', 'catalog'], cwd)).stderr).toContain('wrote 0 file(s)');
    writeFileSync(join(cwd, 'domains/shop.yaml'), spec(''));
    const run = await runCli(['export', 'eventcatalog', 'catalog'], cwd);
    expect(run.stderr).toContain('removed 3');
    const files = Object.keys(readTree(join(cwd, 'catalog/domains/shop'))).filter((f) => f.startsWith('flows/') || f.startsWith('containers/'));
    expect(files).toEqual(['flows/CloseFullCart/index.mdx']);
    expect(readFileSync(flowPage, 'utf8')).toContain('Support closes carts by hand on weekends.');
    const domain = await freshReader(join(cwd, 'catalog')).getDomain('shop');
    expect(domain.flows).toEqual([{ id: 'checkout-journey', version: '0.1.0' }]);
  });
});
