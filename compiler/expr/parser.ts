import type { BinaryOperator, TextRange } from './ast.js';
import type { Punctuator, Token } from './lexer.js';
import type { Reporter } from './report.js';
import type { BinarySyntax, ObjectSyntax, SyntaxNode } from './syntax.js';

/** The deepest nesting (and the tallest tree) an expression may have. */
export const MAX_DEPTH = 64;

/**
 * Precedence climbing, lowest first: `? :` < `||` `or` < `&&` `and` < `==` `!=` < `<` `<=` `>` `>=`
 * `in` `not in` < `+` `-` < `*` `/` `%` < unary `!` `not` `-` < member access and calls.
 */
const OR: ReadonlySet<string> = new Set(['||', 'or']);
const AND: ReadonlySet<string> = new Set(['&&', 'and']);
const EQUALITY: ReadonlySet<string> = new Set(['==', '!=']);
const COMPARISON: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
const ADDITIVE: ReadonlySet<string> = new Set(['+', '-']);
const MULTIPLICATIVE: ReadonlySet<string> = new Set(['*', '/', '%']);
const WORD_OPERATORS: ReadonlyMap<string, BinaryOperator> = new Map([
  ['or', '||'],
  ['and', '&&'],
]);
/** Words with a fixed meaning; they are never names (but may follow `.`, or name a field in `{ ... }`). */
export const KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in']);

/**
 * Parses a token list (from `tokenize`) into a syntax tree. Reports the first syntax error and
 * stops there, returning undefined: later "errors" would mostly be echoes of the first. Recursion
 * is bounded by MAX_DEPTH, so any input finishes quickly without exhausting the stack. `whole` is
 * the range of the text the tokens came from (default: all of the reporter's text).
 */
export function parse(tokens: readonly Token[], reporter: Reporter, whole?: TextRange): SyntaxNode | undefined {
  return new Parser(tokens, reporter, whole ?? { start: 0, end: reporter.text.length }).parseAll();
}

