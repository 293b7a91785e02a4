import type { Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { describeRequirement, Facts, factsAfter, type ExprScope } from '../expr/index.js';
import type { TypedExpr } from '../expr/ast.js';
import type { AssignmentModel, CommandModel, EmissionModel, RequirementModel } from '../model/model.js';
import { formatTypeRef, type TypeRef } from '../model/type-ref.js';
import type { EmissionSpec, ExpressionSpec, RequirementSpec } from '../syntax/schema.js';
import { orEmpty, recordScope, resolveRecordFields, type AggregateContext } from './context.js';
import { copyProblem } from './copies.js';
import type { CheckedEvent } from './events.js';
import { implicitReference, inputFields } from './expressions.js';
import type { ResolvedField } from './fields.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import { checkErrorCode } from './names.js';
import { resolveRecordPii } from './pii.js';
import type { CommandDeclaration } from './symbols.js';

/** The error code of a requirement that does not name one. */
export const DEFAULT_ERROR_CODE = 'PreconditionFailed';

/** The message of a requirement that does not give one: what it requires, in words. */
export const defaultRequirementMessage = (check: TypedExpr): string => describeRequirement(check);

interface CommandScope {
  readonly decl: CommandDeclaration;
  readonly aggregate: AggregateContext;
  readonly fieldsByName: ReadonlyMap<string, ResolvedField>;
  readonly scope: ExprScope;
}

/**
 * Checks a command: its fields, `requires` and `emits`. Expressions see the state, the command's
 * fields (bare and as `command.x`), `id` and `now`. A custom handler may have `requires` (the
 * generated wrapper checks them before calling the hand-written decide) but no emit mappings.
 */
export function checkCommand(
  decl: CommandDeclaration,
  aggregate: AggregateContext,
  events: ReadonlyMap<string, CheckedEvent>,
): CommandModel {
  const { spec, loc } = decl;
  const fields = resolveRecordFields(spec.fields, child(loc, 'fields'), 'command', aggregate.domain, aggregate.idField);
  const record = resolveRecordPii(recordScope(aggregate, 'command', fields));
  const command: CommandScope = {
    decl,
    aggregate,
    fieldsByName: new Map(fields.map((f) => [f.name, f])),
    scope: {
      state: aggregate.stateScope,
      command: inputFields(fields),
      id: aggregate.id.type,
      now: true,
      bare: 'command',
      types: aggregate.domain.expressions.types,
    },
  };
  const handler = spec.handler ?? 'generated';
  const requires: RequirementModel[] = [];
  // Requirements run in order and each one that passes narrows what the next ones and the emits
  // see (`requires: state.roomId != null` makes `state.roomId` present), as in generated code.
  let facts = Facts.NONE;
  const types = aggregate.domain.expressions.types;
  (spec.requires ?? []).forEach((r, i) => {
    const requirement = checkRequirement(r, child(loc, 'requires', i), { ...command, scope: { ...command.scope, facts } });
    if (requirement === undefined) return;
    requires.push(requirement);
    facts = factsAfter(requirement.check.tree, facts, types);
  });
  const afterRequires: CommandScope = { ...command, scope: { ...command.scope, facts } };
  const emits: EmissionModel[] = [];
  (spec.emits ?? []).forEach((e, i) => {
    const emission = checkEmission(e, child(loc, 'emits', i), afterRequires, events, handler);
    if (emission !== undefined) emits.push(emission);
  });

  const { reporter } = aggregate.domain;
  if ((spec.emits ?? []).length === 0) {
    if (handler === 'custom') reporter.report('ORX6002', decl.span, { command: decl.name });
    else if (spec.creates === true) reporter.report('ORX6001', decl.span, { command: decl.name });
    else reporter.report('ORX6004', decl.span, { command: decl.name });
  }

  const model: CommandModel = {
    name: decl.name,
    description: spec.description,
    aggregate: aggregate.decl.name,
    creates: spec.creates ?? false,
    handler,
    fields: record.fields,
    piiPaths: record.piiPaths,
    requires: orEmpty(requires),
    emits: orEmpty(emits),
    span: decl.span,
  };
  return model;
}

function checkRequirement(spec: RequirementSpec, loc: Loc, command: CommandScope): RequirementModel | undefined {
  const { reporter, expressions } = command.aggregate.domain;
  const checkLoc = typeof spec === 'string' ? loc : child(loc, 'check');
  const text = typeof spec === 'string' ? spec : spec.check;
  let error = DEFAULT_ERROR_CODE;
  if (typeof spec !== 'string' && spec.error !== undefined) {
    checkErrorCode(spec.error, valueSpan(child(loc, 'error')), reporter);
    error = spec.error;
  }
  const check = expressions.compile(checkLoc, text, command.scope, { kind: 'boolean' });
  if (check === undefined) return undefined;
  // The default message is put into words when first read: only generated code shows it.
  let message = typeof spec === 'string' ? undefined : spec.message;
  return {
    check,
    error,
    get message(): string {
      message ??= defaultRequirementMessage(check.tree);
      return message;
    },
    span: valueSpan(loc),
  };
}

/** An emits entry split into the event name, where it is written, and its mapping (if any). */
function parseEmission(spec: EmissionSpec, loc: Loc) {
  if (typeof spec === 'string') return { event: spec, nameSpan: valueSpan(loc), mapping: undefined, mappingLoc: loc };
  const [event = '', mapping] = Object.entries(spec)[0] ?? [];
  const mappingLoc = child(loc, event);
  return { event, nameSpan: keySpan(mappingLoc), mapping: mapping ?? undefined, mappingLoc };
}

function checkEmission(
  spec: EmissionSpec,
  loc: Loc,
  command: CommandScope,
  events: ReadonlyMap<string, CheckedEvent>,
  handler: 'generated' | 'custom',
): EmissionModel | undefined {
  const { reporter, symbols } = command.aggregate.domain;
  const { decl, aggregate } = command;
  const { event: name, nameSpan, mapping, mappingLoc } = parseEmission(spec, loc);
  const hasMapping = mapping !== undefined && Object.keys(mapping).length > 0;
  if (handler === 'custom' && hasMapping) reporter.report('ORX6003', nameSpan, { command: decl.name, event: name });

  const event = events.get(name);
  if (event === undefined) {
    const other = symbols.get(name);
    if (other !== undefined && other.kind === 'event' && other.aggregate !== aggregate.decl.name) {
      reporter.report('ORX3012', nameSpan, {
        name,
        owner: other.aggregate,
        command: decl.name,
        aggregate: aggregate.decl.name,
      });
    } else {
      reporter.report('ORX3011', nameSpan, {
        name,
        command: decl.name,
        aggregate: aggregate.decl.name,
        suggestion: didYouMean(name, events.keys()),
      });
    }
    return undefined;
  }
  // A custom decide builds its events itself; the list only declares which it may return.
  const assignments =
    handler === 'custom' ? orEmpty([]) : eventAssignments(event, mapping ?? {}, mappingLoc, nameSpan, command);
  return { event: name, assignments, span: valueSpan(loc) };
}

/**
 * One assignment per event field that gets a value, in the event's field order: the mapping's
 * expression, else a same-named command field, else the aggregate id for a field named like the id
 * field. Fields that are optional or have a default may stay unassigned; any other is an error.
 */
function eventAssignments(
  event: CheckedEvent,
  mapping: Readonly<Record<string, ExpressionSpec>>,
  mappingLoc: Loc,
  nameSpan: Span,
  command: CommandScope,
): readonly AssignmentModel[] {
  const { reporter, expressions } = command.aggregate.domain;
  const { decl, aggregate } = command;
  const explicit = new Map<string, AssignmentModel>();
  for (const [name, value] of Object.entries(mapping)) {
    const at = child(mappingLoc, name);
    const target = event.fieldsByName.get(name);
    if (target === undefined) {
      reporter.report('ORX3013', keySpan(at), {
        field: name,
        event: event.name,
        suggestion: didYouMean(name, event.fieldsByName.keys()),
      });
      continue;
    }
    if (!target.typeResolved) continue;
    const expr = expressions.compile(at, value, command.scope, {
      kind: 'field',
      type: target.type,
      optional: target.optional,
    });
    if (expr !== undefined) explicit.set(name, { field: name, value: expr, origin: 'explicit' });
  }

  const assignments: AssignmentModel[] = [];
  for (const target of event.fields) {
    const given = explicit.get(target.name);
    if (given !== undefined) {
      assignments.push(given);
      continue;
    }
    if (Object.hasOwn(mapping, target.name) || !target.typeResolved) continue;
    const source = copySource(target.name, command);
    if (source === 'unresolved') continue;
    if (source === undefined) {
      if (target.optional || target.default !== undefined) continue;
      reporter.report('ORX6005', nameSpan, { field: target.name, event: event.name, command: decl.name }, [
        { message: `event field '${target.name}' is declared here`, span: target.span },
      ]);
      continue;
    }
    const problem = copyProblem(source, { type: target.type, optional: target.optional });
    if (problem !== undefined) {
      const related = [{ message: `event field '${target.name}' is declared here`, span: target.span }];
      if (source.span !== undefined)
        related.unshift({ message: `command field '${target.name}' is declared here`, span: source.span });
      const params = {
        field: target.name,
        event: event.name,
        command: decl.name,
        source: source.describe,
        from: formatTypeRef(source.type),
        to: formatTypeRef(target.type),
        reason: problem,
      };
      reporter.report('ORX6006', nameSpan, params, related);
      continue;
    }
    assignments.push({
      field: target.name,
      value: implicitReference(source.root, source.path, source.type, source.optional, nameSpan),
      origin: 'implicit',
    });
  }
  return orEmpty(assignments);
}

interface CopySource {
  readonly root: 'command' | 'id';
  readonly path: readonly string[];
  readonly type: TypeRef;
  readonly optional: boolean;
  /** The command field, for messages (the id has none). */
  readonly span: Span | undefined;
  readonly describe: string;
}

/**
 * Where an unmapped event field's value comes from: a same-named command field, else the aggregate
 * id when the field is named like the id field. 'unresolved' when the command field's type did not
 * resolve (already reported).
 */
function copySource(name: string, command: CommandScope): CopySource | 'unresolved' | undefined {
  const field = command.fieldsByName.get(name);
  if (field !== undefined) {
    if (!field.typeResolved) return 'unresolved';
    const optional = field.optional && field.default === undefined;
    return {
      root: 'command',
      path: [name],
      type: field.type,
      optional,
      span: field.span,
      describe: `command field '${name}'`,
    };
  }
  const { id } = command.aggregate;
  if (name === id.name)
    return { root: 'id', path: [], type: id.type, optional: false, span: undefined, describe: 'the aggregate id' };
  return undefined;
}
