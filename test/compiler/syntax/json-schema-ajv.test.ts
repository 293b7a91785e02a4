// The shipped JSON Schema as an editor uses it: compiled by ajv in strict mode, then run over every
// spec this repository has (example domains, spec files and YAML blocks of the docs, the test
// fixtures, every spec literal in the tests, the diagnostics catalog's examples). It must agree with
// the checker: a spec the checker accepts is valid, a spec with a structural or naming mistake the
// schema can express is invalid, and the schema never refuses a spec the checker has no error for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DiagnosticExample } from '../../../compiler/diagnostics/catalog/entry.js';
import { catalog } from '../../../compiler/diagnostics/catalog/index.js';
import { runPipeline } from '../check/support.js';
import { createProject, REPO_ROOT, runCli } from '../../support/project.js';

const SHIPPED = join(REPO_ROOT, 'schema/orchestrix.schema.json');

/**
 * The codes for mistakes the JSON Schema expresses: structure (ORX2xxx) and the naming rules of
 * check/names.ts (casing, refused names, enum members, error codes, command fields named like an
 * expression root). Duplicates, references and types need the checker.
 */
const SCHEMA_CODES = new Set(['ORX2001', 'ORX2002', 'ORX2003', 'ORX2004', 'ORX2005', 'ORX2006', 'ORX2007', 'ORX3001', 'ORX3002', 'ORX3003', 'ORX3004', 'ORX3005', 'ORX3007', 'ORX3008', 'ORX3010']);

interface SpecText {
  /** file:line where the spec is written. */
  readonly where: string;
  readonly text: string;
}

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
const isSpec = (text: string): boolean => /^(#[^\n]*\n|\s*\n)*domain:/.test(text);

/** Spec files: the example domains and every .yaml under test/. */
function specFiles(): SpecText[] {
  const files = [...filesUnder(join(REPO_ROOT, 'domains'), (n) => /\.ya?ml$/.test(n)), ...filesUnder(join(REPO_ROOT, 'test'), (n) => /\.ya?ml$/.test(n))];
  return files.map((file) => ({ where: relative(REPO_ROOT, file), text: readFileSync(file, 'utf8') })).filter((s) => isSpec(s.text));
}

/** ```yaml blocks of README.md and docs/ that are whole spec files (start with `domain:`). */
function docBlocks(): SpecText[] {
  const files = [join(REPO_ROOT, 'README.md'), ...filesUnder(join(REPO_ROOT, 'docs'), (n) => n.endsWith('.md'))];
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)]
      .filter((m) => isSpec(m[1] ?? ''))
      .map((m) => ({ where: `${relative(REPO_ROOT, file)}:${lineOf(text, m.index) + 1}`, text: m[1] ?? '' }));
  });
}

