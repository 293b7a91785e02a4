import { createDiagnostic } from '../diagnostics/catalog/index.js';
import { type Diagnostic, hasErrors, startOfFile } from '../diagnostics/diagnostic.js';
import { decodeSource } from './decode.js';
import { fastParseDocument } from './fast-parse.js';
import { LineIndex } from './line-index.js';
import { MAX_FILE_BYTES, MAX_NESTING_DEPTH } from './limits.js';
import { LoadedSourceDocument } from './source-document.js';
import type { SourceDocument } from './source.js';
import { describeValueKind } from './value-kind.js';
import { parseYaml } from './yaml-parse.js';

export interface ParsedSource {
  /** Undefined when the file is unusable: empty, unreadable, or with any error-severity diagnostic. */
  readonly doc: SourceDocument | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** How a file is parsed. */
export interface ParseOptions {
  /**
   * Record the line each value starts on, for the `// file:line` comments of generated code
   * (default true). Without, `valueLine` is answered from the full position tree, built on demand.
   */
  readonly lines?: boolean;
}

/** Parses one file's bytes or text. Never throws for bad input: problems are diagnostics. */
export function parseSource(file: string, content: string | Uint8Array, options: ParseOptions = {}): ParsedSource {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > MAX_FILE_BYTES) return failed(createDiagnostic('ORX1002', startOfFile(file), { size, limit: MAX_FILE_BYTES }));
  const decoded = decodeSource(content);
  if (!decoded.ok) {
    const at = new LineIndex(decoded.validPrefix).position(decoded.validPrefix.length);
    return failed(
      createDiagnostic('ORX1003', { file, start: at, end: at }, { byteOffset: decoded.byteOffset, byte: decoded.byte }),
    );
  }
  const text = decoded.text;
  const lines = new LineIndex(text);
  if (isBlank(text)) return { doc: undefined, diagnostics: [createDiagnostic('ORX1004', startOfFile(file), {})] };

  const recordLines = options.lines !== false;
  const fast = fastParseDocument(text, { lines: recordLines });
  if (fast !== undefined) {
    return { doc: new LoadedSourceDocument(file, text, fast.value, lines, undefined, recordLines ? fast.valueLine : undefined), diagnostics: [] };
  }

  const depth = flowNestingDepth(text);
  if (depth.depth > MAX_NESTING_DEPTH) {
    // `yaml` takes minutes and gigabytes on a few megabytes of unclosed brackets: never let it try.
    return failed(createDiagnostic('ORX1210', lines.span(file, depth.at, depth.at + 1), { limit: MAX_NESTING_DEPTH }));
  }
  try {
    const parsed = parseYaml(file, text, lines);
    const diagnostics = [...parsed.diagnostics];
    if (parsed.value === undefined || parsed.value === null) {
      if (!hasErrors(diagnostics)) diagnostics.push(createDiagnostic('ORX1004', startOfFile(file), {}));
      return { doc: undefined, diagnostics };
    }
    // After a YAML error the root's shape is usually its consequence, not a second mistake.
    if (!hasErrors(diagnostics) && (typeof parsed.value !== 'object' || Array.isArray(parsed.value))) {
      const root = parsed.tree.document.contents?.range;
      const span = lines.span(file, root?.[0] ?? 0, root?.[0] ?? 0);
      diagnostics.push(createDiagnostic('ORX1206', span, { got: describeValueKind(parsed.value) }));
    }
    if (hasErrors(diagnostics)) return { doc: undefined, diagnostics };
    return { doc: new LoadedSourceDocument(file, text, parsed.value, lines, parsed.tree), diagnostics };
  } catch (error) {
    // The parser failed on input it should have reported: still a diagnostic, never a stack trace.
    const problem = `the YAML parser failed (${error instanceof Error ? error.message : String(error)})`;
    return failed(createDiagnostic('ORX1201', startOfFile(file), { problem, yamlCode: 'INTERNAL' }));
  }
}

const failed = (diagnostic: Diagnostic): ParsedSource => ({ doc: undefined, diagnostics: [diagnostic] });

/** Only white space and comments (a lone `---` is an empty document too, found after parsing). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) return true;
      i = newline;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * The deepest nesting of [ ] and { } (outside quotes and comments), and where it is first reached.
 * An over-approximation for brackets inside plain scalars, which only matters far beyond any real spec.
 */
function flowNestingDepth(text: string): { depth: number; at: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
        if (max > MAX_NESTING_DEPTH) break;
      }
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x22 || c === 0x27) {
      // Skip a quoted string on this line ('' and \" stay inside).
      const end = skipQuoted(text, i, c);
      if (end > i) i = end;
    } else if (c === 0x23 && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
    }
  }
  return { depth: max, at };
}

function skipQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return start;
    if (quote === 0x22 && c === 0x5c) i++;
    else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return start;
}
