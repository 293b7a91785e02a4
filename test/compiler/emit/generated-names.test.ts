import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHADOWED_GLOBALS } from '../../../compiler/model/reserved.js';
import { domainNames, type DomainNames } from '../../../compiler/emit/domain-names.js';
import { RESERVED_WORDS, RUNTIME_IMPORTS } from '../../../compiler/model/identifiers.js';
import type { DomainModel } from '../../../compiler/model/model.js';
import { checkProject } from '../../../compiler/pipeline/check-project.js';
import { generateProject } from '../../../compiler/pipeline/generate-project.js';
import { createProject } from '../../support/project.js';
import { checkClean } from '../check/support.js';

/**
 * No spec that checks clean may fail to generate (ORX8001 is only an internal assertion): generated
 * names are chosen per domain so that they meet neither a spec name nor each other. The specs here
 * are built to collide: their declarations are named from the words generated names are made of
 * (`State`, `Schema`, `Stored`, `V1`, `On`, `Row`, ...), and then every derived name of the domain
 * is declared once more as a type.
 */

/** Words generated names are built from, and names that split into the same file name. */
const WORDS = ['A', 'Ab', 'AB', 'Claim', 'Stored', 'New', 'State', 'Test', 'On', 'V1', 'V2', 'Row', 'Input', 'Inputs', 'Schema', 'Types', 'Index', 'Domain', 'Emits', 'Handler', 'Definition', 'Aggregates', 'ReadModel', 'ReadModels', 'Automations', 'Upcast', 'Decide', 'Evolve', 'Initial', 'Create', 'Commands', 'Events'];
const DOMAINS = ['claims', 'stored', 'decide', 'initial', 'create', 'upcast', 'evolve', 'new', 'ab', 'claim', 'a'];

const usable = (name: string): boolean => /^[A-Z][A-Za-z0-9]*$/.test(name) && !SHADOWED_GLOBALS.has(name) && !RUNTIME_IMPORTS.has(name);

/** A small deterministic generator (mulberry32), so a failing seed reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  readonly domain: string;
  readonly enumType: string;
  readonly valueType: string;
  readonly aggregates: readonly { readonly name: string; readonly create: string; readonly custom: string; readonly touch: string; readonly created: string; readonly touched: string }[];
  readonly readModel: string;
  readonly readModel2: string;
  readonly automation: string;
}

/** Every kind of declaration, named from WORDS: two aggregates with a custom handler, an upcast event each, pii in a value type, a read model with a custom projection, an automation. */
function shapeOf(seed: number): Shape {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const n = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(WORDS)).join('');
      if (usable(n) && !used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  const aggregate = () => ({ name: name(), create: name(), custom: name(), touch: name(), created: name(), touched: name() });
  return { domain: pick(DOMAINS), enumType: name(), valueType: name(), aggregates: [aggregate(), aggregate()], readModel: name(), readModel2: name(), automation: name() };
}

function specOf(shape: Shape, decoys: readonly string[]): string {
  const lines = [`domain: ${shape.domain}`, 'types:', `  ${shape.enumType}: { enum: [a, b] }`, `  ${shape.valueType}:`, '    fields:', '      name: { type: string, pii: true }'];
  for (const decoy of decoys) lines.push(`  ${decoy}: { enum: [x] }`);
  lines.push('aggregates:');
  shape.aggregates.forEach((a, i) => {
    lines.push(
      `  ${a.name}:`,
      `    id: key${i}`,
      '    subject: id',
      '    state:',
      `      status: { type: ${shape.enumType}, default: a }`,
      `      label: { type: ${shape.valueType}, optional: true }`,
      '    commands:',
      `      ${a.create}: { creates: true, fields: { label: ${shape.valueType} }, emits: [${a.created}] }`,
      `      ${a.custom}: { handler: custom, emits: [${a.touched}] }`,
      `      ${a.touch}: { emits: [${a.touched}] }`,
      '    events:',
      `      ${a.created}:`,
      '        version: 2',
      `        fields: { label: ${shape.valueType} }`,
      `        previous: { 1: { fields: { label: ${shape.valueType} } } }`,
      `      ${a.touched}: { apply: { status: b } }`,
    );
  });
  const [first, second] = shape.aggregates;
  if (first === undefined || second === undefined) throw new Error('two aggregates');
  lines.push(
    'readModels:',
    `  ${shape.readModel}:`,
    '    key: k',
    '    fields: { k: uuid, n: { type: integer, default: 0 } }',
    '    on:',
    `      ${first.created}: { handler: custom }`,
    `      ${second.created}: { handler: custom }`,
    `      ${first.touched}: { set: { n: row.n + 1 } }`,
    `  ${shape.readModel2}:`,
    '    key: k',
    '    fields: { k: uuid }',
    '    on:',
    `      ${first.touched}: { handler: custom }`,
    `      ${second.touched}: { handler: custom }`,
    'automations:',
    `  ${shape.automation}:`,
    `    on: ${first.touched}`,
    `    execute: { ${second.touch}: { key1: id } }`,
    '',
  );
  return lines.join('\n');
}

