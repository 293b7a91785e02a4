import ts from 'typescript';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Diagnostic, Span } from '../../../compiler/diagnostics/diagnostic.js';
import type { TextRange, TypedExpr } from '../../../compiler/expr/ast.js';
import { checkExpression } from '../../../compiler/expr/checker.js';
import type { ExpectedType, ExprField, ExprScope } from '../../../compiler/expr/index.js';
import { compileExpression, emitTypeScript, formatExprType } from '../../../compiler/expr/index.js';
import { tokenize } from '../../../compiler/expr/lexer.js';
import { parse } from '../../../compiler/expr/parser.js';
import { Reporter } from '../../../compiler/expr/report.js';
import type { FieldModel, NamedTypeModel } from '../../../compiler/model/model.js';
import type { PrimitiveName, TypeRef } from '../../../compiler/model/type-ref.js';

export const NAMES = { state: 'state', command: 'command', event: 'event', id: 'id', now: 'now' } as const;

const NO_SPAN: Span = { file: 'test.yaml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export const p = (name: PrimitiveName): TypeRef => ({ kind: 'primitive', name });
export const enumRef = (name: string): TypeRef => ({ kind: 'enum', name });
export const valueRef = (name: string): TypeRef => ({ kind: 'value', name });
export const arrayRef = (element: TypeRef): TypeRef => ({ kind: 'array', element });
const field = (name: string, type: TypeRef, optional = false): ExprField => ({ name, type, optional });

export const TYPES: ReadonlyMap<string, NamedTypeModel> = new Map<string, NamedTypeModel>([
  ['AccountStatus', { kind: 'enum', name: 'AccountStatus', description: undefined, members: ['pending', 'open', 'closed'], span: NO_SPAN }],
  ['Currency', { kind: 'enum', name: 'Currency', description: undefined, members: ['EUR', 'USD', 'GBP'], span: NO_SPAN }],
  [
    'Address',
    {
      kind: 'value',
      name: 'Address',
      description: undefined,
      containsPii: false,
      span: NO_SPAN,
      fields: [
        { name: 'street', type: p('string'), optional: false },
        { name: 'city', type: p('string'), optional: false },
        { name: 'postcode', type: p('string'), optional: true },
      ].map(
        (f): FieldModel => ({
          ...f,
          readOptional: f.optional,
          description: undefined,
          default: undefined,
          constraints: {},
          pii: undefined,
          span: NO_SPAN,
        }),
      ),
    },
  ],
]);

export const STATE: readonly ExprField[] = [
  field('balance', p('integer')),
  field('status', enumRef('AccountStatus')),
  field('limit', p('integer'), true),
  field('ownerName', p('string'), true),
  field('ownerId', p('uuid'), true),
  field('email', p('email')),
  field('tags', arrayRef(p('string'))),
  field('scores', arrayRef(p('integer'))),
  field('rates', arrayRef(p('number'))),
  field('currencies', arrayRef(enumRef('Currency'))),
  field('addresses', arrayRef(valueRef('Address'))),
  field('address', valueRef('Address'), true),
  field('home', valueRef('Address')),
  field('openedOn', p('date')),
  field('closedAt', p('datetime'), true),
  field('rate', p('number')),
  field('active', p('boolean')),
  field('frozen', p('boolean'), true),
  field('status2', enumRef('AccountStatus'), true),
];

export const COMMAND: readonly ExprField[] = [
  field('amount', p('integer')),
  field('factor', p('number')),
  field('note', p('string')),
  field('reference', p('string'), true),
  field('currency', enumRef('Currency')),
  field('newStatus', enumRef('AccountStatus')),
  field('dueDate', p('date')),
  field('at', p('datetime')),
  field('tag', p('string')),
  field('force', p('boolean')),
  field('address', valueRef('Address')),
  field('site', p('url')),
];

export const EVENT: readonly ExprField[] = [field('amount', p('integer')), field('balanceAfter', p('integer'))];

/** A command's scope: requires and emits. */
export const COMMAND_SCOPE: ExprScope = { state: STATE, command: COMMAND, id: p('uuid'), now: true, bare: 'command', types: TYPES };
/** An event's apply scope. */
export const APPLY_SCOPE: ExprScope = { state: STATE, event: EVENT, id: p('uuid'), types: TYPES };

export const BOOLEAN_EXPECTED: ExpectedType = { kind: 'boolean' };
export const fieldExpected = (type: TypeRef, optional = false): ExpectedType => ({ kind: 'field', type, optional });

/**
 * Places an expression in a YAML file the way a user would (a block scalar under a requires entry)
 * and maps expression ranges to file spans as the loader's spanInString does: line by line.
 * Asserts, via the yaml package, that the scalar's value is exactly the expression.
 */
export function yamlPlacement(text: string): { file: string; span: (range: TextRange) => Span } {
  const indent = '      ';
  const lines = text.split('\n');
  const file = `requires:\n  - check: |-\n${lines.map((l) => indent + l).join('\n')}\n    error: Denied\n`;
  const doc = parseDocument(file);
  const entry = (doc.get('requires') as { items: unknown[] }).items[0];
  const node = isMap(entry) ? entry.get('check', true) : undefined;
  if (!isScalar(node) || node.value !== text) throw new Error(`test placement failed for ${JSON.stringify(text)}`);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    lineStarts.push(offset);
    offset += l.length + 1;
  }
  const FIRST_LINE = 3;
  const position = (at: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= at) line++;
    const column = indent.length + 1 + at - (lineStarts[line] ?? 0);
    const fileLine = FIRST_LINE + line;
    return { line: fileLine, column, offset: fileOffsetOf(file, fileLine, column) };
  };
  return { file, span: (range) => ({ file: 'test.yaml', start: position(range.start), end: position(range.end) }) };
}

