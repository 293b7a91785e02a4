import type { LiteralValue } from '../model/type-ref.js';
import { DURATION_UNITS, type ExprType, type InExpr, type RefExpr, type TypedExpr } from './ast.js';

/**
 * The TypeScript expressions that hold each root at run time, e.g. `{ state: 'state', now: 'ctx.now' }`.
 * The read side's roots are given where they exist (a tree that uses a missing one is a compiler bug).
 */
export interface EmitNames {
  readonly state: string;
  readonly command: string;
  readonly event: string;
  readonly id: string;
  readonly now: string;
  readonly row?: string;
  readonly time?: string;
  readonly position?: string;
  readonly item?: string;
}

/**
 * TypeScript for a typed tree. The output is built only from tree data: names come from `names`
 * and from field names the checker resolved (re-validated here), every string and enum member is
 * JSON-quoted, numbers are printed canonically. Compound results are parenthesized, so the string
 * is safe in any expression position (prettier removes parentheses that are not needed).
 *
 * `==`/`!=` become `===`/`!==`; `null` becomes `undefined` (optional fields are optional
 * properties); datetimes are ordered and moved as instants (`Date.parse`), dates as UTC days;
 * durations are milliseconds. Comparisons need no widening casts: the checker rejects the ones
 * TypeScript's narrowing would (see narrowing.ts).
 */
export function emitTypeScript(expr: TypedExpr, names: EmitNames): string {
  return new Emitter(names).operand(expr);
}

/**
 * A guard's condition for "this check failed": the negation of `expr`, folded into the
 * comparison where that is exact (`state.status !== "open"`, `amount > 1000000`, `!list.includes(x)`),
 * else `!(...)`. Orderings are flipped only when neither side can be NaN, where `!(a < b)` and
 * `a >= b` differ.
 */