const specNamesOf = (model: DomainModel): Set<string> =>
  new Set([
    ...model.types.map((t) => t.name),
    ...model.aggregates.flatMap((a) => [a.name, ...a.commands.map((c) => c.name), ...a.events.map((e) => e.name)]),
    ...model.readModels.map((r) => r.name),
    ...model.automations.map((a) => a.name),
  ]);

/** A spec named to collide: its declarations from WORDS, then a type for every derived name that can be one. */
function adversarialSpec(seed: number): string {
  const shape = shapeOf(seed);
  const plain = checkClean(specOf(shape, []));
  const specNames = specNamesOf(plain);
  const next = random(seed ^ 0x5eed);
  const decoys = [...domainNames(plain).identifiers.keys()].filter((n) => !specNames.has(n) && usable(n) && next() < 0.7);
  return specOf(shape, decoys);
}

/** What must hold of a domain's names. */
function expectSound(model: DomainModel, names: DomainNames): void {
  const specNames = specNamesOf(model);
  // Spec names are the public API: each is used exactly as written.
  for (const name of specNames) expect(names.identifiers.get(name)).toMatch(/^(type|aggregate|command|event|read model|automation) /);
  for (const [name, owner] of names.identifiers) {
    expect(name, owner).toMatch(/^[A-Za-z$][A-Za-z0-9_$]*$/);
    if (!specNames.has(name)) {
      expect(RESERVED_WORDS.has(name) || SHADOWED_GLOBALS.has(name) || RUNTIME_IMPORTS.has(name), `${name} (${owner})`).toBe(false);
    }
  }
  // Files are distinct even on a case-insensitive file system.
  const lower = [...names.files.keys()].map((f) => f.toLowerCase());
  expect(new Set(lower).size).toBe(lower.length);
}

