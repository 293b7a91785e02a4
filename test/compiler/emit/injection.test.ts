import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createProject } from '../../support/project.js';

/**
 * The injection corpus: text that would break out of a string, comment, template literal or regular
 * expression if it were pasted into code. Wherever a spec carries free text it must come out as inert
 * data; wherever it names something it must be rejected with a diagnostic.
 */
const HOSTILE = [
  `'`,
  `"`,
  '`',
  '*/ export const pwned = 1; /*',
  '${process.exit(1)}',
  '\\',
  '\\u0027',
  '\u2028',
  '\u2029',
  '</script>',
  `'); process.exit(1); ('`,
  '"; process.exit(1); "',
  '// trailing comment\nexport const x = 1;',
];

/** A spec where every free-text position holds `text` (quoted for YAML by JSON). */
function specWithText(text: string): string {
  const q = JSON.stringify(text);
  const pattern = JSON.stringify(`^[a-z]*${text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}?$`);
  return `domain: shop
description: ${q}
types:
  Tier:
    description: ${q}
    enum: [basic, gold]
  Label:
    description: ${q}
    fields:
      text: { type: string, description: ${q}, default: ${q} }
aggregates:
  Cart:
    description: ${q}
    id: cartId
    subject: ownerId
    state:
      ownerId: uuid?
      note: { type: string, default: ${q}, description: ${q}, pattern: ${pattern} }
      nickname: { type: string, optional: true, pii: { erased: ${q} } }
      tier: { type: Tier, default: basic }
    commands:
      OpenCart:
        description: ${q}
        creates: true
        fields:
          ownerId: uuid
          note: { type: string, default: ${q}, pattern: ${pattern} }
          nickname: { type: string, pii: true }
        requires:
          - { check: ${JSON.stringify(`note != ${JSON.stringify(text)}`)}, error: BadNote, message: ${q} }
        emits:
          - CartOpened: { ownerId: ownerId, note: ${JSON.stringify(`note + ${JSON.stringify(text)}`)}, nickname: nickname }
    events:
      CartOpened:
        description: ${q}
        fields:
          ownerId: uuid
          note: { type: string, description: ${q} }
          nickname: { type: string, pii: true }
`;
}

/** Top-level statements of a TypeScript file: kind and declared names, and its syntax errors. */
function structure(text: string): { statements: string[]; errors: number } {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const errors = (file as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
  const statements = file.statements.map((s) => {
    const names: string[] = [];
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) names.push(d.name.getText(file));
    else if ((ts.isFunctionDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name !== undefined) names.push(s.name.text);
    return `${ts.SyntaxKind[s.kind]}:${names.join(',')}`;
  });
  return { statements, errors };
}

/** Every string literal and comment text in a file, decoded. */
function stringValues(text: string): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const values: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) values.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return values;
}