/** String and template literals (without substitutions) in the tests whose text is a spec file. */
function testLiterals(): SpecText[] {
  return filesUnder(join(REPO_ROOT, 'test'), (n) => n.endsWith('.ts')).flatMap((file) => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const found: SpecText[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) && isSpec(node.text)) {
        found.push({ where: `${relative(REPO_ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`, text: node.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  });
}

/** The spec examples of the diagnostics catalog: each triggers its code. */
function catalogExamples(): SpecText[] {
  return Object.entries(catalog).flatMap(([code, entry]) => {
    const example = (entry as { example?: unknown }).example;
    const spec = example !== null && typeof example === 'object' && 'spec' in example ? (example as DiagnosticExample).spec : undefined;
    return spec !== undefined && isSpec(spec) ? [{ where: `catalog ${code}`, text: spec }] : [];
  });
}

/** The starter domain `orchestrix init` writes (with its `# yaml-language-server: $schema=` line). */
async function starterDomain(): Promise<SpecText[]> {
  const app = createProject({});
  expect((await runCli(['init'], app)).code).toBe(0);
  return filesUnder(join(app, 'domains'), (n) => /\.ya?ml$/.test(n)).map((file) => ({ where: `orchestrix init: ${relative(app, file)}`, text: readFileSync(file, 'utf8') }));
}

interface Verdict {
  readonly where: string;
  readonly value: unknown;
  /** Every error code the pipeline (load, syntax, check) reports for the spec on its own. */
  readonly errors: readonly string[];
}

function verdicts(specs: readonly SpecText[]): Verdict[] {
  return specs.flatMap(({ where, text }) => {
    const result = runPipeline({ 'spec.yaml': text });
    const errors = result.all.filter((d) => d.severity === 'error').map((d) => d.code);
    if (errors.some((code) => code.startsWith('ORX1'))) return []; // not a YAML document the schema could see
    let value: unknown;
    try {
      value = parse(text, { logLevel: 'silent' });
    } catch {
      return [];
    }
    return [{ where, value, errors }];
  });
}

describe('the shipped JSON Schema under ajv strict mode', () => {
  const schema = JSON.parse(readFileSync(SHIPPED, 'utf8')) as object;
  const ajv = new Ajv({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);
  const problems = (value: unknown): string =>
    validate(value) ? 'valid' : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');

  const all = verdicts([...specFiles(), ...docBlocks(), ...testLiterals(), ...catalogExamples()]);
  it('accepts the starter domain of orchestrix init', async () => {
    const [starter] = verdicts(await starterDomain());
    expect(starter?.errors).toEqual([]);
    expect(problems(starter?.value)).toBe('valid');
  });

  it('finds the repository\'s specs, valid and invalid', () => {
    const clean = all.filter((v) => v.errors.length === 0);
    expect(clean.length).toBeGreaterThan(50);
    expect(clean.map((v) => v.where)).toEqual(expect.arrayContaining(['domains/banking.yaml', 'domains/ecommerce.yaml', 'domains/lakehouse.yaml', 'domains/notifications.yaml']));
    expect(all.filter((v) => v.errors.some((code) => SCHEMA_CODES.has(code))).length).toBeGreaterThan(40);
  });

  it('accepts every spec the checker accepts', () => {
    const refused = all.filter((v) => v.errors.length === 0 && !validate(v.value)).map((v) => `${v.where}: ${problems(v.value)}`);
    expect(refused).toEqual([]);
  });

  it('refuses every spec with a structural or naming mistake, and nothing the checker has no error for', () => {
    const missed = all.filter((v) => v.errors.some((code) => SCHEMA_CODES.has(code)) && validate(v.value)).map((v) => `${v.where}: ${v.errors.join(' ')}`);
    expect(missed).toEqual([]);
    const overreach = all.filter((v) => v.errors.length === 0 && !validate(v.value)).map((v) => v.where);
    expect(overreach).toEqual([]);
  });

  const base = { domain: 'hotel', aggregates: { Room: { state: { status: { type: 'string', default: 'free' } }, commands: { Book: { emits: ['Booked'] } }, events: { Booked: {} } } } };
  const withRoom = (room: Record<string, unknown>) => ({ ...base, aggregates: { Room: { ...base.aggregates.Room, ...room } } });

  it.each([
    ['a PascalCase domain', { ...base, domain: 'Hotel' }],
    ['a domain with a dash', { ...base, domain: 'hotel-booking' }],
    ['an unknown top-level key', { ...base, aggregate: {} }],
    ['an unknown aggregate key', withRoom({ snapshots: { every: 5 } })],
    ['an unknown field key', withRoom({ state: { status: { type: 'string', default: 'free', requried: true } } })],
    ['a camelCase aggregate', { ...base, aggregates: { room: base.aggregates.Room } }],
    ['an aggregate named like a global', { ...base, aggregates: { Date: base.aggregates.Room } }],
    ['an aggregate named like a runtime import', { ...base, aggregates: { DomainEvent: base.aggregates.Room } }],
    ['a snake_case command', withRoom({ commands: { book_room: { emits: ['Booked'] } } })],
    ['a snake_case event', withRoom({ events: { room_booked: {} } })],
    ['a lower-case type', { ...base, types: { money: { fields: { amount: 'integer' } } } }],
    ['a PascalCase field', withRoom({ state: { Status: { type: 'string', default: 'free' } } })],
    ['a field named like an inherited property', withRoom({ state: { toString: 'string?' } })],
    ['a command field named like an expression root', withRoom({ commands: { Book: { fields: { state: 'string' }, emits: ['Booked'] } } })],
    ['an id field with a dash', withRoom({ id: 'room-id' })],
    ['an enum member that is an expression word', { ...base, types: { Answer: { enum: ['yes', 'null'] } } }],
    ['an enum member with a dash', { ...base, types: { Phase: { enum: ['in-progress'] } } }],
    ['a lower-case error code', withRoom({ commands: { Book: { requires: [{ check: 'true', error: 'roomTaken' }], emits: ['Booked'] } } })],
    ['a snapshot that is a number', withRoom({ snapshot: 50 })],
    ['a nested list type', withRoom({ state: { history: { type: 'integer[][]', default: [] } } })],
    ['an emits entry naming two events', withRoom({ commands: { Book: { emits: [{ Booked: {}, Cancelled: {} }] } } })],
  ])('refuses %s', (_what, spec) => {
    expect(validate(base)).toBe(true);
    expect(validate(spec)).toBe(false);
  });

  it('accepts field names that are reserved words but ordinary property names', () => {
    expect(validate(withRoom({ state: { number: 'integer?', type: 'string?', class: 'string?' } }))).toBe(true);
  });
});