export function emitViolation(expr: TypedExpr, names: EmitNames): string {
  const emitter = new Emitter(names);
  return emitter.negated(expr) ?? `!${emitter.operand(expr)}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON string literal, with the line separators JSON allows but older JavaScript did not escaped. */
export function quoteString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Shortest round-trip decimal; negatives (only from YAML constants) in parentheses. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`internal error: non-finite number ${value} in a typed expression`);
  if (value < 0 || Object.is(value, -0)) return `(-${String(Math.abs(value))})`;
  return String(value);
}

/** Milliseconds as written in generated code: `3_600_000`. */
const millis = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
const DAY = millis(DURATION_UNITS.d);

const inner = (t: ExprType): ExprType => (t.kind === 'optional' ? t.inner : t);
const isPrimitive = (t: ExprType, name: string): boolean => {
  const i = inner(t);
  return i.kind === 'primitive' && i.name === name;
};
const isDuration = (t: ExprType): boolean => t.kind === 'duration';
const isTime = (t: ExprType): boolean => isPrimitive(t, 'date') || isPrimitive(t, 'datetime');
const mayBeAbsent = (t: ExprType): boolean => t.kind === 'optional' || t.kind === 'null';

const FLIPPED: Readonly<Record<string, string>> = { '==': '!==', '!=': '===', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

class Emitter {
  constructor(private readonly names: EmitNames) {}

  /** The parameter of `remove`'s filter callback: `item`, unless a root's variable is called that. */
  private item(): string {
    const taken = Object.values(this.names).map((name) => name.split('.')[0]);
    let item = 'item';
    while (taken.includes(item)) item += '_';
    return item;
  }

  /** The expression, parenthesized when it is an operator application. */
  operand(e: TypedExpr): string {
    const text = this.emit(e);
    const compound =
      e.kind === 'binary' ||
      e.kind === 'conditional' ||
      (e.kind === 'in' && e.list.kind === 'array') ||
      (e.kind === 'duration' && e.amount !== 1);
    return compound ? `(${text})` : text;
  }

  /** The expression as the object of `.x` / `.f()`: only primaries go bare. */
  private receiver(e: TypedExpr): string {
    const text = this.emit(e);
    const bare =
      e.kind === 'ref' ||
      e.kind === 'array' ||
      e.kind === 'call' ||
      e.kind === 'enumMember' ||
      (e.kind === 'literal' && typeof e.value === 'string');
    return bare ? text : `(${text})`;
  }

  /** `!e` folded into `e` when that is exact; undefined when it would need `!(...)`. */
  negated(e: TypedExpr): string | undefined {
    switch (e.kind) {
      case 'unary':
        return e.operator === '!' ? this.operand(e.operand) : undefined;
      case 'ref':
        return `!${this.emit(e)}`;
      case 'call':
        return e.callee === 'contains' ? `!${this.emit(e)}` : undefined;
      case 'in':
        return this.membership({ ...e, negated: !e.negated });
      case 'binary': {
        if (e.operator === '&&' || e.operator === '||') {
          const left = this.negated(e.left);
          const right = this.negated(e.right);
          if (left === undefined || right === undefined) return undefined;
          return `(${left}) ${e.operator === '&&' ? '||' : '&&'} (${right})`;
        }
        const flipped = FLIPPED[e.operator];
        if (flipped === undefined) return undefined;
        const ordering = e.operator !== '==' && e.operator !== '!=';
        if (ordering && (mayBeNaN(e.left) || mayBeNaN(e.right))) return undefined;
        return this.comparison(flipped, e.left, e.right);
      }
      default:
        return undefined;
    }
  }

  private emit(e: TypedExpr): string {
    switch (e.kind) {
      case 'literal':
        if (e.value === null) return 'undefined';
        if (typeof e.value === 'string') return quoteString(e.value);
        if (typeof e.value === 'number') return formatNumber(e.value);
        return e.value ? 'true' : 'false';
      case 'constant':
        return constant(e.value);
      case 'enumMember':
        return quoteString(e.member);
      case 'duration':
        return e.amount === 1 ? millis(DURATION_UNITS[e.unit]) : `${formatNumber(e.amount)} * ${millis(DURATION_UNITS[e.unit])}`;
      case 'ref':
        return this.ref(e);
      case 'unary': {
        const operand = this.operand(e.operand);
        // `-(-x)`, never `--x`.
        return e.operator === '-' && operand.startsWith('-') ? `-(${operand})` : `${e.operator}${operand}`;
      }
      case 'binary':
        return this.binary(e.operator, e.left, e.right, e.type);
      case 'conditional':
        return `${this.operand(e.test)} ? ${this.operand(e.whenTrue)} : ${this.operand(e.whenFalse)}`;
      case 'array':
        return `[${e.elements.map((x) => this.emit(x)).join(', ')}]`;
      case 'object':
        return this.object(e.fields);
      case 'in':
        return this.membership(e);
      case 'call':
        return this.call(e.callee, e.args);
    }
  }

  private binary(operator: string, left: TypedExpr, right: TypedExpr, type: ExprType): string {
    if (operator === '==' || operator === '!=') return this.comparison(operator === '==' ? '===' : '!==', left, right);
    if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') return this.comparison(operator, left, right);
    if ((operator === '+' || operator === '-') && (isTime(left.type) || isTime(right.type))) {
      return this.time(operator, left, right, type);
    }
    return `${this.operand(left)} ${operator} ${this.operand(right)}`;
  }

  /** `a op b`, with datetimes ordered as instants. */
  private comparison(operator: string, left: TypedExpr, right: TypedExpr): string {
    const ordering = operator !== '===' && operator !== '!==';
    if (ordering && isPrimitive(left.type, 'datetime') && isPrimitive(right.type, 'datetime')) {
      return `Date.parse(${this.emit(left)}) ${operator} Date.parse(${this.emit(right)})`;
    }
    return `${this.operand(left)} ${operator} ${this.operand(right)}`;
  }

  /**
   * Date and time arithmetic, in UTC: `date - date` counts days; `datetime - datetime` is a
   * duration in milliseconds; a date or datetime plus or minus a duration is moved as an instant
   * (a date from its midnight UTC, then cut back to its day).
   */
  private time(operator: '+' | '-', left: TypedExpr, right: TypedExpr, type: ExprType): string {
    if (isTime(left.type) && isTime(right.type)) {
      const difference = `Date.parse(${this.emit(left)}) - Date.parse(${this.emit(right)})`;
      return isPrimitive(left.type, 'date') ? `(${difference}) / ${DAY}` : difference;
    }
    const [at, by] = isTime(left.type) ? [left, right] : [right, left];
    const instant = `new Date(Date.parse(${this.emit(at)}) ${operator} ${this.operand(by)}).toISOString()`;
    return isPrimitive(type, 'date') ? `${instant}.slice(0, 10)` : instant;
  }

  /** `{ a: x, b: y }`; a field whose value may be absent is left out when it is. */
  private object(fields: readonly { readonly name: string; readonly value: TypedExpr }[]): string {
    const parts = fields.map(({ name, value }) => {
      const key = propertyKey(name);
      if (!mayBeAbsent(value.type)) return `${key}: ${this.emit(value)}`;
      const text = this.operand(value);
      return `...(${text} === undefined ? {} : { ${key}: ${text} })`;
    });
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }

  /** `x in [a, b]` as `x === a || x === b`; `x in list` as `list.includes(x)`. */
  private membership(e: InExpr): string {
    if (e.list.kind === 'array') {
      const operator = e.negated ? '!==' : '===';
      const joiner = e.negated ? ' && ' : ' || ';
      return e.list.elements.map((x) => this.comparison(operator, e.element, x)).join(joiner);
    }
    const test = `${this.receiver(e.list)}.includes(${this.emit(e.element)})`;
    return e.negated ? `!${test}` : test;
  }

  private ref(e: RefExpr): string {
    let text = this.names[e.root];
    if (text === undefined) throw new Error(`internal error: '${e.root}' has no name in this emitter context`);
    for (let i = 0; i < e.path.length; i++) {
      const segment = e.path[i] ?? '';
      const optional = e.optionalAccess?.includes(i) === true;
      if (IDENTIFIER.test(segment)) text += `${optional ? '?.' : '.'}${segment}`;
      else text += `${optional ? '?.' : ''}[${quoteString(segment)}]`;
    }
    return text;
  }

  private call(callee: string, args: readonly TypedExpr[]): string {
    const [a, b] = args;
    if (a === undefined) throw new Error(`internal error: ${callee}() without arguments in a typed expression`);
    switch (callee) {
      case 'len':
        return `${this.receiver(a)}.length`;
      case 'lower':
        return `${this.receiver(a)}.toLowerCase()`;
      case 'upper':
        return `${this.receiver(a)}.toUpperCase()`;
      case 'date':
        return `new Date(Date.parse(${this.emit(a)})).toISOString().slice(0, 10)`;
      case 'days':
      case 'hours':
      case 'minutes':
      case 'seconds':
        return `Math.trunc(${this.operand(a)} / ${millis(DURATION_UNITS[callee === 'days' ? 'd' : callee === 'hours' ? 'h' : callee === 'minutes' ? 'm' : 's'])})`;
    }
    if (b === undefined) throw new Error(`internal error: ${callee}() with one argument in a typed expression`);
    switch (callee) {
      case 'min':
        return `Math.min(${this.emit(a)}, ${this.emit(b)})`;
      case 'max':
        return `Math.max(${this.emit(a)}, ${this.emit(b)})`;
      case 'contains':
        return `${this.receiver(a)}.includes(${this.emit(b)})`;
      case 'append':
        return `[...${this.operand(a)}, ${this.emit(b)}]`;
      case 'remove': {
        const item = this.item();
        return `${this.receiver(a)}.filter((${item}) => ${item} !== ${this.operand(b)})`;
      }
      default:
        throw new Error(`internal error: unknown function ${callee} in a typed expression`);
    }
  }
}

/** A property name: bare when it is an identifier (reserved words included), else quoted. */
/** `object.name`, or `object["name"]` when the name is not an identifier. */
export const memberAccess = (object: string, name: string): string =>
  IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${quoteString(name)}]`;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : quoteString(name);
}

