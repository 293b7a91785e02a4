import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOnce } from '../../compiler/cli/commands/generate.js';
import type { CliEnvironment } from '../../compiler/cli/environment.js';
import { watchProject } from '../../compiler/cli/watch.js';
import { createProject } from '../support/project.js';

const SPEC = (message: string) => `domain: shop
aggregates:
  Cart:
    state:
      items: { type: integer, default: 0 }
    commands:
      AddItem:
        requires:
          - { check: "state.items < 10", error: CartFull, message: "${message}" }
        emits: [ItemAdded]
    events:
      ItemAdded:
        apply: { items: state.items + 1 }
`;

/** Polls until `condition` holds (file events and regeneration are asynchronous), or fails after `ms`. */
async function eventually(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('orchestrix generate --watch', () => {
  it('regenerates on change, survives errors, reloads the config, and stops cleanly', async () => {
    const cwd = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\n',
      'domains/shop.yaml': SPEC('The cart is full'),
    });
    let stderr = '';
    const io: CliEnvironment = { cwd, env: {}, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } };
    const options = { paths: [], out: undefined, check: false, watch: true, verify: false, force: false, format: 'pretty' as const, color: false };
    const stop = new AbortController();
    const watching = watchProject(io, () => generateOnce(io, options), { signal: stop.signal, debounceMs: 50 });

    const cart = join(cwd, 'out/shop/cart.ts');
    await eventually(() => existsSync(cart) && readFileSync(cart, 'utf8').includes('The cart is full'), 'first generation');

    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('No more than ten items'));
    await eventually(() => readFileSync(cart, 'utf8').includes('No more than ten items'), 'regeneration after a spec change');

    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('x').replace('state.items < 10', 'state.itmes < 10'));
    await eventually(() => stderr.includes("Did you mean 'items'?"), 'the diagnostic of a broken spec');
    expect(readFileSync(cart, 'utf8')).toContain('No more than ten items'); // nothing written from a broken spec

    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('Fixed again'));
    await eventually(() => readFileSync(cart, 'utf8').includes('Fixed again'), 'regeneration after the fix');

    writeFileSync(join(cwd, 'orchestrix.config.yaml'), 'specs: ["domains/**/*.yaml"]\noutput: elsewhere\n');
    await eventually(() => existsSync(join(cwd, 'elsewhere/shop/cart.ts')), 'regeneration into the new output folder');

    stop.abort();
    await expect(watching).resolves.toBe(0);
    expect(stderr).toContain('watching for changes');
  }, 60_000);
});
