import type { CST, Document, Node, Scalar, YAMLError } from 'yaml';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LineIndex } from './line-index.js';
import { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from './limits.js';
import { isAlias, isMap, isScalar, isSeq, yaml } from './yaml-module.js';

/** The `yaml` document plus what later span lookups need. Only compiler/load sees this type. */
export interface YamlTree {
  readonly document: Document.Parsed;
}

export interface YamlParse {
  readonly tree: YamlTree;
  /** The plain value, or `undefined` when the document is empty. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/** YAML errors reported per file; the rest are summed up in one last diagnostic. */
const MAX_YAML_ERRORS = 20;

/** Options shared by the full parse and the lazy position parse, so both see the same tree. */
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, keepSourceTokens: false } as const;

type Token = CST.Token;

/** Error tokens after which the CST parser is not read further (a valid file has none). */
const MAX_ERROR_TOKENS = 200;

interface Composed {
  readonly document: Document.Parsed;
  /** Where a second document starts, if the file has one. */
  readonly secondDocumentAt: number | undefined;
  /** The parser was stopped early: the file was broken beyond that point's errors. */
  readonly truncated: boolean;
}

/**
 * `parseDocument`, in its parts (yaml's public Parser and Composer), for two reasons. A file broken
 * near its top makes the parser emit an error token for nearly every line after it (a 4 MB file:
 * 590,000 errors, seconds of work); reading the tokens ourselves lets us stop after a few hundred.
 * And `yaml` builds an Error per problem whose stack trace we never read: stack traces are
 * switched off for the duration of the (synchronous) parse, 3-4x faster on broken files.
 */
function compose(text: string): Composed {
  const { Composer, Parser } = yaml();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const tokens: Token[] = [];
    let errorTokens = 0;
    let truncated = false;
    for (const token of new Parser().parse(text)) {
      if (token.type === 'error' && ++errorTokens > MAX_ERROR_TOKENS) {
        truncated = true;
        break;
      }
      tokens.push(token);
    }
    const documents = new Composer(PARSE_OPTIONS).compose(tokens, true, text.length);
    const first = documents.next();
    if (first.done === true) throw new Error('the YAML composer produced no document');
    const second = documents.next();
    const secondDocumentAt = second.done === true ? undefined : second.value.range[0];
    return { document: first.value, secondDocumentAt, truncated };
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Parses for positions only (the text is known to be valid YAML). */
export function parseTree(text: string): YamlTree {
  return { document: compose(text).document };
}

/**
 * Parses with `yaml` and converts to a plain value, turning every YAML problem into a diagnostic.
 * Converting ourselves (rather than `toJS`) lets one pass check keys, find duplicates by their
 * JavaScript key, and expand aliases within a budget instead of trusting `maxAliasCount`.
 */
export function parseYaml(file: string, text: string, lines: LineIndex): YamlParse {
  const { document, secondDocumentAt, truncated } = compose(text);
  const converter = new Converter(file, text, lines);
  const value = document.contents === null ? undefined : converter.convert(document.contents, 0);
  const diagnostics = [...yamlErrorDiagnostics(file, lines, document.errors, converter, truncated), ...converter.diagnostics];
  if (secondDocumentAt !== undefined) diagnostics.push(createDiagnostic('ORX1205', lines.span(file, secondDocumentAt, secondDocumentAt + 3), {}));
  for (const warning of document.warnings) {
    diagnostics.push(createDiagnostic('ORX1212', spanOf(file, lines, warning), { problem: lowerFirst(warning.message) }));
  }
  return { tree: { document }, value, diagnostics };
}

const spanOf = (file: string, lines: LineIndex, error: YAMLError) => lines.span(file, error.pos[0], error.pos[1]);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function yamlErrorDiagnostics(
  file: string,
  lines: LineIndex,
  errors: readonly YAMLError[],
  converter: Converter,
  truncated: boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reportedLines = new Set<number>();
  for (const [index, error] of errors.entries()) {
    const span = spanOf(file, lines, error);
    // One problem often cascades into several errors on the same line; the first explains it.
    if (reportedLines.has(span.start.line)) continue;
    reportedLines.add(span.start.line);
    if (out.length === MAX_YAML_ERRORS) {
      // After an early mistake most of the rest is its echo: say how much is left instead.
      const count = truncated ? 'many' : String(errors.length - index);
      const problem = `${count} more YAML errors from here on are not shown; fix the ones above first`;
      out.push(createDiagnostic('ORX1201', span, { problem, yamlCode: 'MORE' }));
      break;
    }
    switch (error.code) {
      case 'TAB_AS_INDENT':
        out.push(createDiagnostic('ORX1204', span, {}));
        break;
      case 'RESOURCE_EXHAUSTION':
        out.push(createDiagnostic('ORX1210', span, { limit: MAX_NESTING_DEPTH }));
        break;
      case 'MISSING_CHAR': {
        const open = /quote/.test(error.message) ? converter.unterminatedQuoteBefore(error.pos[0]) : undefined;
        if (open !== undefined) {
          out.push(createDiagnostic('ORX1202', lines.span(file, open, open + 1), { quote: converter.text.charAt(open) }));
          break;
        }
        out.push(syntaxError(span, error));
        break;
      }
      default:
        out.push(syntaxError(span, error));
    }
  }
  return out;
}

const syntaxError = (span: Diagnostic['span'], error: YAMLError): Diagnostic =>
  createDiagnostic('ORX1201', span, { problem: lowerFirst(error.message.replace(/\.$/, '')), yamlCode: error.code });

/** The yaml AST -> plain data, with key, alias and depth checks. */
class Converter {
  readonly diagnostics: Diagnostic[] = [];
  /** The last node seen with each anchor, in document order (what an alias refers to). */
  private readonly anchors = new Map<string, Node>();
  private readonly anchoredValues = new Map<Node, unknown>();
  private readonly anchoredSizes = new Map<Node, number>();
  private readonly inProgress = new Set<Node>();
  private readonly unterminated: number[] = [];
  private nodes = 0;
  private aliasExpansion = 0;
  private aliasBudgetExceeded = false;
  private tooDeep = false;

  constructor(
    private readonly file: string,
    readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  /** The opening quote of the unterminated quoted scalar that ends at or before `offset`. */
  unterminatedQuoteBefore(offset: number): number | undefined {
    let best: number | undefined;
    for (const start of this.unterminated) if (start <= offset && (best === undefined || start > best)) best = start;
    return best;
  }

  convert(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_NESTING_DEPTH) {
      if (!this.tooDeep) {
        this.tooDeep = true;
        this.diagnostics.push(createDiagnostic('ORX1210', this.spanOfNode(node), { limit: MAX_NESTING_DEPTH }));
      }
      return null;
    }
    if (isAlias(node)) return this.alias(node.source, node);
    const anchor = (isScalar(node) || isMap(node) || isSeq(node)) && node.anchor !== undefined ? node.anchor : undefined;
    if (anchor !== undefined && isNode(node)) {
      this.anchors.set(anchor, node);
      this.inProgress.add(node);
    }
    const before = this.nodes;
    this.nodes++;
    const value = this.convertNode(node, depth);
    if (anchor !== undefined && isNode(node)) {
      this.inProgress.delete(node);
      this.anchoredValues.set(node, value);
      this.anchoredSizes.set(node, this.nodes - before);
    }
    return value;
  }

  private convertNode(node: unknown, depth: number): unknown {
    if (isScalar(node)) {
      this.checkQuotes(node);
      return node.value;
    }
    if (isSeq(node)) return node.items.map((item) => this.convert(item, depth + 1));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const keyNodes = new Map<string, Node>();
      for (const pair of node.items) {
        const key = this.key(pair.key);
        const value = this.convert(pair.value, depth + 1);
        if (key === undefined) continue;
        const first = keyNodes.get(key);
        if (first !== undefined && isNode(pair.key)) {
          this.diagnostics.push(
            createDiagnostic('ORX1203', this.spanOfNode(pair.key), { key }, [
              { message: `'${key}' is first defined here`, span: this.spanOfNode(first) },
            ]),
          );
          continue;
        }
        if (isNode(pair.key)) keyNodes.set(key, pair.key);
        defineKey(result, key, value);
      }
      return result;
    }
    return null;
  }

  /** A mapping key as JavaScript sees it; only non-null scalars qualify. */
  private key(node: unknown): string | undefined {
    if (isScalar(node)) {
      this.checkQuotes(node);
      if (node.value !== null && node.value !== undefined && typeof node.value !== 'object') return String(node.value);
    }
    this.diagnostics.push(createDiagnostic('ORX1211', this.spanOfNode(node), {}));
    return undefined;
  }

  private alias(name: string, node: Node): unknown {
    const target = this.anchors.get(name);
    if (target === undefined) {
      this.diagnostics.push(createDiagnostic('ORX1207', this.spanOfNode(node), { name }));
      return null;
    }
    if (this.inProgress.has(target)) {
      this.diagnostics.push(createDiagnostic('ORX1208', this.spanOfNode(node), { name }));
      return null;
    }
    if (this.aliasBudgetExceeded) return null;
    const size = this.anchoredSizes.get(target) ?? 1;
    this.aliasExpansion += size;
    this.nodes += size;
    if (this.aliasExpansion > MAX_ALIAS_EXPANSION) {
      this.aliasBudgetExceeded = true;
      this.diagnostics.push(createDiagnostic('ORX1209', this.spanOfNode(node), { limit: MAX_ALIAS_EXPANSION }));
      return null;
    }
    // Shared, not copied: the value is a DAG whose expanded size the budget bounds.
    return this.anchoredValues.get(target) ?? null;
  }

  private checkQuotes(node: Scalar): void {
    if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return;
    const [start, end] = node.range ?? [0, 0];
    const quote = this.text.charAt(start);
    if (end - start < 2 || this.text.charAt(end - 1) !== quote) this.unterminated.push(start);
  }

  private spanOfNode(node: unknown) {
    const range = isNode(node) ? node.range : undefined;
    const start = range?.[0] ?? 0;
    return this.lines.span(this.file, start, range?.[1] ?? start);
  }
}

const isNode = (node: unknown): node is Node => isScalar(node) || isMap(node) || isSeq(node) || isAlias(node);

/** Plain assignment, except `__proto__`, which must become an own property like any other key. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
