import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClean } from './support.js';

const dsl = readFileSync(new URL('../../../docs/dsl.md', import.meta.url), 'utf8');
const domain = (name: string): string => readFileSync(new URL(`../../../domains/${name}.yaml`, import.meta.url), 'utf8');

/** The YAML code blocks of the section that starts at `heading` in docs/dsl.md (up to the next `## `). */
function examplesIn(heading: string): string[] {
  const start = dsl.indexOf(heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = dsl.indexOf('\n## ', start + heading.length);
  const section = dsl.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** A spec file with its top-level `section:` (e.g. `readModels`) removed, so an example can take its place. */
function without(spec: string, section: string): string {
  const start = spec.indexOf(`\n${section}:\n`);
  if (start < 0) return spec;
  const next = /\n[a-zA-Z]+:/.exec(spec.slice(start + section.length + 3));
  return spec.slice(0, start + 1) + (next === null ? '' : spec.slice(start + section.length + 3 + next.index + 1));
}

describe('docs/dsl.md', () => {
  it('has a complete example that checks clean', () => {
    const [example] = examplesIn('## A complete example');
    const model = checkClean(example ?? '');
    expect(model.aggregates.map((a) => a.name)).toEqual(['Account']);
    expect(model.readModels.map((r) => r.name)).toEqual(['AccountSummary']);
    expect(model.automations.map((a) => a.name)).toEqual(['WelcomeBonus']);
  });

  it('has read model examples that check clean in the banking example domain', () => {
    const [summary, byChannel] = examplesIn('## Read models');
    const banking = without(domain('banking'), 'readModels');
    expect(checkClean(`${banking}\n${summary ?? ''}`).readModels.map((r) => r.name)).toEqual(['AccountSummary']);
    expect(checkClean(`${banking}\nreadModels:\n${byChannel ?? ''}`).readModels.map((r) => r.name)).toEqual(['DepositsByChannel']);
  });

  it('has automation examples that check clean in the ecommerce example domain', () => {
    const [example] = examplesIn('## Automations');
    const ecommerce = without(domain('ecommerce'), 'automations');
    expect(checkClean(`${ecommerce}\n${example ?? ''}`).automations.map((a) => a.name)).toEqual(['ReserveStockForOrder', 'CancelUnpaidOrder']);
  });
});
