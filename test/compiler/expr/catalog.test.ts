import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import { exprDiagnostics } from '../../../compiler/diagnostics/catalog/expr.js';
import type { ExpectedType, ExprField, ExprScope } from '../../../compiler/expr/index.js';
import { compileExpression, compileYamlValue } from '../../../compiler/expr/index.js';
import type { NamedTypeModel } from '../../../compiler/model/model.js';
import type { PrimitiveName, TypeRef } from '../../../compiler/model/type-ref.js';
import { PRIMITIVE_TYPES } from '../../../compiler/model/type-ref.js';

/**
 * A small reading of the catalog examples (DESIGN.md §2 syntax), enough to compile their
 * expressions: each example must report its own code, and no other expression error.
 */
type Yaml = Record<string, unknown>;
const SPAN: Span = { file: 'example.yaml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const isRecord = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);
const entries = (v: unknown): [string, unknown][] => (isRecord(v) ? Object.entries(v) : []);

function typeOf(text: string): TypeRef {
  if (text.endsWith('[]')) return { kind: 'array', element: typeOf(text.slice(0, -2)) };
  if ((PRIMITIVE_TYPES as readonly string[]).includes(text)) return { kind: 'primitive', name: text as PrimitiveName };
  return { kind: 'enum', name: text };
}

function fieldsOf(spec: unknown): ExprField[] {
  return entries(spec).map(([name, f]) => {
    const long = isRecord(f) ? f : { type: f };
    const raw = String(long['type']);
    const optional = raw.endsWith('?') || long['optional'] === true;
    return { name, type: typeOf(raw.replace(/\?$/, '')), optional };
  });
}

function compileExample(spec: string): Diagnostic[] {
  const doc = parseYaml(spec) as Yaml;
  const types = new Map<string, NamedTypeModel>();
  for (const [name, t] of entries(doc['types'])) {
    if (isRecord(t) && Array.isArray(t['enum'])) {
      types.set(name, { kind: 'enum', name, description: undefined, members: t['enum'].map(String), span: SPAN });
    }
  }
  const diagnostics: Diagnostic[] = [];
  const run = (value: unknown, scope: ExprScope, expected: ExpectedType): void => {
    const result =
      typeof value === 'string'
        ? compileExpression({ text: value, scope, expected, span: () => SPAN })
        : compileYamlValue({ value, scope, expected, span: SPAN });
    diagnostics.push(...result.diagnostics);
  };
  for (const [, aggregate] of entries(doc['aggregates'])) {
    if (!isRecord(aggregate)) continue;
    const state = fieldsOf(aggregate['state']);
    const events = new Map(entries(aggregate['events']).map(([name, e]) => [name, isRecord(e) ? fieldsOf(e['fields']) : []]));
    for (const [, command] of entries(aggregate['commands'])) {
      if (!isRecord(command)) continue;
      const scope: ExprScope = { state, command: fieldsOf(command['fields']), id: typeOf('uuid'), now: true, bare: 'command', types };
      for (const r of Array.isArray(command['requires']) ? command['requires'] : []) {
        run(isRecord(r) ? r['check'] : r, scope, { kind: 'boolean' });
      }
      for (const emission of Array.isArray(command['emits']) ? command['emits'] : []) {
        for (const [event, mapping] of entries(emission)) {
          const fields = events.get(event) ?? [];
          for (const [name, value] of entries(mapping)) {
            const f = fields.find((x) => x.name === name);
            if (f !== undefined) run(value, scope, { kind: 'field', type: f.type, optional: f.optional });
          }
        }
      }
    }
    for (const [, event] of entries(aggregate['events'])) {
      if (!isRecord(event)) continue;
      const scope: ExprScope = { state, event: fieldsOf(event['fields']), id: typeOf('uuid'), types };
      for (const [name, value] of entries(event['apply'])) {
        const f = state.find((x) => x.name === name);
        if (f !== undefined) run(value, scope, { kind: 'field', type: f.type, optional: f.optional });
      }
    }
  }
  return diagnostics;
}

describe('catalog ORX5xxx', () => {
  const codes = Object.keys(exprDiagnostics) as (keyof typeof exprDiagnostics)[];

  it('numbers its codes ORX5001 onwards without gaps', () => {
    expect(codes).toEqual(codes.map((_, i) => `ORX${5001 + i}`));
  });

  it.each(codes)('%s: its example reports it, and nothing else', (code) => {
    const entry = exprDiagnostics[code];
    expect(entry.title.length).toBeGreaterThan(0);
    const example = entry.example;
    if (example === undefined || !('spec' in example)) throw new Error(`${code} has no spec example`);
    expect(example.fix.length).toBeGreaterThan(0);
    const found = compileExample(example.spec).map((d) => d.code);
    expect(found).toEqual([code]);
  });
});
