import { configSchema } from './config-schema.js';
import { dslSchemas, oneKey } from './schema.js';
import type { ShapeCheck, ShapeNode, ShapeTable } from './shape.js';
import type { Schema } from './zod-walk.js';

/**
 * A Zod schema as a `ShapeTable` (shape.ts): the plain data `check` validates with instead of Zod.
 * Kinds, checks and refinements it does not know become `unknown` nodes (which answer "not valid",
 * so Zod decides); shapes.generated.ts is this module's output for the DSL and the config.
 */
export function shapeOf(root: Schema): ShapeTable {
  const nodes: ShapeNode[] = [];
  const indexes = new Map<Schema, number>();
  const visit = (schema: Schema): number => {
    const known = indexes.get(schema);
    if (known !== undefined) return known;
    const def = schema._zod.def as unknown as Def;
    if (def.type === 'lazy') {
      const index = visit((schema._zod as unknown as { innerType: Schema }).innerType);
      indexes.set(schema, index);
      return index;
    }
    // The index is taken before the children are visited, so a recursive schema refers to itself.
    const index = nodes.length;
    indexes.set(schema, index);
    nodes.push({ kind: 'unknown' });
    nodes[index] = nodeOf(def, visit);
    return index;
  };
  visit(root);
  return compact(nodes);
}

/** References of a node to other nodes, rewritten by `map`. */
function mapRefs(node: ShapeNode, map: (index: number) => number): ShapeNode {
  switch (node.kind) {
    case 'optional':
    case 'nullable':
    case 'array':
      return { ...node, of: map(node.of) };
    case 'union':
      return { ...node, of: node.of.map(map) };
    case 'record':
      return { ...node, key: map(node.key), value: map(node.value) };
    case 'object':
      return { ...node, shape: Object.fromEntries(Object.entries(node.shape).map(([k, i]) => [k, map(i)])) };
    default:
      return node;
  }
}

/**
 * The same table with equal nodes merged (`.meta()` and `.optional()` copy schemas, so the same
 * shape appears many times), numbered in the order they are first reached from the root.
 */
function compact(table: readonly ShapeNode[]): ShapeTable {
  let nodes = [...table];
  for (;;) {
    const first = new Map<string, number>();
    const target = nodes.map((node, i) => {
      const key = JSON.stringify(node);
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      return seen ?? i;
    });
    const next = nodes.map((node) => mapRefs(node, (i) => target[i] ?? i));
    if (JSON.stringify(next) === JSON.stringify(nodes)) break;
    nodes = next;
  }
  const order = new Map<number, number>();
  const reach = (i: number): void => {
    if (order.has(i)) return;
    order.set(i, order.size);
    const node = nodes[i];
    if (node !== undefined) mapRefs(node, (j) => (reach(j), j));
  };
  reach(0);
  const out: ShapeNode[] = [];
  for (const [old, index] of order) out[index] = mapRefs(nodes[old] ?? UNKNOWN, (i) => order.get(i) ?? i);
  return out;
}

interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: Schema;
  readonly options?: readonly Schema[];
  readonly element?: Schema;
  readonly keyType?: Schema;
  readonly valueType?: Schema;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly catchall?: Schema;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
}

interface CheckDef {
  readonly check: string;
  readonly format?: string;
  readonly pattern?: unknown;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly fn?: unknown;
}

const UNKNOWN: ShapeNode = { kind: 'unknown' };

