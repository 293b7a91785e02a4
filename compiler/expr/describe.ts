import type { RefExpr, TypedExpr } from './ast.js';

/**
 * What a boolean check requires, in words, for the message of a failed requirement that has none:
 * `state.status == open` -> "Status must be open", `amount <= 1000000` -> "Amount must be at most
 * 1000000", `not contains(state.tags, tag)` -> "Tags must not contain tag". Field names are read as
 * words (`balanceAfter` -> "balance after"); the roots `state.` and `command.` are left out.
 */
export function describeRequirement(check: TypedExpr): string {
  const text = requirement(check, true);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ORDERING: Readonly<Record<string, readonly [string, string]>> = {
  '<': ['less than', 'at least'],
  '<=': ['at most', 'more than'],
  '>': ['more than', 'at most'],
  '>=': ['at least', 'less than'],
};

/** "x must be ..." for `e` holding (`holds`) or not holding. */
function requirement(e: TypedExpr, holds: boolean): string {
  const must = holds ? 'must' : 'must not';
  switch (e.kind) {
    case 'unary':
      if (e.operator === '!') return requirement(e.operand, !holds);
      break;
    case 'ref':
      if (e.type.kind === 'primitive' && e.type.name === 'boolean') return `${value(e)} must be ${holds ? 'true' : 'false'}`;
      break;
    case 'in':
      if (e.list.kind === 'array') return `${value(e.element)} ${e.negated === holds ? 'must not' : 'must'} be ${alternatives(e.list.elements)}`;
      return `${value(e.list)} ${e.negated === holds ? 'must not' : 'must'} contain ${value(e.element)}`;
    case 'call':
      if (e.callee === 'contains' && e.args.length === 2) {
        const [list, item] = e.args as [TypedExpr, TypedExpr];
        return `${value(list)} ${must} contain ${value(item)}`;
      }
      break;
    case 'binary': {
      const { operator, left, right } = e;
      if (operator === '&&' || operator === '||') {
        // Not (a and b) is (not a) or (not b): say it the way it reads.
        const joined = (operator === '&&') === holds ? 'and' : 'or';
        return `${requirement(left, holds)}, ${joined} ${requirement(right, holds)}`;
      }
      if (operator === '==' || operator === '!=') {
        const equal = (operator === '==') === holds;
        const [subject, other] = right.kind === 'ref' && left.kind !== 'ref' ? [right, left] : [left, right];
        if (other.kind === 'literal' && other.value === null) return `${value(subject)} must ${equal ? 'not be set' : 'be set'}`;
        return `${value(subject)} must ${equal ? 'be' : 'not be'} ${value(other)}`;
      }
      const ordering = ORDERING[operator];
      if (ordering !== undefined) return `${value(left)} must be ${holds ? ordering[0] : ordering[1]} ${value(right)}`;
      break;
    }
    default:
      break;
  }
  return `${value(e)} must be ${holds ? 'true' : 'false'}`;
}

/** `open`, `open or closed`, `open, pending or closed`. */
function alternatives(elements: readonly TypedExpr[]): string {
  const shown = elements.map(value);
  if (shown.length <= 1) return shown[0] ?? 'nothing';
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1) ?? ''}`;
}

const wordsOf = new Map<string, string>();

/**
 * `balanceAfter` -> `balance after`. Every requirement without a message is described, and specs
 * use the same few field names throughout: each name is split once (bounded, for watch mode).
 */
function words(name: string): string {
  let split = wordsOf.get(name);
  if (split === undefined) {
    split = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    if (wordsOf.size >= 10_000) wordsOf.clear();
    wordsOf.set(name, split);
  }
  return split;
}

function reference(e: RefExpr): string {
  if (e.root === 'id') return 'the id';
  if (e.root === 'now') return 'now';
  const path = e.path.map(words).join(' ');
  return e.root === 'event' ? `the event's ${path}` : path;
}

/** A value in a message: names as words, everything else close to how it is written. */
function value(e: TypedExpr): string {
  switch (e.kind) {
    case 'literal':
      if (e.value === null) return 'absent';
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'enumMember':
      return e.member;
    case 'constant':
      return JSON.stringify(e.value);
    case 'duration':
      return `${e.amount}${e.unit}`;
    case 'ref':
      return reference(e);
    case 'unary':
      return e.operator === '-' ? `-${value(e.operand)}` : `not ${value(e.operand)}`;
    case 'binary':
      return `${value(e.left)} ${e.operator} ${value(e.right)}`;
    case 'conditional':
      return `(${value(e.test)} ? ${value(e.whenTrue)} : ${value(e.whenFalse)})`;
    case 'array':
      return `[${e.elements.map(value).join(', ')}]`;
    case 'object':
      return `{ ${e.fields.map((f) => `${f.name}: ${value(f.value)}`).join(', ')} }`;
    case 'in':
      return `${value(e.element)} ${e.negated ? 'not in' : 'in'} ${value(e.list)}`;
    case 'call':
      if (e.callee === 'len' && e.args[0] !== undefined) return `the length of ${value(e.args[0])}`;
      return `${e.callee}(${e.args.map(value).join(', ')})`;
  }
}
