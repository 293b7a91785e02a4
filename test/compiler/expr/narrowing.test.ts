// Narrowing from earlier checks, proved against TypeScript itself: for random chains of
// requirements (as a command's `requires`) and a final check, the checker rejects a comparison
// (ORX5035) exactly when TypeScript rejects the same code as a comparison without overlap
// (TS2367), and everything it accepts compiles as emitted, with no casts.
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../../compiler/diagnostics/diagnostic.js';
import { compileExpression, emitTypeScript, emitViolation, Facts, factsAfter } from '../../../compiler/expr/index.js';
import { BOOLEAN_EXPECTED, COMMAND_SCOPE, NAMES, TS_PRELUDE, typeCheckSource } from './support.js';

const SPAN: Span = { file: 'x', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** A DSL expression and the TypeScript a straightforward translation gives (what TypeScript judges). */
interface Pair {
  readonly dsl: string;
  readonly ts: string;
}

interface Field {
  readonly dsl: string;
  readonly ts: string;
  readonly group: string;
  readonly optional: boolean;
  readonly constants: readonly Pair[];
}

const enumConstants = (members: readonly string[]): Pair[] => members.map((m) => ({ dsl: m, ts: JSON.stringify(m) }));
const STATUS = enumConstants(['pending', 'open', 'closed']);
const BOOLEANS: Pair[] = [
  { dsl: 'true', ts: 'true' },
  { dsl: 'false', ts: 'false' },
];
const FIELDS: readonly Field[] = [
  { dsl: 'state.status', ts: 'state.status', group: 'status', optional: false, constants: STATUS },
  { dsl: 'state.status2', ts: 'state.status2', group: 'status', optional: true, constants: STATUS },
  { dsl: 'newStatus', ts: 'command.newStatus', group: 'status', optional: false, constants: STATUS },
  { dsl: 'currency', ts: 'command.currency', group: 'currency', optional: false, constants: enumConstants(['EUR', 'USD', 'GBP']) },
  { dsl: 'state.active', ts: 'state.active', group: 'boolean', optional: false, constants: BOOLEANS },
  { dsl: 'state.frozen', ts: 'state.frozen', group: 'boolean', optional: true, constants: BOOLEANS },
  { dsl: 'force', ts: 'command.force', group: 'boolean', optional: false, constants: BOOLEANS },
  { dsl: 'note', ts: 'command.note', group: 'string', optional: false, constants: [{ dsl: "'x'", ts: '"x"' }, { dsl: "'y'", ts: '"y"' }] },
  { dsl: 'reference', ts: 'command.reference', group: 'string', optional: true, constants: [{ dsl: "'x'", ts: '"x"' }, { dsl: "'y'", ts: '"y"' }] },
  { dsl: 'amount', ts: 'command.amount', group: 'number', optional: false, constants: [{ dsl: '1', ts: '1' }, { dsl: '2', ts: '2' }] },
  { dsl: 'state.limit', ts: 'state.limit', group: 'number', optional: true, constants: [{ dsl: '1', ts: '1' }, { dsl: '2', ts: '2' }] },
];

const field = fc.constantFrom(...FIELDS);

const comparison: fc.Arbitrary<Pair> = fc.oneof(
  // x == c, x != c
  fc.tuple(field, fc.boolean(), fc.nat()).map(([f, equal, i]) => {
    const c = f.constants[i % f.constants.length] ?? f.constants[0]!;
    return { dsl: `${f.dsl} ${equal ? '==' : '!='} ${c.dsl}`, ts: `(${f.ts} ${equal ? '===' : '!=='} ${c.ts})` };
  }),
  // x == null, x != null
  fc.tuple(fc.constantFrom(...FIELDS.filter((f) => f.optional)), fc.boolean()).map(([f, equal]) => ({
    dsl: `${f.dsl} ${equal ? '==' : '!='} null`,
    ts: `(${f.ts} ${equal ? '===' : '!=='} undefined)`,
  })),
  // x == y of the same kind
  fc.tuple(field, fc.nat(), fc.boolean()).map(([f, i, equal]) => {
    const peers = FIELDS.filter((g) => g.group === f.group && g !== f);
    const g = peers[i % peers.length] ?? f;
    return { dsl: `${f.dsl} ${equal ? '==' : '!='} ${g.dsl}`, ts: `(${f.ts} ${equal ? '===' : '!=='} ${g.ts})` };
  }),
  // x in [a, b], x not in [a]
  fc.tuple(field, fc.boolean(), fc.subarray([0, 1, 2], { minLength: 1 })).map(([f, negated, picks]) => {
    const cs = [...new Set(picks.map((i) => f.constants[i % f.constants.length] ?? f.constants[0]!))];
    const ts = cs.map((c) => `${f.ts} ${negated ? '!==' : '==='} ${c.ts}`).join(negated ? ' && ' : ' || ');
    return { dsl: `${f.dsl} ${negated ? 'not in' : 'in'} [${cs.map((c) => c.dsl).join(', ')}]`, ts: `(${ts})` };
  }),
  // a boolean read as a condition
  fc.tuple(fc.constantFrom(...FIELDS.filter((f) => f.group === 'boolean' && !f.optional)), fc.boolean()).map(([f, negated]) => ({
    dsl: `${negated ? 'not ' : ''}${f.dsl}`,
    ts: `${negated ? '!' : ''}${f.ts}`,
  })),
);

const condition: fc.Arbitrary<Pair> = fc.letrec<{ c: Pair }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('c'), tie('c'), fc.constantFrom('&&', '||')).map(([a, b, op]) => ({
      dsl: `(${a.dsl}) ${op === '&&' ? 'and' : 'or'} (${b.dsl})`,
      ts: `(${a.ts} ${op} ${b.ts})`,
    })),
    tie('c').map((a) => ({ dsl: `not (${a.dsl})`, ts: `!${a.ts}` })),
    fc.tuple(tie('c'), tie('c'), tie('c')).map(([t, a, b]) => ({ dsl: `(${t.dsl}) ? (${a.dsl}) : (${b.dsl})`, ts: `(${t.ts} ? ${a.ts} : ${b.ts})` })),
  ),
})).c;