function fileOffsetOf(file: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = file.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

export interface Compiled {
  readonly expr: TypedExpr | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** `ORX5011@3:9` for each diagnostic: code, file line and column. */
  readonly found: readonly string[];
  readonly codes: readonly string[];
}

export function compile(text: string, expected: ExpectedType = BOOLEAN_EXPECTED, scope: ExprScope = COMMAND_SCOPE): Compiled {
  const placement = yamlPlacement(text);
  const result = compileExpression({ text, scope, expected, span: placement.span });
  return {
    ...result,
    found: result.diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.column}`),
    codes: result.diagnostics.map((d) => d.code),
  };
}

/** The type an expression has with no expectation, and the codes it reports. */
export function infer(text: string, scope: ExprScope = COMMAND_SCOPE): { type: string; codes: string[] } {
  const reporter = new Reporter(() => NO_SPAN, text);
  const tree = parse(tokenize(text, reporter), reporter);
  const expr = tree === undefined ? undefined : checkExpression(tree, scope, undefined, reporter);
  return { type: expr === undefined ? '-' : formatExprType(expr.type), codes: reporter.diagnostics.map((d) => d.code) };
}

/** Emitted TypeScript for an expression that must compile cleanly. */
export function emitted(text: string, expected: ExpectedType = BOOLEAN_EXPECTED, scope: ExprScope = COMMAND_SCOPE): string {
  const result = compileExpression({ text, scope, expected, span: () => NO_SPAN });
  if (result.expr === undefined) {
    throw new Error(`${text}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  return emitTypeScript(result.expr, NAMES);
}

/** TypeScript declarations matching the scopes above, for compiling emitted code. */
export const TS_PRELUDE = `
type AccountStatus = 'pending' | 'open' | 'closed';
type Currency = 'EUR' | 'USD' | 'GBP';
interface Address { readonly street: string; readonly city: string; readonly postcode?: string | undefined }
interface State {
  readonly balance: number; readonly status: AccountStatus; readonly limit?: number | undefined;
  readonly ownerName?: string | undefined; readonly ownerId?: string | undefined; readonly email: string;
  readonly tags: readonly string[]; readonly scores: readonly number[]; readonly rates: readonly number[];
  readonly currencies: readonly Currency[]; readonly addresses: readonly Address[];
  readonly address?: Address | undefined; readonly home: Address; readonly openedOn: string;
  readonly closedAt?: string | undefined; readonly rate: number; readonly active: boolean;
  readonly frozen?: boolean | undefined; readonly status2?: AccountStatus | undefined;
}
interface Command {
  readonly amount: number; readonly factor: number; readonly note: string; readonly reference?: string | undefined;
  readonly currency: Currency; readonly newStatus: AccountStatus; readonly dueDate: string; readonly at: string;
  readonly tag: string; readonly force: boolean; readonly address: Address; readonly site: string;
}
interface Event { readonly amount: number; readonly balanceAfter: number }
`;

/** The TypeScript type of a field, as the generated Zod types would give it. */
export function tsType(type: TypeRef): string {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'integer' || type.name === 'number' ? 'number' : type.name === 'boolean' ? 'boolean' : 'string';
    case 'enum':
    case 'value':
      return type.name;
    case 'array':
      return `readonly ${tsType(type.element)}[]`;
  }
}

/**
 * Type-checks one in-memory module under the generated code's flags (strict, no unchecked index
 * access, exact optional properties); returns the parsed file and every diagnostic.
 */
export function typeCheckSource(source: string): { file: ts.SourceFile; diagnostics: readonly ts.Diagnostic[] } {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    types: [],
    noEmit: true,
  };
  const fileName = '/virtual/emitted.ts';
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    name === fileName ? ts.createSourceFile(name, source, version, true) : original(name, version, onError, create);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || exists(name);
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName);
  if (file === undefined) throw new Error('the virtual file was not read');
  return { file, diagnostics: ts.getPreEmitDiagnostics(program) };
}
