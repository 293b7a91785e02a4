import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDomain } from '../../../bench/synthetic-domain.mjs';
import { parseSource } from '../../../compiler/load/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchema as buildConfigSchema } from '../../../compiler/syntax/config-schema.js';
import { dslSchemas, oneKey } from '../../../compiler/syntax/schema.js';
import { compileValidator as compileShape } from '../../../compiler/syntax/shape.js';
import { renderShapesModule, shapeOf } from '../../../compiler/syntax/shape-of.js';
import { CONFIG_SHAPE, SPEC_SHAPE } from '../../../compiler/syntax/shapes.generated.js';
import type { Schema } from '../../../compiler/syntax/zod-walk.js';
import { z } from 'zod';
import { DESIGN_EXAMPLE } from '../load/support/mutations.js';

const { emissionSchema, specFileSchema } = dslSchemas();
const configSchema = buildConfigSchema();
/** The plain-data validator of a Zod schema (what `check` runs for the DSL and the config). */
const compileValidator = (schema: Schema) => compileShape(shapeOf(schema));

// The plain-data copy of the schemas that `check` validates with. To regenerate it after a schema change:
//   UPDATE_SHAPES=1 npx vitest run test/compiler/syntax/fast-validate.test.ts
const GENERATED = fileURLToPath(new URL('../../../compiler/syntax/shapes.generated.ts', import.meta.url));

describe('shapes.generated.ts', () => {
  it('is the shape of the current schemas', () => {
    if (process.env['UPDATE_SHAPES'] === '1') writeFileSync(GENERATED, renderShapesModule());
    expect(readFileSync(GENERATED, 'utf8'), 'stale: run UPDATE_SHAPES=1 npx vitest run test/compiler/syntax/fast-validate.test.ts').toBe(renderShapesModule());
    expect(SPEC_SHAPE).toEqual(shapeOf(specFileSchema));
    expect(CONFIG_SHAPE).toEqual(shapeOf(configSchema));
  });

  it('expresses every node of the schemas (none is left to Zod)', () => {
    for (const table of [SPEC_SHAPE, CONFIG_SHAPE]) expect(table.filter((node) => node.kind === 'unknown')).toEqual([]);
  });
});

const valueOf = (text: string): unknown => parseSource('spec.yaml', text).doc?.value;

/** Every path in a value, to pick edit sites from. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** Values that probe the schema's edges: types, signs, integers, patterns, empty collections. */
const probe = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, -0, 2 ** 53, NaN, Infinity, -Infinity, true, false, null, '', 'x', 'uuid?', 'Address[]', 'a b', 'integer[][]', '1', '0', 'custom', 'generated', 'custm', [], {}, ['x'], [1], { type: 'string' }, { check: 'x' }, { A: {} }, { A: {}, B: {} }, { every: 0 }, { name: 'id', type: 'uuid' }),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.constantFrom('type', 'typ', 'enum', 'fields', 'check', 'error', 'every', 'version', 'previous', 'apply', 'pii', 'min', 'minLength', '1', 'x', '__proto__', 'constructor');

type Edit = { kind: 'set'; at: number; value: unknown } | { kind: 'delete'; at: number } | { kind: 'add'; at: number; key: string; value: unknown };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: probe }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key, value: probe }),
);

function apply(base: unknown, edits: readonly Edit[]): unknown {
  const value: unknown = structuredClone(base);
  for (const e of edits) {
    const all = paths(value);
    const path = all[e.at % all.length] ?? [];
    const parentPath = e.kind === 'add' ? path : path.slice(0, -1);
    const last = e.kind === 'add' ? e.key : path.at(-1);
    let parent: unknown = value;
    for (const k of parentPath) parent = (parent as Record<string | number, unknown>)[k];
    // YAML lists have no named properties: keys are only added to mappings.
    if (parent === null || typeof parent !== 'object' || last === undefined || (e.kind === 'add' && Array.isArray(parent))) continue;
    const target = parent as Record<string | number, unknown>;
    if (e.kind === 'delete') {
      if (Array.isArray(target) && typeof last === 'number') target.splice(last, 1);
      else delete target[last];
    } else Object.defineProperty(target, last, { value: structuredClone(e.value), enumerable: true, writable: true, configurable: true });
  }
  return value;
}

/** Whether a mapping anywhere in `value` has an own `__proto__` key (which Zod drops from records). */
const hasOwnProto = (value: unknown): boolean =>
  value !== null &&
  typeof value === 'object' &&
  ((!Array.isArray(value) && Object.hasOwn(value, '__proto__')) || Object.values(value).some(hasOwnProto));

/**
 * The validator's answer is Zod's; except that a mapping with an own `__proto__` key may be left
 * to Zod ("not known valid"), which only costs time (see the refinement test below).
 */
function expectAgreement(fast: boolean, zod: boolean, value: unknown): void {
  if (fast || !hasOwnProto(value)) expect(fast).toBe(zod);
}

describe('compileValidator agrees with Zod', () => {
  const bases = [valueOf(DESIGN_EXAMPLE), valueOf(generateDomain({ aggregates: 1 })[0]?.text ?? '')];

  it('accepts the valid specs', () => {
    for (const base of bases) expect(compileValidator(specFileSchema)(base)).toBe(true);
  });

  it('on mutated specs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 3 }), (base, edits) => {
        const value = apply(base, edits);
        expectAgreement(compileValidator(specFileSchema)(value), specFileSchema.safeParse(value).success, value);
      }),
      { numRuns: 400 },
    );
  });

  it('decides refinements itself: an emits entry or execute names exactly one target', () => {
    const emits = emissionSchema;
    const cases: unknown[] = [
      'Opened',
      { Opened: { amount: 'amount' } },
      { Opened: null },
      {},
      { Opened: {}, Closed: {} },
      JSON.parse('{"__proto__": {}}'),
    ];
    for (const value of cases) expect([value, compileValidator(emits)(value)]).toEqual([value, emits.safeParse(value).success]);
    // An own `__proto__` key is left to Zod (it drops the key before refining): "not known valid" here.
    const withProto: unknown = JSON.parse('{"__proto__": {}, "Opened": {}}');
    expect(compileValidator(emits)(withProto)).toBe(false);
    expect(emits.safeParse(withProto).success).toBe(true);
    // The refinement is written down by identity; any other function is not, and answers "not valid".
    const refined = z.record(z.string(), z.number()).refine(oneKey);
    expect(compileValidator(refined)({ a: 1 })).toBe(true);
    expect(compileValidator(refined)({ a: 1, b: 2 })).toBe(false);
    expect(compileValidator(refined)({ a: 'x' })).toBe(false);
    const other = z.record(z.string(), z.number()).refine((v) => Object.keys(v).length === 1);
    expect(shapeOf(other)[0]).toEqual({ kind: 'unknown' });
    expect(compileValidator(other)({ a: 1 })).toBe(false);
  });

  it('on mutated configurations', () => {
    const base = { specs: ['domains/**/*.yaml'], output: 'gen', handlers: 'h', templates: 't' };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const value = apply(base, edits);
        expectAgreement(compileValidator(configSchema)(value), configSchema.safeParse(value).success, value);
      }),
      { numRuns: 300 },
    );
  });
});
