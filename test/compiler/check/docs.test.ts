import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClean } from './support.js';

const dsl = readFileSync(new URL('../../../docs/dsl.md', import.meta.url), 'utf8');

/** The YAML code block that follows `heading` in docs/dsl.md. */
function exampleAfter(heading: string): string {
  const start = dsl.indexOf(heading);
  const block = /```yaml\n([\s\S]*?)```/.exec(dsl.slice(start));
  if (start < 0 || block?.[1] === undefined) throw new Error(`no example after ${heading}`);
  return block[1];
}

describe('docs/dsl.md', () => {
  it('has a complete example that checks clean', () => {
    const model = checkClean(exampleAfter('## A complete example'));
    expect(model.aggregates.map((a) => a.name)).toEqual(['Account']);
  });
});
