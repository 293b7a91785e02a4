import type { ExprType, RefExpr, TypedExpr } from './ast.js';

/** The TypeScript expressions that hold each root at run time, e.g. `{ state: 'state', now: 'ctx.now' }`. */
export interface EmitNames {
  readonly state: string;
  readonly command: string;
  readonly event: string;
  readonly id: string;
  readonly now: string;
}

/**
 * TypeScript for a typed tree. The output is built only from tree data: names come from `names`
 * and from field names the checker resolved (re-validated here), every string and enum member is
 * JSON-quoted, numbers are printed canonically. Compound results are parenthesized, so the string
 * is safe in any expression position (prettier removes parentheses that are not needed).
 *
 * `==`/`!=` become `===`/`!==` (constants widened, see `compared`); `null` becomes `undefined`
 * (optional fields are optional properties); ordering of datetimes compares instants via
 * `Date.parse`.
 */
export function emitTypeScript(expr: TypedExpr, names: EmitNames): string {
  return new Emitter(names).operand(expr);
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

const isDatetime = (t: ExprType): boolean => {
  const inner = t.kind === 'optional' ? t.inner : t;
  return inner.kind === 'primitive' && inner.name === 'datetime';
};

class Emitter {
  constructor(private readonly names: EmitNames) {}

  /** The parameter of `remove`'s filter callback: `item`, unless a root is called that. */
  private item(): string {
    const taken = Object.values(this.names);
    let item = 'item';
    while (taken.includes(item)) item += '_';
    return item;
  }

  /** The expression, parenthesized when it is an operator application. */
  operand(e: TypedExpr): string {
    const text = this.emit(e);
    return e.kind === 'binary' || e.kind === 'conditional' ? `(${text})` : text;
  }

  /**
   * An operand of `===`/`!==`. A constant is widened (`("open" as string)`): TypeScript narrows a
   * field after `state.status === "open"`, also across the statements of a generated function,
   * and would then reject a later `state.status === "closed"` as a comparison without overlap.
   * `undefined` stays as it is: it is comparable with everything and drives presence narrowing.
   */
  private compared(e: TypedExpr): string {
    if (e.kind === 'enumMember') return `(${quoteString(e.member)} as string)`;
    if (e.kind === 'literal' && e.value !== null) return `(${this.emit(e)} as ${typeof e.value})`;
    return this.operand(e);
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

  private emit(e: TypedExpr): string {
    switch (e.kind) {
      case 'literal':
        if (e.value === null) return 'undefined';
        if (typeof e.value === 'string') return quoteString(e.value);
        if (typeof e.value === 'number') return formatNumber(e.value);
        return e.value ? 'true' : 'false';
      case 'enumMember':
        return quoteString(e.member);
      case 'ref':
        return this.ref(e);
      case 'unary': {
        const inner = this.operand(e.operand);
        // `-(-x)`, never `--x`.
        return e.operator === '-' && inner.startsWith('-') ? `-(${inner})` : `${e.operator}${inner}`;
      }
      case 'binary': {
        const operator = e.operator === '==' ? '===' : e.operator === '!=' ? '!==' : e.operator;
        const ordering = operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
        if (ordering && isDatetime(e.left.type) && isDatetime(e.right.type)) {
          return `Date.parse(${this.emit(e.left)}) ${operator} Date.parse(${this.emit(e.right)})`;
        }
        if (operator === '===' || operator === '!==') {
          return `${this.compared(e.left)} ${operator} ${this.compared(e.right)}`;
        }
        return `${this.operand(e.left)} ${operator} ${this.operand(e.right)}`;
      }
      case 'conditional':
        return `${this.operand(e.test)} ? ${this.operand(e.whenTrue)} : ${this.operand(e.whenFalse)}`;
      case 'array':
        return `[${e.elements.map((x) => this.emit(x)).join(', ')}]`;
      case 'call':
        return this.call(e.callee, e.args);
    }
  }

  private ref(e: RefExpr): string {
    let text = this.names[e.root];
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