/** A constant (a field default) as a TypeScript literal. */
function constant(value: LiteralValue): string {
  if (value === null) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(constant).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${constant(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return formatNumber(value);
  return value ? 'true' : 'false';
}

/** Whether a numeric expression can become ±Infinity (overflow, or division). */
function mayBeInfinite(e: TypedExpr): boolean {
  switch (e.kind) {
    case 'binary':
      return e.operator === '+' || e.operator === '-' || e.operator === '*' || e.operator === '/';
    case 'unary':
      return mayBeInfinite(e.operand);
    case 'conditional':
      return mayBeInfinite(e.whenTrue) || mayBeInfinite(e.whenFalse);
    case 'call':
      return (e.callee === 'min' || e.callee === 'max') && e.args.some(mayBeInfinite);
    default:
      return false;
  }
}

/**
 * Whether a numeric expression can be NaN: `/` and `%` can (0 / 0, x % 0), and so can `+`/`-` of
 * two values that may be infinite, or `*` with one. Values read from records are finite (their
 * schemas say so), and `Date.parse` of a valid date or datetime is a number.
 */
function mayBeNaN(e: TypedExpr): boolean {
  switch (e.kind) {
    case 'binary':
      if (e.operator === '/' || e.operator === '%') return true;
      if (mayBeNaN(e.left) || mayBeNaN(e.right)) return true;
      if (e.operator === '*') return mayBeInfinite(e.left) || mayBeInfinite(e.right);
      if (e.operator === '+' || e.operator === '-') return mayBeInfinite(e.left) && mayBeInfinite(e.right);
      return false;
    case 'unary':
      return mayBeNaN(e.operand);
    case 'conditional':
      return mayBeNaN(e.whenTrue) || mayBeNaN(e.whenFalse);
    case 'call':
      return e.args.some(mayBeNaN);
    default:
      return false;
  }
}