describe('generated names', () => {
  it('keep a type ClaimState beside an aggregate Claim: the state type escapes, the spec type stays as written', () => {
    const model = checkClean(`domain: claims
types:
  ClaimState: { enum: [open, closed] }
aggregates:
  Claim:
    state:
      status: { type: ClaimState, default: open }
    commands:
      FileClaim: { creates: true, fields: { reason: string }, emits: [ClaimFiled] }
    events:
      ClaimFiled: { fields: { reason: string } }
`);
    const names = domainNames(model);
    expect(names.type('ClaimState').schema).toBe('ClaimStateSchema');
    expect(names.aggregate('Claim').state).toBe('Claim_State');
    expect(names.aggregate('Claim').stateSchema).toBe('Claim_StateSchema');
    // Not contested: plain.
    expect(names.aggregate('Claim').initialState).toBe('initialClaimState');
    expect(names.aggregate('Claim').decide).toBe('decideClaim');
    expect(names.domain.runtime).toBe('Claims');
    expectSound(model, names);
  });

  it('escape every name of a contested plain form, keep the one derived from the longest spec name, and split contested file names', () => {
    const model = checkClean(`domain: types
types:
  Types: { enum: [a] }
  TypesEvent: { enum: [a] }
aggregates:
  ABTest:
    commands:
      Go: { creates: true, emits: [Went] }
    events:
      Went: { version: 2, previous: { 1: { fields: {} } } }
  AbTest:
    commands:
      Stop: { creates: true, emits: [WentV1] }
    events:
      WentV1: {}
  Index:
    commands:
      Open: { creates: true, emits: [Opened] }
    events:
      Opened: {}
`);
    const names = domainNames(model);
    // The domain's runtime type would be \`Types\`, a spec type: it escapes.
    expect(names.domain.runtime).toBe('types_Domain');
    expect(names.domain.event).toBe('types_Event');
    // \`WentV1\` is an event: version 1 of \`Went\` escapes; \`WentV1Schema\` goes to the longer name.
    expect(names.event('Went').version(1).type).toBe('Went_V1');
    expect(names.event('Went').version(1).schema).toBe('Went_V1Schema');
    expect(names.event('WentV1').schema).toBe('WentV1Schema');
    expect(names.aggregate('ABTest').file).toBe('a-b-test.aggregate.ts');
    expect(names.aggregate('AbTest').file).toBe('ab-test.aggregate.ts');
    expect(names.aggregate('Index').file).toBe('index.aggregate.ts');
    expect(names.aggregate('ABTest').stateHash).toBe('ABTest_stateSchemaHash');
    expectSound(model, names);
  });

  it('tell apart custom projections whose names concatenate alike, and handler files that kebab-case alike', () => {
    const model = checkClean(`domain: shop
aggregates:
  Cart:
    commands:
      ABTest: { creates: true, handler: custom, emits: [YOnZ] }
      AbTest: { handler: custom, emits: [Z] }
    events:
      YOnZ: {}
      Z: {}
readModels:
  X:
    key: k
    fields: { k: uuid }
    on: { YOnZ: { handler: custom } }
  XOnY:
    key: k
    fields: { k: uuid }
    on: { Z: { handler: custom } }
`);
    const names = domainNames(model);
    // \`xOnYOnZ\` for both, derived from names of equal length: both escape.
    expect(names.readModel('X').projection('YOnZ').handler).toBe('X_YOnZ_on');
    expect(names.readModel('XOnY').projection('Z').handler).toBe('XOnY_Z_on');
    expect(names.readModel('X').projection('YOnZ').handlerType).toBe('X_YOnZ_On');
    expect(names.command('ABTest').handlerFile).toBe('shop/cart/a-b-test.command.ts');
    expect(names.command('AbTest').handlerFile).toBe('shop/cart/ab-test.command.ts');
    expect(names.readModel('X').projection('YOnZ').handlerFile).toBe('shop/x/y-on-z.ts');
    expectSound(model, names);
  });

  it('never meet, for specs named to collide with every derived pattern (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const model = checkClean(adversarialSpec(seed));
        const names = domainNames(model);
        expectSound(model, names);
        // Stable: declaring something unrelated changes no name.
        const withUnrelated = checkClean(adversarialSpec(seed).replace('types:\n', 'types:\n  Zq: { enum: [z] }\n'));
        const before = [...names.identifiers].filter(([n]) => n !== 'Zq');
        const after = [...domainNames(withUnrelated).identifiers].filter(([n]) => n !== 'Zq' && !n.startsWith('Zq'));
        expect(after).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('generate code that type-checks strictly for such specs (ORX8001 never fires)', async () => {
    const files: Record<string, string> = { 'orchestrix.config.yaml': 'specs: ["domains/**/*.yaml"]\noutput: out\nhandlers: handlers\n' };
    const seen = new Set<string>();
    for (let seed = 1; seen.size < 2; seed++) {
      const spec = adversarialSpec(seed * 7919);
      const domain = /^domain: (\w+)/.exec(spec)?.[1] ?? '';
      if (seen.has(domain)) continue;
      seen.add(domain);
      files[`domains/${domain}.yaml`] = spec;
    }
    files['domains/claimstate.yaml'] = `domain: claimState
types:
  ClaimState: { enum: [open, closed] }
  ClaimStateSchema: { enum: [x] }
  ClaimStates: { enum: [x] }
aggregates:
  Claim:
    state:
      status: { type: ClaimState, default: open }
    commands:
      FileClaim: { creates: true, fields: { reason: string }, emits: [ClaimFiled] }
      Touch: { handler: custom, emits: [ClaimFiled] }
    events:
      ClaimFiled: { fields: { reason: string? } }
  Types:
    commands:
      Make: { creates: true, emits: [Made] }
    events:
      Made: {}
`;
    const cwd = createProject(files);
    const project = await checkProject({ cwd });
    expect(project.diagnostics).toEqual([]);
    expect(project.domains).toHaveLength(3);
    const result = await generateProject(project, { cwd, mode: 'write', force: false, verify: true });
    expect(result.diagnostics.filter((d) => d.code === 'ORX8001')).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  }, 120_000);
});
