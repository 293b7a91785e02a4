import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { mermaidDiagrams, mermaidPage } from '../../../compiler/export/index.js';
import type { DomainModel } from '../../../compiler/model/model.js';
import { createExampleProject, readTree, REPO_ROOT, runCli } from '../../support/project.js';
import { checkClean } from '../check/support.js';
import { exampleDomains } from './support.js';

interface Mermaid {
  parse(text: string): Promise<{ diagramType: string }>;
}

/**
 * Mermaid's own parser. Mermaid sanitizes labels with DOMPurify, which needs a DOM: jsdom provides
 * one, so the real parser runs in Node (no browser).
 */
async function loadMermaid(): Promise<Mermaid> {
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  const module = (await import('mermaid')) as unknown as { default: Mermaid };
  return module.default;
}

describe('orchestrix export mermaid', () => {
  let mermaid: Mermaid;
  let domains: readonly DomainModel[] = [];
  beforeAll(async () => {
    [mermaid, domains] = await Promise.all([loadMermaid(), exampleDomains()]);
  }, 60_000);

  it("writes diagrams that Mermaid's parser accepts: flowcharts of commands, events and state, and state diagrams of lifecycles", async () => {
    const types = new Set<string>();
    for (const domain of domains) {
      const diagrams = mermaidDiagrams(mermaidPage(domain));
      expect(diagrams.length, domain.name).toBeGreaterThanOrEqual(domain.aggregates.length);
      for (const diagram of diagrams) types.add((await mermaid.parse(diagram)).diagramType);
    }
    expect([...types].sort()).toEqual(['flowchart-v2', 'stateDiagram']);
  });

  it('is checked by a parser that rejects a broken diagram', async () => {
    await expect(mermaid.parse('stateDiagram-v2\n  s_a --> \n')).rejects.toThrow(/Parse error/);
  });

  it('draws the lifecycle of a status field from the commands that require each state', () => {
    const ecommerce = domains.find((d) => d.name === 'ecommerce');
    if (ecommerce === undefined) throw new Error('no ecommerce');
    const order = mermaidDiagrams(mermaidPage(ecommerce)).find((d) => d.includes('s_shipped: OrderShipped'));
    expect(order?.split('\n')).toEqual([
      'stateDiagram-v2',
      '  direction LR',
      '  state "placed" as s_placed',
      '  state "paid" as s_paid',
      '  state "shipped" as s_shipped',
      '  state "cancelled" as s_cancelled',
      '  [*] --> s_placed',
      '  s_placed --> s_paid: OrderPaid (MarkPaid)',
      '  s_paid --> s_shipped: OrderShipped (Ship)',
      '  s_placed --> s_cancelled: OrderCancelled (CancelOrder)',
      '  s_paid --> s_cancelled: OrderCancelled (CancelOrder)',
      '  s_placed --> s_cancelled: OrderCancelled (ExpireOrder)',
    ]);
  });

  it('reads `in [...]`, `not in`, `!=` and `not` in requirements as the states a transition leaves from', async () => {
    const spec = (check: string): string => `domain: jobs
types:
  Phase:
    enum: [draft, queued, running, done]
aggregates:
  Job:
    state:
      phase: { type: Phase, default: draft }
    commands:
      Finish:
        requires: ["${check}"]
        emits: [Finished]
    events:
      Finished:
        apply: { phase: done }
`;
    const sources = (check: string): string[] => {
      const page = mermaidPage(checkClean(spec(check)));
      return mermaidDiagrams(page)
        .flatMap((d) => d.split('\n'))
        .filter((l) => l.endsWith('Finished (Finish)'))
        .map((l) => l.trim().split(' ')[0] ?? '');
    };
    expect(sources('state.phase in [queued, running]')).toEqual(['s_queued', 's_running']);
    expect(sources('state.phase not in [queued, running]')).toEqual(['s_draft', 's_done']);
    expect(sources('state.phase != draft')).toEqual(['s_queued', 's_running', 's_done']);
    expect(sources('not (state.phase == draft or state.phase == done)')).toEqual(['s_queued', 's_running']);
    for (const check of ['state.phase in [queued, running]', 'state.phase != draft']) {
      for (const diagram of mermaidDiagrams(mermaidPage(checkClean(spec(check))))) await mermaid.parse(diagram);
    }
  });

  it('draws the read side as an event-modeling flow: commands -> events -> read models, events -> automations -> commands, by aggregate', () => {
    const ecommerce = domains.find((d) => d.name === 'ecommerce');
    if (ecommerce === undefined) throw new Error('no ecommerce');
    const page = mermaidPage(ecommerce);
    expect(page).toContain('## Read models and automations');
    expect(page).toContain('- `CancelUnpaidOrder` (automation on `OrderPlaced`): An order still unpaid 30 minutes after it was placed');
    const flow = mermaidDiagrams(page).find((d) => d.includes('classDef readModel'))?.split('\n') ?? [];
    // The aggregate that handles an automation's command holds it (InventoryItem: ReserveStock).
    const inventory = flow.slice(flow.indexOf('  subgraph g_InventoryItem["InventoryItem"]'));
    expect(inventory.slice(0, inventory.indexOf('  end'))).toContain('    c_ReserveStock[/"ReserveStock"/]:::command');
    expect(flow).toEqual(
      expect.arrayContaining([
        '  r_StockLevel[("StockLevel")]:::readModel',
        '  x_CancelUnpaidOrder{{"CancelUnpaidOrder"}}:::automation',
        '  c_ExpireOrder --> e_OrderCancelled',
        '  e_CartCheckedOut -->|"delete"| r_OpenCarts',
        '  e_OrderPlaced -->|"custom, key event.customerId"| r_CustomerOrders',
        '  e_OrderPlaced -->|"after 30m"| x_CancelUnpaidOrder',
        '  x_CancelUnpaidOrder --> c_ExpireOrder',
        '  e_OrderPlaced --> x_ReserveStockForOrder',
        '  x_ReserveStockForOrder -->|"for each item in event.lines"| c_ReserveStock',
        '  c_ReserveStock --> e_StockReserved',
      ]),
    );
    const notifications = domains.find((d) => d.name === 'notifications');
    if (notifications === undefined) throw new Error('no notifications');
    const welcome = mermaidDiagrams(mermaidPage(notifications)).find((d) => d.includes('classDef automation'));
    expect(welcome).toContain('  e_Subscribed -->|"when event.email != null"| x_WelcomeNewSubscriber');
    // The heading names what the domain has: the lakehouse has read models only.
    const lakehouse = domains.find((d) => d.name === 'lakehouse');
    expect(lakehouse === undefined ? '' : mermaidPage(lakehouse)).toMatch(/\n## Read models\n\nThe commands that record the events read models handle,/);
  });

  it('shows forEach, per-element and per-event `when`, `after` and row keys, with expression text escaped for Mermaid', async () => {
    const spec = `domain: shop
types:
  Line:
    fields: { sku: string, quantity: integer }
aggregates:
  Order:
    state:
      placed: { type: boolean, default: false }
    commands:
      Place:
        creates: true
        fields: { lines: "Line[]", note: string }
        emits: [Placed]
      Archive:
        emits: [Archived]
    events:
      Placed:
        fields: { lines: "Line[]", note: string }
        apply: { placed: true }
      Archived: {}
  Item:
    id: { name: sku, type: string }
    state:
      reserved: { type: integer, default: 0 }
    commands:
      Reserve:
        fields: { quantity: integer }
        emits: [Reserved]
    events:
      Reserved:
        fields: { quantity: integer }
        apply: { reserved: state.reserved + event.quantity }
readModels:
  Notes:
    key: note
    fields: { note: string, orders: { type: integer, default: 0 } }
    on:
      Placed: { key: event.note, when: "len(event.lines) >= 1", set: { orders: row.orders + 1 } }
automations:
  ReserveLines:
    on: Placed
    forEach: event.lines
    when: "item.quantity > 0 && event.note != 'a \\"b\\" | #c <d> & e'"
    after: 90s
    execute:
      Reserve: { sku: item.sku, quantity: item.quantity }
  ReserveFirst:
    on: Placed
    when: "len(event.lines) > 0"
    after: 2d
    execute:
      Reserve: { sku: event.note, quantity: 1 }
`;
    const flow = mermaidDiagrams(mermaidPage(checkClean(spec))).find((d) => d.includes('classDef automation'));
    if (flow === undefined) throw new Error('no read-side flowchart');
    expect(flow.split('\n')).toEqual(
      expect.arrayContaining([
        '  e_Placed -->|"set, key event.note, when len(event.lines) #62;= 1"| r_Notes',
        '  e_Placed -->|"after 90s"| x_ReserveLines',
        '  x_ReserveLines -->|"for each item in event.lines, when item.quantity #62; 0 and event.note != \'a #34;b#34; #124; #35;c #60;d#62; #38; e\'"| c_Reserve',
        '  e_Placed -->|"after 2d, when len(event.lines) #62; 0"| x_ReserveFirst',
        '  x_ReserveFirst --> c_Reserve',
      ]),
    );
    // Archive records nothing the read side handles: not drawn.
    expect(flow).not.toContain('Archive');
    expect((await mermaid.parse(flow)).diagramType).toBe('flowchart-v2');
  });

  it('has no read-side section for a domain without read models and automations', () => {
    const page = mermaidPage(checkClean('domain: jobs\naggregates:\n  Job:\n    commands:\n      Start:\n        emits: [Started]\n    events:\n      Started: {}\n'));
    expect(page).not.toMatch(/## (Read models|Automations)/);
    expect(mermaidDiagrams(page)).toHaveLength(1);
  });

  it('keeps the committed diagrams of the example domains current (docs/domains), and README shows some of them', async () => {
    const cwd = createExampleProject();
    expect((await runCli(['export', 'mermaid'], cwd)).code).toBe(0);
    const fresh = readTree(join(cwd, 'docs/domains'));
    const committed = readTree(join(REPO_ROOT, 'docs/domains'));
    // Regenerate with `npx orchestrix export mermaid` after changing a spec in domains/.
    expect(committed).toEqual(fresh);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const shown = mermaidDiagrams(readme);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const diagram of shown) expect(Object.values(committed).flatMap(mermaidDiagrams)).toContain(diagram);
  });
});