/** A command: requirements in order, then a final check (as an emitted value would be). */
const program = fc.tuple(fc.array(condition, { minLength: 1, maxLength: 3 }), condition);

interface Judged {
  readonly rejected: boolean;
  /** The emitted function when the checker accepted the program. */
  readonly emitted: string | undefined;
}

/** Compiles a program the way commands are checked: each requirement knows the earlier ones held. */
function judge(requirements: readonly Pair[], final: Pair, name: string): Judged {
  let facts = Facts.NONE;
  const guards: string[] = [];
  for (const r of [...requirements, final]) {
    const result = compileExpression({ text: r.dsl, scope: { ...COMMAND_SCOPE, facts }, expected: BOOLEAN_EXPECTED, span: () => SPAN });
    const codes = result.diagnostics.map((d) => d.code);
    if (codes.some((c) => c !== 'ORX5035')) throw new Error(`${r.dsl}: unexpected ${result.diagnostics.map((d) => d.message).join('; ')}`);
    if (result.expr === undefined) return { rejected: true, emitted: undefined };
    if (r !== final) {
      guards.push(`  if (${emitViolation(result.expr, NAMES)}) throw new Error('denied');`);
      facts = factsAfter(result.expr, facts, COMMAND_SCOPE.types);
    } else {
      guards.push(`  return ${emitTypeScript(result.expr, NAMES)};`);
    }
  }
  return { rejected: false, emitted: functionText(name, guards) };
}

const PARAMS = 'state: State, command: Command';
const functionText = (name: string, body: readonly string[]): string => `export function ${name}(${PARAMS}): boolean {\n${body.join('\n')}\n}`;

/** Type-checks one module; returns the error codes per function name. */
function typeCheck(functions: readonly { name: string; text: string }[]): Map<string, number[]> {
  const { file, diagnostics } = typeCheckSource([TS_PRELUDE, ...functions.map((f) => f.text)].join('\n\n'));
  const errors = new Map<string, number[]>();
  for (const d of diagnostics) {
    if (d.start === undefined) throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    // The enclosing function's name.
    let node: ts.Node | undefined = findNode(file, d.start);
    while (node !== undefined && !ts.isFunctionDeclaration(node)) node = node.parent;
    const name = node !== undefined && ts.isFunctionDeclaration(node) ? (node.name?.text ?? '?') : '?';
    errors.set(name, [...(errors.get(name) ?? []), d.code]);
  }
  return errors;
}

function findNode(file: ts.SourceFile, position: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (n.getStart(file) <= position && position < n.getEnd()) {
      found = n;
      n.forEachChild(visit);
    }
  };
  file.forEachChild(visit);
  return found;
}

describe('narrowing from earlier checks agrees with TypeScript', () => {
  it('rejects a comparison exactly when TypeScript would, and what it accepts compiles as emitted', () => {
    const programs = fc.sample(program, { numRuns: 400, seed: 20261207 });
    const cases = programs.map(([requirements, final], i) => {
      const hand = functionText(`t${i}`, [
        ...requirements.map((r) => `  if (!${r.ts}) throw new Error('denied');`),
        `  return ${final.ts};`,
      ]);
      return { i, requirements, final, hand, judged: judge(requirements, final, `e${i}`) };
    });
    const errors = typeCheck([
      ...cases.map((c) => ({ name: `t${c.i}`, text: c.hand })),
      ...cases.flatMap((c) => (c.judged.emitted === undefined ? [] : [{ name: `e${c.i}`, text: c.judged.emitted }])),
    ]);
    let rejected = 0;
    for (const c of cases) {
      const tsVerdict = errors.get(`t${c.i}`) ?? [];
      expect(tsVerdict.every((code) => code === 2367), c.hand).toBe(true);
      const what = `${[...c.requirements.map((r) => `requires ${r.dsl}`), `then ${c.final.dsl}`].join('\n')}\n${c.hand}`;
      expect(c.judged.rejected, what).toBe(tsVerdict.length > 0);
      if (c.judged.rejected) rejected++;
      else expect(errors.get(`e${c.i}`) ?? [], c.judged.emitted).toEqual([]);
    }
    // Both verdicts occur often enough for the agreement to mean something.
    expect(rejected).toBeGreaterThan(40);
    expect(cases.length - rejected).toBeGreaterThan(100);
  }, 60_000);
});
