import { describe, expect, it } from 'vitest';
import type { Span } from '../../../compiler/diagnostics/diagnostic.js';
import { checkExpression } from '../../../compiler/expr/checker.js';
import type { ExprField, ExprScope } from '../../../compiler/expr/index.js';
import { emitTypeScript, Facts, factsAfter, parse, Reporter, tokenize } from '../../../compiler/expr/index.js';
import { BOOLEAN_EXPECTED, COMMAND, COMMAND_SCOPE, EVENT, TYPES, arrayRef, compile, enumRef, fieldExpected, infer, p, valueRef } from './support.js';

/**
 * The read side's roots: `row` (a read model's row), `time` and `position` (the event's), `item`
 * (the element of an automation's `forEach`), and presence facts given by the context.
 */

const C = 7;
const NO_SPAN: Span = { file: 'test.yaml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const at = (code: string, offset: number) => `${code}@3:${C + offset}`;

const ROW: readonly ExprField[] = [
  { name: 'deposits', type: p('integer'), optional: false },
  { name: 'note', type: p('string'), optional: true },
];
const EVENT_WITH_EMAIL: readonly ExprField[] = [...EVENT, { name: 'email', type: p('email'), optional: true }];

const PROJECTION: ExprScope = { event: EVENT_WITH_EMAIL, row: ROW, id: p('uuid'), time: true, position: true, types: TYPES };
const PLAN: ExprScope = { event: EVENT_WITH_EMAIL, id: p('uuid'), time: true, item: valueRef('Address'), types: TYPES };

const NAMES = { state: 'state', command: 'command', event: 'event.data', id: 'event.aggregateId', now: 'now', row: 'current', time: 'event.time', position: 'event.position', item: 'item' };
const emitted = (text: string, scope: ExprScope): string => {
  const reporter = new Reporter(() => NO_SPAN, text);
  const tree = parse(tokenize(text, reporter), reporter);
  if (tree === undefined || reporter.errorCount > 0) throw new Error(`${text}: does not parse`);
  const expr = checkExpression(tree, scope, undefined, reporter);
  expect(reporter.diagnostics, text).toEqual([]);
  return emitTypeScript(expr, NAMES);
};

describe('checker: read-side roots', () => {
  it('types row, time, position and item', () => {
    expect(infer('row.deposits + 1', PROJECTION)).toEqual({ type: 'integer', codes: [] });
    expect(infer('row.note', PROJECTION)).toEqual({ type: 'string?', codes: [] });
    expect(infer('time', PROJECTION)).toEqual({ type: 'datetime', codes: [] });
    expect(infer('position', PROJECTION)).toEqual({ type: 'integer', codes: [] });
    expect(infer('item', PLAN)).toEqual({ type: 'Address', codes: [] });
    expect(infer('item.city', PLAN)).toEqual({ type: 'string', codes: [] });
    expect(infer('item.postcode', PLAN)).toEqual({ type: 'string?', codes: [] });
    expect(infer('item', { ...PLAN, item: enumRef('Currency') })).toEqual({ type: 'Currency', codes: [] });
  });

  it('emits each root through the context names', () => {
    expect(emitted('row.deposits + 1', PROJECTION)).toBe('(current.deposits + 1)');
    expect(emitted('time', PROJECTION)).toBe('event.time');
    expect(emitted('position > 0', PROJECTION)).toBe('(event.position > 0)');
    expect(emitted('item.city', PLAN)).toBe('item.city');
    expect(emitted('id', PLAN)).toBe('event.aggregateId');
  });

  it('reports a root that the context does not have, and says where each exists', () => {
    const outside = compile('item.city', fieldExpected(p('string')), { event: EVENT, id: p('uuid'), time: true, types: TYPES });
    expect(outside.found).toEqual([at('ORX5012', 0)]);
    expect(outside.diagnostics[0]?.hint).toContain('`item` in an automation with `forEach`');
    expect(compile('row.deposits > 0', BOOLEAN_EXPECTED, PLAN).found).toEqual([at('ORX5012', 0)]);
    expect(compile('position > 0', BOOLEAN_EXPECTED, PLAN).found).toEqual([at('ORX5012', 0)]);
  });

  it('lists the read-side roots in hints and suggestions', () => {
    const r = compile('rwo.deposits > 0', BOOLEAN_EXPECTED, PROJECTION);
    expect(r.diagnostics[0]?.message).toBe("Unknown name 'rwo'. Did you mean 'row'?");
    expect(r.diagnostics[0]?.hint).toContain('event.<field>, row.<field>, id, time, position');
    expect(compile('zzz', BOOLEAN_EXPECTED, PLAN).diagnostics[0]?.hint).toContain('event.<field>, item.<field>, id, time');
    expect(compile('item.citty == "x"', BOOLEAN_EXPECTED, PLAN).diagnostics[0]?.message).toBe(
      "item (Address) has no field 'citty'. Did you mean 'city'?",
    );
    expect(compile('row', BOOLEAN_EXPECTED, PROJECTION).found).toEqual([at('ORX5032', 0)]);
    expect(compile('time.value == time', BOOLEAN_EXPECTED, PROJECTION).found).toEqual([at('ORX5014', 5)]);
  });

  it('keeps command fields named like read-side roots usable bare', () => {
    const fields: readonly ExprField[] = [...COMMAND, { name: 'position', type: p('integer'), optional: false }, { name: 'item', type: p('string'), optional: false }];
    const scope: ExprScope = { ...COMMAND_SCOPE, command: fields };
    expect(infer('position + 1', scope)).toEqual({ type: 'integer', codes: [] });
    expect(infer('item', scope)).toEqual({ type: 'string', codes: [] });
    expect(compile('time == now', BOOLEAN_EXPECTED, scope).found).toEqual([at('ORX5012', 0)]);
  });

  it('starts from the facts the context gives (a `when` before the mapping)', () => {
    const after = (condition: string, scope: ExprScope): ExprScope => {
      const when = compile(condition, BOOLEAN_EXPECTED, scope).expr;
      if (when === undefined) throw new Error(condition);
      return { ...scope, facts: factsAfter(when, Facts.NONE, TYPES) };
    };
    expect(compile('event.email', fieldExpected(p('email')), PLAN).found).toEqual([at('ORX5021', 0)]);
    expect(compile('event.email', fieldExpected(p('email')), after('event.email != null', PLAN)).codes).toEqual([]);
    expect(compile('row.note', fieldExpected(p('string')), after('row.note != null && row.deposits > 0', PROJECTION)).codes).toEqual([]);
    expect(compile('item.postcode', fieldExpected(p('string')), after('item.postcode != null', PLAN)).codes).toEqual([]);
  });

  it('iterates list types as item', () => {
    expect(infer('len(item)', { ...PLAN, item: p('string') })).toEqual({ type: 'integer', codes: [] });
    expect(infer('contains(event.tags, item)', { ...PLAN, event: [{ name: 'tags', type: arrayRef(p('string')), optional: false }], item: p('string') })).toEqual({
      type: 'boolean',
      codes: [],
    });
  });
});
