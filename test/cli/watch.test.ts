import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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

  it('survives atomic saves (write a temporary file, rename it over), deletions and re-creations of spec files, folders and the config', async () => {
    const cwd = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\n',
      'domains/shop.yaml': SPEC('first'),
    });
    let stderr = '';
    let cycles = 0;
    const io: CliEnvironment = { cwd, env: {}, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } };
    const options = { paths: [], out: undefined, check: false, watch: true, verify: false, force: false, format: 'pretty' as const, color: false };
    const stop = new AbortController();
    const counted = async (): Promise<number> => {
      try {
        return await generateOnce(io, options);
      } finally {
        cycles += 1;
      }
    };
    const watching = watchProject(io, counted, { signal: stop.signal, debounceMs: 50 });
    const cart = (out = 'out') => join(cwd, out, 'shop/cart.ts');
    const generated = (message: string, out = 'out') => existsSync(cart(out)) && readFileSync(cart(out), 'utf8').includes(message);
    let saves = 0;
    /** What editors do: write the whole text to a temporary file beside the target, then rename it over. */
    const atomicSave = (path: string, text: string): void => {
      const temporary = join(cwd, `${path}.tmp-${++saves}`);
      writeFileSync(temporary, text);
      renameSync(temporary, join(cwd, path));
    };
    /** A cycle that starts after this call (a regeneration that reports, even one that writes nothing). */
    const nextCycle = async (what: string, action: () => void): Promise<void> => {
      const before = cycles;
      action();
      await eventually(() => cycles > before, what);
    };

    await eventually(() => generated('first'), 'first generation');

    for (const message of ['second', 'third', 'fourth']) {
      atomicSave('domains/shop.yaml', SPEC(message));
      await eventually(() => generated(message), `regeneration after the atomic save of '${message}'`);
    }

    // vim's default: move the original away, write a new file, delete the backup.
    renameSync(join(cwd, 'domains/shop.yaml'), join(cwd, 'domains/shop.yaml~'));
    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('backup-save'));
    unlinkSync(join(cwd, 'domains/shop.yaml~'));
    await eventually(() => generated('backup-save'), 'regeneration after a backup-rename save');

    await nextCycle('a cycle after the spec file is deleted', () => unlinkSync(join(cwd, 'domains/shop.yaml')));
    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('recreated'));
    await eventually(() => generated('recreated'), 'regeneration after the spec file is created again');

    await nextCycle('a cycle after the spec folder is deleted', () => rmSync(join(cwd, 'domains'), { recursive: true }));
    mkdirSync(join(cwd, 'domains/nested'), { recursive: true });
    writeFileSync(join(cwd, 'domains/nested/shop.yaml'), SPEC('new folder'));
    await eventually(() => generated('new folder'), 'regeneration after the folder is created again');
    atomicSave('domains/nested/shop.yaml', SPEC('saved in the new folder'));
    await eventually(() => generated('saved in the new folder'), 'regeneration after a save in the re-created folder');

    // Deleted and created again at once, before the watch has looked.
    rmSync(join(cwd, 'domains'), { recursive: true });
    mkdirSync(join(cwd, 'domains'));
    writeFileSync(join(cwd, 'domains/shop.yaml'), SPEC('replaced folder'));
    await eventually(() => generated('replaced folder'), 'regeneration after the folder is replaced at once');
    atomicSave('domains/shop.yaml', SPEC('saved in the replaced folder'));
    await eventually(() => generated('saved in the replaced folder'), 'regeneration after a save in the replaced folder');
    rmSync(join(cwd, 'domains/shop.yaml'));
    mkdirSync(join(cwd, 'domains/nested'));
    writeFileSync(join(cwd, 'domains/nested/shop.yaml'), SPEC('moved'));
    await eventually(() => generated('moved'), 'regeneration after the spec moved into a new folder');
    atomicSave('domains/nested/shop.yaml', SPEC('saved in the new folder'));
    await eventually(() => generated('saved in the new folder'), 'regeneration after a save in the new folder');

    atomicSave('orchestrix.config.yaml', 'specs: ["domains/**/*.yaml"]\noutput: elsewhere\n');
    await eventually(() => generated('saved in the new folder', 'elsewhere'), 'regeneration after an atomic save of the config');
    atomicSave('orchestrix.config.yaml', 'specs: ["domains/**/*.yaml"]\noutput: third\n');
    await eventually(() => generated('saved in the new folder', 'third'), 'regeneration after a second atomic save of the config');
    atomicSave('domains/nested/shop.yaml', SPEC('after the config'));
    await eventually(() => generated('after the config', 'third'), 'regeneration of a spec after the config changed');

    stop.abort();
    await expect(watching).resolves.toBe(0);
    expect(stderr).not.toContain('internal error');
  }, 90_000);

  it('follows atomic saves of a spec named on the command line', async () => {
    const cwd = createProject({
      'orchestrix.config.yaml': 'output: out\n',
      'specs/shop.yaml': SPEC('first'),
    });
    const io: CliEnvironment = { cwd, env: {}, stdout: { write: () => true }, stderr: { write: () => true } };
    const options = { paths: ['specs/shop.yaml'], out: undefined, check: false, watch: true, verify: false, force: false, format: 'pretty' as const, color: false };
    const stop = new AbortController();
    const watching = watchProject(io, () => generateOnce(io, options), { signal: stop.signal, debounceMs: 50, paths: options.paths });
    const cart = join(cwd, 'out/shop/cart.ts');
    const generated = (message: string) => existsSync(cart) && readFileSync(cart, 'utf8').includes(message);
    await eventually(() => generated('first'), 'first generation');
    for (const message of ['second', 'third']) {
      writeFileSync(join(cwd, 'specs/.shop.yaml.swp'), SPEC(message));
      renameSync(join(cwd, 'specs/.shop.yaml.swp'), join(cwd, 'specs/shop.yaml'));
      await eventually(() => generated(message), `regeneration after the atomic save of '${message}'`);
    }
    stop.abort();
    await expect(watching).resolves.toBe(0);
  }, 60_000);
});
