// Which type errors of --verify are the user's: the renderer reports which generated file binds
// which hand-written handler (RenderedDomain.bindings), and an error in that binding declaration —
// wherever the formatter put it — or in the handler file is ORX8007; any other is ORX8004.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createProject } from '../../support/project.js';

const SPEC = `domain: shelf
aggregates:
  Book:
    id: bookId
    state:
      title: { type: string, default: "" }
    commands:
      Shelve:
        creates: true
        fields: { title: string }
        emits: [BookShelved]
      Retire:
        handler: custom
        emits: [BookRetired]
    events:
      BookShelved:
        fields: { title: string }
      BookRetired: {}
readModels:
  Titles:
    key: bookId
    fields: { bookId: uuid, title: { type: string, default: "" } }
    on:
      BookShelved: { handler: custom }
`;

/** A project with the spec and hand-written handlers (path under out/handlers -> text), generated with --verify. */
async function verifyWith(handlers: Readonly<Record<string, string>>) {
  const cwd = createProject({
    'orchestrix.config.yaml': 'specs: ["domains/*.yaml"]\noutput: out/generated\nhandlers: out/handlers\n',
    'domains/shelf.yaml': SPEC,
  });
  for (const [path, text] of Object.entries(handlers)) {
    mkdirSync(dirname(join(cwd, 'out/handlers', path)), { recursive: true });
    writeFileSync(join(cwd, 'out/handlers', path), text);
  }
  const project = await checkProject({ cwd });
  expect(project.diagnostics).toEqual([]);
  return generateProject(project, { cwd, mode: 'write', force: false, verify: true });
}

// Untyped handlers of the wrong shape: their own files type-check, so the error surfaces where the generated code binds them.
const RETIRE = `export const decideRetire = (_state: unknown, _command: unknown) => 42;\n`;
const TITLES = `export const titlesOnBookShelved = (row: undefined) => row;\n`;
// Typed handlers of the wrong shape: the error is in the handler file.
const RETIRE_TYPED = `import type { RetireHandler } from '../../../generated/shelf/book.js';\nexport const decideRetire: RetireHandler = () => 42;\n`;

describe('--verify tells the user\'s handler errors from compiler bugs', () => {
  it('reports an error in the generated binding of a command handler and of a projection as the user\'s (ORX8007), naming the handler', async () => {
    const result = await verifyWith({ 'shelf/book/retire.ts': RETIRE, 'shelf/titles/book-shelved.ts': TITLES });
    const found = result.diagnostics.map((d) => [d.code, d.span.file, /handler (\w+)/u.exec(d.message)?.[1]]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['ORX8007', 'out/generated/shelf/book.ts', 'decideRetire'],
        ['ORX8007', 'out/generated/shelf/read-models.ts', 'titlesOnBookShelved'],
      ]),
    );
    expect(result.diagnostics.map((d) => d.code)).not.toContain('ORX8004');
  }, 120_000);

  it('reports an error inside a handler file as the user\'s, naming the handler the renderer bound there', async () => {
    const result = await verifyWith({ 'shelf/book/retire.ts': RETIRE_TYPED });
    expect(result.diagnostics.map((d) => [d.code, d.span.file, /handler (\w+)/u.exec(d.message)?.[1]])).toEqual([['ORX8007', 'out/handlers/shelf/book/retire.ts', 'decideRetire']]);
  }, 120_000);
});
