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

  it('keeps the committed diagrams of the example domains current (docs/domains), and README shows one of them', async () => {
    const cwd = createExampleProject();
    expect((await runCli(['export', 'mermaid'], cwd)).code).toBe(0);
    const fresh = readTree(join(cwd, 'docs/domains'));
    const committed = readTree(join(REPO_ROOT, 'docs/domains'));
    // Regenerate with `npx orchestrix export mermaid` after changing a spec in domains/.
    expect(committed).toEqual(fresh);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const [shown] = mermaidDiagrams(readme);
    expect(shown).toBeDefined();
    expect(Object.values(committed).flatMap(mermaidDiagrams)).toContain(shown);
  });
});