async function generate(spec: string, fileName = 'shop.yaml'): Promise<Record<string, string>> {
  const cwd = createProject({
    'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\nhandlers: handlers\n',
    [`domains/${fileName}`]: spec,
  });
  const project = await checkProject({ cwd });
  expect(project.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(project.diagnostics.map((d) => d.message))).toEqual([]);
  const result = await generateProject(project, { cwd, mode: 'write', force: false, verify: false });
  expect(result.diagnostics).toEqual([]);
  const dir = join(cwd, 'out/shop');
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('hostile text in free-text positions', () => {
  it('is emitted as inert data: same statements as a benign spec, and the text survives exactly', async () => {
    const benign = await generate(specWithText('plain'));
    for (const text of HOSTILE) {
      const output = await generate(specWithText(text));
      expect(Object.keys(output).sort(), JSON.stringify(text)).toEqual(Object.keys(benign).sort());
      for (const [file, code] of Object.entries(output)) {
        const shape = structure(code);
        expect(shape.errors, `${file} for ${JSON.stringify(text)}`).toBe(0);
        expect(shape.statements, `${file} for ${JSON.stringify(text)}`).toEqual(structure(benign[file] ?? '').statements);
      }
      const strings = stringValues(output['cart.ts'] ?? '');
      expect(strings, JSON.stringify(text)).toContain(text); // the requires message, verbatim
    }
  }, 120_000);

  it('keeps a hostile spec file name inside the banner comment', async () => {
    // File names may hold line terminators (not '/'): the banner must not let them end the comment.
    const output = await generate(specWithText('plain'), 'evil\n export const pwned = 1; \u2028.yaml');
    for (const code of Object.values(output)) {
      expect(structure(code).statements).not.toContainEqual(expect.stringContaining('pwned'));
      expect(code.split('\n')[0]).toMatch(/^\/\/ Generated by Orchestrix from domains\/evil {2}export const pwned = 1; {2}\.yaml\.$/);
    }
  }, 60_000);
});

describe('hostile text in name positions', () => {
  // What each position refuses besides the injection corpus: names generated code cannot use safely.
  const names: readonly [string, (bad: string) => string, readonly string[]][] = [
    ['domain', (bad) => `domain: ${JSON.stringify(bad)}\n`, ['Shop', 'shop-x', '']],
    ['aggregate', (bad) => `domain: shop\naggregates:\n  ${JSON.stringify(bad)}:\n    state: {}\n`, ['Date', 'Command', 'constructor']],
    ['field', (bad) => `domain: shop\naggregates:\n  Cart:\n    state:\n      ${JSON.stringify(bad)}: string?\n`, ['constructor', '__proto__', 'toString', 'valueOf']],
    ['type', (bad) => `domain: shop\ntypes:\n  ${JSON.stringify(bad)}:\n    enum: [a]\n`, ['Map', 'DomainEvent', 'Upcaster']],
    ['enum member', (bad) => `domain: shop\ntypes:\n  Tier:\n    enum: [${JSON.stringify(bad)}]\n`, ['__proto__', 'in', 'and', 'null']],
    ['error code', (bad) => `domain: shop\naggregates:\n  Cart:\n    commands:\n      Open:\n        creates: true\n        requires: [{ check: "true", error: ${JSON.stringify(bad)} }]\n        emits: [Opened]\n    events:\n      Opened: {}\n`, ['TypeError', 'constructor']],
  ];

  it.each(names)('rejects a hostile %s with a diagnostic and generates nothing', async (_kind, spec, unsafe) => {
    for (const text of [...HOSTILE, ...unsafe]) {
      const cwd = createProject({ 'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\n', 'domains/shop.yaml': spec(text) });
      const project = await checkProject({ cwd });
      expect(project.diagnostics.some((d) => d.severity === 'error'), `${JSON.stringify(text)}`).toBe(true);
      expect(project.domains).toEqual([]);
    }
  }, 60_000);

  it('accepts reserved words where generated code only uses them as keys or strings, and emits them correctly', async () => {
    const words = ['type', 'number', 'class', 'default', 'new', 'prototype', 'then', 'delete'];
    const fields = words.map((w) => (w === 'number' ? '      number: { type: integer, default: 0 }' : `      ${w}: { type: string, default: ${JSON.stringify(w)} }`)).join('\n');
    const cwd = createProject({
      'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\n',
      'domains/class.yaml': `domain: class
types:
  Kind:
    enum: [${words.join(', ')}]
aggregates:
  Course:
    state:
${fields}
      kind: { type: Kind, default: new }
    commands:
      Open:
        creates: true
        fields: { type: string, number: integer, kind: Kind }
        requires: ["kind in [class, default] || number > 0"]
        emits:
          - Opened: { new: "type + '!'", delete: "kind == new ? 'yes' : 'no'" }
    events:
      Opened:
        fields: { type: string, number: integer, kind: Kind, new: string, delete: string }
        apply: { default: event.new, then: "event.type + state.class" }
`,
    });
    const project = await checkProject({ cwd });
    expect(project.diagnostics).toEqual([]);
    const result = await generateProject(project, { cwd, mode: 'write', force: false, verify: true });
    expect(result.diagnostics).toEqual([]);
    const course = readFileSync(join(cwd, 'out/class/course.ts'), 'utf8');
    expect(course).toContain('next.then = event.data.type + state.class;');
    expect(course).toContain("command.data.kind !== 'class' &&");
    expect(course).toContain('number: command.data.number');
  }, 120_000);
});