function nodeOf(def: Def, visit: (schema: Schema) => number): ShapeNode {
  const checks = checksOf(def);
  const plain = (checks ?? []).length === 0;
  switch (def.type) {
    case 'optional':
    case 'nullable':
      return def.innerType === undefined ? UNKNOWN : { kind: def.type, of: visit(def.innerType) };
    case 'union':
      return def.options === undefined || !plain ? UNKNOWN : { kind: 'union', of: def.options.map(visit) };
    case 'string':
    case 'number':
      return checks === undefined ? UNKNOWN : { kind: def.type, checks };
    case 'boolean':
    case 'null':
      return plain ? { kind: def.type } : UNKNOWN;
    case 'enum':
      return def.entries === undefined || !plain ? UNKNOWN : { kind: 'enum', values: Object.values(def.entries) };
    case 'literal': {
      const values = def.values ?? [];
      const simple = values.every((v) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)));
      return simple && plain ? { kind: 'enum', values: values as (string | number | boolean | null)[] } : UNKNOWN;
    }
    case 'array':
      return def.element === undefined || checks === undefined ? UNKNOWN : { kind: 'array', of: visit(def.element), checks };
    case 'record':
      // Only string keys: Zod treats numeric and enum key schemas differently.
      if (def.keyType === undefined || def.valueType === undefined || checks === undefined) return UNKNOWN;
      if ((def.keyType._zod.def as unknown as Def).type !== 'string') return UNKNOWN;
      return { kind: 'record', key: visit(def.keyType), value: visit(def.valueType), checks };
    case 'object': {
      const catchall = def.catchall === undefined ? undefined : (def.catchall._zod.def as unknown as Def).type;
      if (def.shape === undefined || !plain || (catchall !== undefined && catchall !== 'never')) return UNKNOWN;
      const shape: Record<string, number> = {};
      for (const [key, field] of Object.entries(def.shape)) shape[key] = visit(field);
      return { kind: 'object', shape, strict: catchall === 'never' };
    }
    default:
      return UNKNOWN;
  }
}

/** A schema's checks, or undefined if one of them is not one a shape can express. */
function checksOf(def: Def): ShapeCheck[] | undefined {
  const checks: ShapeCheck[] = [];
  for (const c of def.checks ?? []) {
    const check = checkOf(c._zod.def);
    if (check === undefined) return undefined;
    checks.push(check);
  }
  return checks;
}

function checkOf(def: CheckDef): ShapeCheck | undefined {
  switch (def.check) {
    case 'string_format':
      return def.format === 'regex' && def.pattern instanceof RegExp ? { check: 'regex', source: def.pattern.source, flags: def.pattern.flags } : undefined;
    case 'number_format':
      return def.format === 'safeint' ? { check: 'int' } : undefined;
    case 'greater_than':
    case 'less_than':
      return typeof def.value === 'number' ? { check: def.check === 'greater_than' ? 'min' : 'max', value: def.value, inclusive: def.inclusive === true } : undefined;
    case 'min_length':
      return typeof def.minimum === 'number' ? { check: 'minLength', value: def.minimum } : undefined;
    case 'max_length':
      return typeof def.maximum === 'number' ? { check: 'maxLength', value: def.maximum } : undefined;
    case 'custom':
      // Refinements are functions: only the ones known by identity can be written down.
      return def.fn === oneKey ? { check: 'oneKey' } : undefined;
    default:
      return undefined;
  }
}

const renderTable = (name: string, table: ShapeTable): string =>
  `export const ${name}: ShapeTable = [\n${table.map((node, i) => `  /* ${i} */ ${JSON.stringify(node)},\n`).join('')}];\n`;

/** The text of shapes.generated.ts. */
export function renderShapesModule(): string {
  return [
    '// Generated from the Zod schemas (schema.ts, config-schema.ts) by shape-of.ts; do not edit.',
    '// Regenerate: UPDATE_SHAPES=1 npx vitest run test/compiler/syntax/fast-validate.test.ts',
    "import type { ShapeTable } from './shape.js';",
    '',
    '/** orchestrix DSL files (schema.ts `specFileSchema`). */',
    renderTable('SPEC_SHAPE', shapeOf(dslSchemas().specFileSchema)),
    '/** orchestrix.config.yaml (config-schema.ts). */',
    renderTable('CONFIG_SHAPE', shapeOf(configSchema())),
  ].join('\n');
}
