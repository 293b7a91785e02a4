import { didYouMean, suggest } from '../diagnostics/suggest.js';
import { DURATION_UNITS, type DurationUnit } from '../expr/ast.js';
import { Facts, factsAfter, formatExprType, type ExprScope } from '../expr/index.js';
import type { AssignmentModel, AutomationModel, ExpressionModel, FieldModel, IgnoredErrorModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import type { ExpressionSpec } from '../syntax/schema.js';
import { orEmpty } from './context.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import { checkErrorCode } from './names.js';
import { eventRef, eventScope, refsOf, resolveCommand, resolveEvent, type FoundCommand, type ReadSideContext } from './read-side.js';
import type { AutomationDeclaration } from './symbols.js';

/**
 * Automations (`automations:`): an event leads to a command. Checks the event, `forEach`, `when`,
 * `after`, the command and its mapping, and `ignore`; then looks for automations that trigger each
 * other forever. docs/dsl.md ("Automations") states the rules.
 */

/** The longest `after:`: 366 days. */
export const MAX_DELAY_DAYS = 366;
const MAX_DELAY_MS = MAX_DELAY_DAYS * DURATION_UNITS.d;
/** `after:` is written like a duration of the expression language (`30m`), a positive one. */
const DURATION = /^([1-9][0-9]*)([smhd])$/;

/** The error codes the runtime raises for a missing or an existing aggregate, as `ignore:` spells them. */
export const RUNTIME_ERROR_CODES: Readonly<Record<string, string>> = {
  AggregateNotFound: 'AGGREGATE_NOT_FOUND',
  AggregateAlreadyExists: 'AGGREGATE_ALREADY_EXISTS',
};

export function checkAutomation(decl: AutomationDeclaration, ctx: ReadSideContext): AutomationModel | undefined {
  const { domain } = ctx;
  const { reporter, expressions } = domain;
  const { spec, loc } = decl;
  const found = resolveEvent(spec.on, valueSpan(child(loc, 'on')), `automation '${decl.name}'`, ctx);
  const delayMs = spec.after === undefined ? 0 : checkDelay(spec.after, child(loc, 'after'), ctx);

  const [commandName = '', mapping] = Object.entries(spec.execute)[0] ?? [];
  const commandLoc = child(loc, 'execute', commandName);
  const command = resolveCommand(commandName, keySpan(commandLoc), decl.name, ctx);
  const ignore = command === undefined ? [] : checkIgnore(spec.ignore ?? [], child(loc, 'ignore'), command, ctx);
  if (found === undefined) return undefined;

  const base = eventScope(found, domain);
  let forEach: ExpressionModel | undefined;
  let item: TypeRef | undefined;
  if (spec.forEach !== undefined) {
    forEach = expressions.compile(child(loc, 'forEach'), spec.forEach, base, undefined);
    item = forEach === undefined ? undefined : listElement(forEach, ctx);
  }
  // With `forEach`, `item` is in scope even when the list was wrong: no second message about it.
  const withItem: ExprScope = spec.forEach === undefined ? base : { ...base, item: item ?? UNKNOWN_ITEM };
  const when = spec.when === undefined ? undefined : expressions.compile(child(loc, 'when'), spec.when, withItem, { kind: 'boolean' });
  // What `when` establishes holds in the mapping (`when: "event.email != null"` makes the email present).
  const scope: ExprScope = when === undefined ? withItem : { ...withItem, facts: factsAfter(when.tree, Facts.NONE, expressions.types) };
  const assignments = command === undefined ? undefined : commandMapping(mapping ?? {}, commandLoc, scope, command, decl, ctx);

  if (command === undefined || assignments === undefined || (spec.forEach !== undefined && forEach === undefined)) return undefined;
  if (spec.when !== undefined && when === undefined) return undefined;
  return {
    name: decl.name,
    description: spec.description,
    domain: domain.name,
    on: eventRef(found),
    forEach,
    when,
    whenPerItem: when !== undefined && refsOf(when.tree).some((r) => r.root === 'item'),
    delayMs,
    command: { name: command.command.name, aggregate: command.aggregate.name },
    mapping: orEmpty(assignments),
    ignore: orEmpty(ignore),
    span: decl.span,
  };
}

/** `item` after a reported mistake in `forEach`: the expression checker stays silent about it. */
const UNKNOWN_ITEM = Object.freeze({ kind: 'unknown' as const });

/** The element type of a `forEach` list (an absent optional list has no elements), or undefined after reporting. */
function listElement(forEach: ExpressionModel, ctx: ReadSideContext): TypeRef | undefined {
  const type = forEach.tree.type;
  const list = type.kind === 'optional' ? type.inner : type;
  if (type.kind === 'unknown') return undefined;
  if (list.kind === 'array' && (list.element as { kind: string }).kind !== 'unknown') return list.element;
  const described = list.kind === 'array' ? 'the empty list' : `${formatExprType(type)}`;
  ctx.domain.reporter.report('ORX6153', forEach.span, { type: described });
  return undefined;
}

/** `after:` in milliseconds; 0 after reporting a malformed or too long delay. */
function checkDelay(after: string | number, loc: Loc, ctx: ReadSideContext): number {
  const { reporter } = ctx.domain;
  const span = valueSpan(loc);
  const text = String(after);
  const match = typeof after === 'string' ? DURATION.exec(after.trim()) : null;
  const amount = match?.[1];
  const unit = match?.[2] as DurationUnit | undefined;
  if (amount === undefined || unit === undefined) {
    reporter.report('ORX6154', span, { text });
    return 0;
  }
  const ms = Number(amount) * DURATION_UNITS[unit];
  if (!Number.isSafeInteger(ms) || ms > MAX_DELAY_MS) {
    reporter.report('ORX6155', span, { text, max: `${MAX_DELAY_DAYS}d` });
    return 0;
  }
  return ms;
}

interface CommandField {
  readonly name: string;
  readonly type: TypeRef;
  /** What callers may leave out: optional, or filled by a default. */
  readonly omittable: boolean;
  readonly field: FieldModel | undefined;
}

/** The command's data as an automation gives it: the target aggregate's id field, then the command's fields. */
function commandFields(found: FoundCommand): readonly CommandField[] {
  const { id } = found.aggregate;
  return [
    { name: id.name, type: id.type, omittable: false, field: undefined },
    ...found.command.fields.map((f) => ({ name: f.name, type: f.type, omittable: f.optional || f.default !== undefined, field: f })),
  ];
}

function commandMapping(
  mapping: Readonly<Record<string, ExpressionSpec>>,
  at: Loc,
  scope: ExprScope,
  found: FoundCommand,
  decl: AutomationDeclaration,
  ctx: ReadSideContext,
): AssignmentModel[] | undefined {
  const { reporter, expressions } = ctx.domain;
  const fields = commandFields(found);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const byField = new Map<string, AssignmentModel>();
  /** Fields a misspelt key was meant to give (the "did you mean"): not reported missing as well. */
  const meant = new Set<string>();
  let complete = true;
  for (const [name, value] of Object.entries(mapping)) {
    const fieldLoc = child(at, name);
    const target = byName.get(name);
    if (target === undefined) {
      const suggestion = suggest(name, byName.keys());
      if (suggestion !== undefined) meant.add(suggestion);
      reporter.report('ORX6151', keySpan(fieldLoc), {
        command: found.command.name,
        field: name,
        suggestion: suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`,
        fields: fields.map((f) => f.name).join(', '),
      });
      complete = false;
      continue;
    }
    const expr = expressions.compile(fieldLoc, value, scope, { kind: 'field', type: target.type, optional: target.omittable });
    if (expr === undefined) complete = false;
    else byField.set(name, { field: name, value: expr, origin: 'explicit' });
  }
  const ordered: AssignmentModel[] = [];
  for (const f of fields) {
    const given = byField.get(f.name);
    if (given !== undefined) ordered.push(given);
    else if (!f.omittable && !Object.hasOwn(mapping, f.name) && !meant.has(f.name)) {
      const related = f.field === undefined ? [] : [{ message: `'${f.name}' is declared here`, span: f.field.span }];
      reporter.report('ORX6152', keySpan(at), { automation: decl.name, command: found.command.name, field: f.name }, related);
      complete = false;
    }
  }
  return complete ? ordered : undefined;
}

/**
 * The codes a command can fail with, as `ignore:` spells them: its `requires` codes (including
 * `PreconditionFailed`), and the runtime's `AggregateNotFound` (commands that do not create) or
 * `AggregateAlreadyExists` (commands that do). A custom handler may throw any code.
 */
function raisableCodes(found: FoundCommand): readonly string[] {
  const codes = found.command.requires.map((r) => r.error);
  codes.push(found.command.creates ? 'AggregateAlreadyExists' : 'AggregateNotFound');
  return [...new Set(codes)];
}

function checkIgnore(codes: readonly string[], at: Loc, found: FoundCommand, ctx: ReadSideContext): IgnoredErrorModel[] {
  const { reporter } = ctx.domain;
  const raisable = raisableCodes(found);
  const declared = new Set(found.command.requires.map((r) => r.error));
  const custom = found.command.handler === 'custom';
  const ignored: IgnoredErrorModel[] = [];
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    const span = valueSpan(child(at, i));
    if (seen.has(code)) {
      reporter.report('ORX6157', span, { code });
      return;
    }
    seen.add(code);
    if (custom ? !checkErrorCode(code, span, reporter) : !raisable.includes(code)) {
      if (!custom) {
        reporter.report('ORX6156', span, {
          code,
          command: found.command.name,
          suggestion: didYouMean(code, raisable),
          codes: raisable.join(', '),
        });
      }
      return;
    }
    const runtime = declared.has(code) ? undefined : RUNTIME_ERROR_CODES[code];
    ignored.push({ code, runtimeCode: runtime ?? code });
  });
  return ignored;
}

/**
 * Automations that may trigger each other forever: A's command emits the event B reacts to, and so
 * on back to A. One warning per cycle of automations, at its first automation (by name).
 */
export function checkAutomationCycles(automations: readonly AutomationModel[], ctx: ReadSideContext): void {
  const byEvent = new Map<string, AutomationModel[]>();
  for (const a of automations) {
    const list = byEvent.get(a.on.name);
    if (list === undefined) byEvent.set(a.on.name, [a]);
    else list.push(a);
  }
  const next = (a: AutomationModel): readonly AutomationModel[] =>
    (ctx.commands.get(a.command.name)?.command.emits ?? []).flatMap((e) => byEvent.get(e.event) ?? []);

  const reported = new Set<string>();
  for (const start of [...automations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (reported.has(start.name)) continue;
    const path = cycleFrom(start, next);
    if (path === undefined) continue;
    for (const a of path) reported.add(a.name);
    const cycle = `${path.map((a) => `${a.name} (${a.on.name} -> ${a.command.name})`).join(' -> ')} -> ${start.name}`;
    ctx.domain.reporter.report('ORX6158', start.span, { cycle });
  }
}

/** The shortest chain of automations from `start` back to itself, or undefined. */
function cycleFrom(start: AutomationModel, next: (a: AutomationModel) => readonly AutomationModel[]): AutomationModel[] | undefined {
  const previous = new Map<string, AutomationModel>();
  const queue: AutomationModel[] = [start];
  const visited = new Set<string>([start.name]);
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined) break;
    for (const n of next(current)) {
      if (n.name === start.name) {
        const path = [current];
        for (let at = previous.get(current.name); at !== undefined; at = previous.get(at.name)) path.unshift(at);
        return path;
      }
      if (visited.has(n.name)) continue;
      visited.add(n.name);
      previous.set(n.name, current);
      queue.push(n);
    }
  }
  return undefined;
}