class Parser {
  #pos = 0;
  #depth = 0;
  #failed = false;
  readonly #end: Token;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly reporter: Reporter,
    private readonly whole: TextRange,
  ) {
    const last = tokens[tokens.length - 1];
    this.#end = last ?? { kind: 'end', start: whole.end, end: whole.end };
  }

  parseAll(): SyntaxNode | undefined {
    const first = this.peek();
    if (first.kind === 'end') {
      this.reporter.report('ORX5006', this.whole, {});
      return undefined;
    }
    const node = this.parseConditional();
    const rest = this.peek();
    if (rest.kind !== 'end') this.fail('an operator or the end of the expression', rest);
    return this.#failed ? undefined : node;
  }

  // --- tokens -------------------------------------------------------------------------------

  /** The current token; after a failure always the end token, so every loop stops. */
  private peek(): Token {
    return this.#failed ? this.#end : (this.tokens[this.#pos] ?? this.#end);
  }

  private advance(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.#pos++;
    return t;
  }

  /** The operator spelled by the current token (`+`, `==`, or the words `and`/`or`/`not`), if any. */
  private operatorText(): string | undefined {
    const t = this.peek();
    if (t.kind === 'punctuator') return t.value;
    if (t.kind === 'identifier' && KEYWORDS.has(t.name)) return t.name;
    return undefined;
  }

  private isPunctuator(value: Punctuator): boolean {
    const t = this.peek();
    return t.kind === 'punctuator' && t.value === value;
  }

  /** Reports "expected X, found Y" once; an `invalid` token was reported by the lexer already. */
  private fail(expected: string, found: Token): void {
    if (this.#failed) return;
    this.#failed = true;
    if (found.kind === 'invalid') return;
    if (found.kind === 'end') {
      const previous = this.tokens[this.#pos - 1];
      const range = previous ?? this.whole;
      this.reporter.report('ORX5007', { start: range.start, end: range.end }, { expected, found: 'the end of the expression' });
      return;
    }
    this.reporter.report('ORX5007', { start: found.start, end: found.end }, { expected, found: this.describe(found) });
  }

  private tooDeep(range: TextRange): void {
    if (this.#failed) return;
    this.#failed = true;
    this.reporter.report('ORX5010', range, { limit: MAX_DEPTH });
  }

  private describe(t: Token): string {
    return `'${this.reporter.quote(t)}'`;
  }

  /** Consumes the closing bracket of `open`, or reports it missing. */
  private close(closing: ')' | ']' | '}', open: Token, expected: string): Token | undefined {
    const t = this.peek();
    if (t.kind === 'punctuator' && t.value === closing) return this.advance();
    if (t.kind === 'end' && !this.#failed) {
      this.#failed = true;
      const opening = closing === ')' ? '(' : closing === ']' ? '[' : '{';
      this.reporter.report('ORX5008', { start: open.start, end: open.end }, { open: opening, close: closing });
    } else {
      this.fail(expected, t);
    }
    return undefined;
  }

  /** Builds a node, enforcing the height limit. */
  private sized<N extends SyntaxNode>(node: N, at: TextRange): N {
    if (node.height > MAX_DEPTH) this.tooDeep(at);
    return node;
  }

  // --- grammar ------------------------------------------------------------------------------

  private parseConditional(): SyntaxNode {
    const start = this.peek();
    if (++this.#depth > MAX_DEPTH) {
      this.tooDeep(start);
      this.#depth--;
      return ERROR_NODE;
    }
    try {
      const test = this.parseBinary(0);
      if (!this.isPunctuator('?')) return test;
      const question = this.advance();
      const whenTrue = this.parseConditional();
      if (!this.isPunctuator(':')) {
        this.fail(`':' to complete 'condition ? value : otherValue'`, this.peek());
        return ERROR_NODE;
      }
      this.advance();
      const whenFalse = this.parseConditional();
      return this.sized(
        {
          kind: 'conditional',
          range: { start: test.range.start, end: whenFalse.range.end },
          height: 1 + Math.max(test.height, whenTrue.height, whenFalse.height),
          test,
          whenTrue,
          whenFalse,
        },
        question,
      );
    } finally {
      this.#depth--;
    }
  }

  /**
   * The binary levels, lowest first. Left-associative, except that comparisons do not chain:
   * `a < b < c` and `a == b == c` are errors (they rarely mean what they say).
   */
  private parseBinary(level: number): SyntaxNode {
    const operators = BINARY_LEVELS[level];
    if (operators === undefined) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    let chained: { operator: string } | undefined;
    for (;;) {
      const text = this.operatorText();
      const membership = operators.set === COMPARISON ? this.membership() : undefined;
      if (membership === undefined && (text === undefined || !operators.set.has(text))) return left;
      const token = this.advance();
      const written = membership === undefined ? (text ?? '') : membership.negated ? 'not in' : 'in';
      if (chained !== undefined && !operators.chains) {
        this.#failed = true;
        this.reporter.report('ORX5009', { start: token.start, end: token.end }, { first: chained.operator, second: written });
        return left;
      }
      if (membership !== undefined) {
        if (membership.negated) this.advance();
        const list = this.parseBinary(level + 1);
        const operatorRange = { start: token.start, end: membership.end };
        left = this.sized(
          {
            kind: 'in',
            negated: membership.negated,
            operatorRange,
            range: { start: left.range.start, end: list.range.end },
            height: 1 + Math.max(left.height, list.height),
            element: left,
            list,
          },
          token,
        );
        chained = { operator: written };
        continue;
      }
      const right = this.parseBinary(level + 1);
      const operator = WORD_OPERATORS.get(written) ?? (written as BinaryOperator);
      const node: BinarySyntax = {
        kind: 'binary',
        operator,
        operatorRange: { start: token.start, end: token.end },
        range: { start: left.range.start, end: right.range.end },
        height: 1 + Math.max(left.height, right.height),
        left,
        right,
      };
      left = this.sized(node, token);
      chained = { operator: written };
    }
  }

  /** At `in` or `not in`: whether it is negated and where the operator ends. */
  private membership(): { readonly negated: boolean; readonly end: number } | undefined {
    const t = this.peek();
    if (t.kind !== 'identifier') return undefined;
    if (t.name === 'in') return { negated: false, end: t.end };
    const next = this.tokens[this.#pos + 1];
    if (t.name === 'not' && next?.kind === 'identifier' && next.name === 'in') return { negated: true, end: next.end };
    return undefined;
  }

  private parseUnary(): SyntaxNode {
    const text = this.operatorText();
    if (text !== '!' && text !== 'not' && text !== '-') return this.parsePostfix();
    const token = this.advance();
    if (++this.#depth > MAX_DEPTH) {
      this.tooDeep(token);
      this.#depth--;
      return ERROR_NODE;
    }
    const operand = this.parseUnary();
    this.#depth--;
    return this.sized(
      {
        kind: 'unary',
        operator: text === '-' ? '-' : '!',
        operatorRange: { start: token.start, end: token.end },
        range: { start: token.start, end: operand.range.end },
        height: 1 + operand.height,
        operand,
      },
      token,
    );
  }

  private parsePostfix(): SyntaxNode {
    let node = this.parsePrimary();
    for (;;) {
      if (this.isPunctuator('.')) {
        this.advance();
        const name = this.peek();
        if (name.kind !== 'identifier') {
          this.fail(`a field name after '.'`, name);
          return node;
        }
        this.advance();
        node = this.sized(
          {
            kind: 'member',
            object: node,
            name: name.name,
            nameRange: { start: name.start, end: name.end },
            range: { start: node.range.start, end: name.end },
            height: 1 + node.height,
          },
          name,
        );
      } else if (this.isPunctuator('(')) {
        const open = this.advance();
        const args = this.parseList(')', open, "',' or ')'");
        const last = this.tokens[this.#pos - 1];
        node = this.sized(
          {
            kind: 'call',
            callee: node,
            args,
            range: { start: node.range.start, end: last?.end ?? open.end },
            height: 1 + Math.max(node.height, tallest(args)),
          },
          open,
        );
      } else {
        return node;
      }
    }
  }

  /** `{ name: value, ... }` after its `{`; field names may be any word (`{ type: x }`). */
  private parseObject(open: Token): SyntaxNode {
    const fields: ObjectSyntax['fields'][number][] = [];
    if (this.isPunctuator('}')) {
      const close = this.advance();
      return { kind: 'object', fields, range: { start: open.start, end: close.end }, height: 1 };
    }
    for (;;) {
      const name = this.peek();
      if (name.kind !== 'identifier') {
        this.fail("a field name in '{ field: value }'", name);
        return ERROR_NODE;
      }
      this.advance();
      if (!this.isPunctuator(':')) {
        this.fail(`':' after the field name '${name.name}'`, this.peek());
        return ERROR_NODE;
      }
      this.advance();
      const value = this.parseConditional();
      fields.push({ name: name.name, nameRange: { start: name.start, end: name.end }, value });
      if (!this.isPunctuator(',')) break;
      this.advance();
    }
    this.close('}', open, "',' or '}'");
    const last = this.tokens[this.#pos - 1];
    return this.sized(
      {
        kind: 'object',
        fields,
        range: { start: open.start, end: last?.end ?? open.end },
        height: 1 + tallest(fields.map((f) => f.value)),
      },
      open,
    );
  }

  /** Comma-separated expressions up to the closing bracket (which it consumes). */
  private parseList(closing: ')' | ']', open: Token, expected: string): SyntaxNode[] {
    const items: SyntaxNode[] = [];
    if (this.isPunctuator(closing)) {
      this.advance();
      return items;
    }
    for (;;) {
      items.push(this.parseConditional());
      if (this.isPunctuator(',')) {
        this.advance();
        continue;
      }
      this.close(closing, open, expected);
      return items;
    }
  }

  private parsePrimary(): SyntaxNode {
    const t = this.peek();
    const range = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'number':
        this.advance();
        return { kind: 'number', range, height: 1, value: t.value, integer: t.integer };
      case 'string':
        this.advance();
        return { kind: 'string', range, height: 1, value: t.value };
      case 'duration':
        this.advance();
        return { kind: 'duration', range, height: 1, amount: t.amount, unit: t.unit };
      case 'identifier':
        if (t.name === 'true' || t.name === 'false') {
          this.advance();
          return { kind: 'boolean', range, height: 1, value: t.name === 'true' };
        }
        if (t.name === 'null') {
          this.advance();
          return { kind: 'null', range, height: 1 };
        }
        if (KEYWORDS.has(t.name)) break;
        this.advance();
        return { kind: 'identifier', range, height: 1, name: t.name };
      case 'punctuator':
        if (t.value === '(') {
          this.advance();
          const inner = this.parseConditional();
          this.close(')', t, "')'");
          return inner;
        }
        if (t.value === '{') {
          this.advance();
          return this.parseObject(t);
        }
        if (t.value === '[') {
          this.advance();
          const elements = this.parseList(']', t, "',' or ']'");
          const last = this.tokens[this.#pos - 1];
          return this.sized(
            {
              kind: 'array',
              elements,
              range: { start: t.start, end: last?.end ?? t.end },
              height: 1 + tallest(elements),
            },
            t,
          );
        }
        break;
      default:
        break;
    }
    const previous = this.tokens[this.#pos - 1];
    const after =
      previous !== undefined && previous.kind === 'punctuator' ? ` after '${previous.value}'` : '';
    this.fail(`an expression${after}`, t);
    return ERROR_NODE;
  }
}

interface BinaryLevel {
  readonly set: ReadonlySet<string>;
  readonly chains: boolean;
}
const BINARY_LEVELS: readonly BinaryLevel[] = [
  { set: OR, chains: true },
  { set: AND, chains: true },
  { set: EQUALITY, chains: false },
  { set: COMPARISON, chains: false },
  { set: ADDITIVE, chains: true },
  { set: MULTIPLICATIVE, chains: true },
];

/** Placeholder returned after a failure; never reaches the checker (parse returns undefined). */
const ERROR_NODE: SyntaxNode = { kind: 'null', range: { start: 0, end: 0 }, height: 1 };

/** The greatest height among `nodes` (0 for none); a loop, since lists may be long. */
function tallest(nodes: readonly SyntaxNode[]): number {
  let h = 0;
  for (const n of nodes) if (n.height > h) h = n.height;
  return h;
}
