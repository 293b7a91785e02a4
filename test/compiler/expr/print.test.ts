import { describe, expect, it } from 'vitest';
import type { ExpectedType } from '../../../compiler/expr/index.js';
import { compileExpression } from '../../../compiler/expr/index.js';
import { printExpression } from '../../../compiler/expr/print.js';
import { BOOLEAN_EXPECTED, COMMAND_SCOPE, emitted, fieldExpected, p, valueRef } from './support.js';

const NO_SPAN = { file: 'test.yaml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

function printed(text: string, expected: ExpectedType = BOOLEAN_EXPECTED): string {
  const { expr, diagnostics } = compileExpression({ text, scope: COMMAND_SCOPE, expected, span: () => NO_SPAN });
  if (expr === undefined) throw new Error(`${text}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return printExpression(expr);
}

describe('printExpression: a typed expression as DSL text', () => {
  const table: [string, string, ExpectedType?][] = [
    ['amount > 0', 'command.amount > 0'],
    ['state.balance + amount <= 1000000', 'state.balance + command.amount <= 1000000'],
    ['(amount + 2) * 3 > 1', '(command.amount + 2) * 3 > 1'],
    ['amount - (1 - 2) > 0', 'command.amount - (1 - 2) > 0'],
    ['amount - 1 - 2 > 0', 'command.amount - 1 - 2 > 0'],
    ['- -amount > 0', '- -command.amount > 0'],
    ['-(amount + 1) < 0', '-(command.amount + 1) < 0'],
    ['!force', 'not command.force'],
    ['not (force or state.active)', 'not (command.force or state.active)'],
    ['force && (state.active || state.frozen == true)', 'command.force and (state.active or state.frozen == true)'],
    ['(force == state.active) == true', '(command.force == state.active) == true'],
    ['state.status == open', 'state.status == open'],
    ["note == 'it\\'s \\\\ fine'", "command.note == 'it\\'s \\\\ fine'"],
    ['state.limit == null', 'state.limit == null'],
    ['state.status in [open, closed]', 'state.status in [open, closed]'],
    ['state.status not in [open]', 'state.status not in [open]'],
    ['not contains(state.tags, note)', 'not contains(state.tags, command.note)'],
    ['len(state.tags) > 0 ? amount : 0', 'len(state.tags) > 0 ? command.amount : 0', fieldExpected(p('integer'))],
    ['(force ? 1 : 2) > 1', '(command.force ? 1 : 2) > 1'],
    ['state.closedAt != null and now - state.closedAt > 30m', 'state.closedAt != null and now - state.closedAt > 30m'],
    ["{ street: note, city: 'Paris' }", "{ street: command.note, city: 'Paris' }", fieldExpected(valueRef('Address'))],
  ];

  it.each(table)('%s -> %s', (source, expected, type) => {
    expect(printed(source, type)).toBe(expected);
  });

  it('prints text that compiles back to the same expression', () => {
    for (const [source, , type] of table) {
      const again = printed(source, type);
      expect(emitted(again, type), source).toBe(emitted(source, type));
    }
  });
});
