import type { BinaryOperator, TypedExpr } from './ast.js';

/**
 * A typed expression as DSL text, for people (diagrams, catalogue pages): `len(event.lines) > 0`,
 * `item.quantity * 2`, `event.email != null and not event.muted`. Words stand for `&&`, `||` and `!`
 * (the language reads both ways); parentheses are added only where precedence needs them, so the
 * text parses back to the same tree. Fields filled from a value type's defaults inside an object
 * literal were not written and are left out.
 */
export function printExpression(expr: TypedExpr): string {
  return print(expr, 0);
}

/** Binding strength, loosest first, as the parser reads it (compiler/expr/parser.ts BINARY_LEVELS). */
const CONDITIONAL = 0;
const BINARY: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
/** `in` and `not in` sit with the comparisons. */
const MEMBERSHIP = 4;
const UNARY = 7;
const PRIMARY = 8;

const WORDS: Partial<Record<BinaryOperator, string>> = { '&&': 'and', '||': 'or' };

/** `expr` printed where an expression binding at least `min` is expected. */
function print(expr: TypedExpr, min: number): string {
  const [text, strength] = printed(expr);
  return strength < min ? `(${text})` : text;
}

function printed(expr: TypedExpr): [string, number] {
  switch (expr.kind) {
    case 'literal':
      return [literal(expr.value), PRIMARY];
    case 'constant':
      return [JSON.stringify(expr.value) ?? 'null', PRIMARY];
    case 'enumMember':
      return [expr.member, PRIMARY];
    case 'duration':
      return [`${expr.amount}${expr.unit}`, PRIMARY];
    case 'ref':
      return [[expr.root, ...expr.path].join('.'), PRIMARY];
    case 'call':
      return [`${expr.callee}(${expr.args.map((a) => print(a, CONDITIONAL)).join(', ')})`, PRIMARY];
    case 'array':
      return [`[${expr.elements.map((e) => print(e, CONDITIONAL)).join(', ')}]`, PRIMARY];
    case 'object': {
      const written = expr.fields.filter((f) => f.value.kind !== 'constant');
      return [`{ ${written.map((f) => `${f.name}: ${print(f.value, CONDITIONAL)}`).join(', ')} }`, PRIMARY];
    }
    case 'unary': {
      const operand = print(expr.operand, UNARY);
      // A space keeps `not` a word and `- -1` two signs.
      return [expr.operator === '!' ? `not ${operand}` : operand.startsWith('-') ? `- ${operand}` : `-${operand}`, UNARY];
    }
    case 'binary': {
      const strength = BINARY[expr.operator];
      // Left-associative: the right operand of the same strength needs parentheses (`a - (b - c)`);
      // comparisons do not chain, so both sides of one bind tighter.
      const chains = strength !== 3 && strength !== 4;
      const left = print(expr.left, chains ? strength : strength + 1);
      const right = print(expr.right, strength + 1);
      return [`${left} ${WORDS[expr.operator] ?? expr.operator} ${right}`, strength];
    }
    case 'in':
      return [`${print(expr.element, MEMBERSHIP + 1)} ${expr.negated ? 'not in' : 'in'} ${print(expr.list, MEMBERSHIP + 1)}`, MEMBERSHIP];
    case 'conditional':
      return [`${print(expr.test, CONDITIONAL + 1)} ? ${print(expr.whenTrue, CONDITIONAL)} : ${print(expr.whenFalse, CONDITIONAL)}`, CONDITIONAL];
  }
}

function literal(value: string | number | boolean | null): string {
  if (typeof value !== 'string') return String(value);
  return `'${value.replace(/[\\'\n\r\t]/g, (c) => ESCAPES[c] ?? c)}'`;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
