import { didYouMean } from '../diagnostics/suggest.js';
import type { AssignmentModel, EventModel, PiiPathModel } from '../model/model.js';
import { formatTypeRef } from '../model/type-ref.js';
import { orEmpty, recordScope, resolveRecordFields, type AggregateContext } from './context.js';
import { copyProblem, storedEnd } from './copies.js';
import type { ExprScope } from '../expr/index.js';
import { implicitReference, storedFields } from './expressions.js';
import type { ResolvedField } from './fields.js';
import { child, keySpan, type Loc } from './location.js';
import { resolveRecordPii } from './pii.js';
import type { EventDeclaration } from './symbols.js';
import { checkVersions } from './versions.js';

/** An event of an aggregate, checked; commands read its current fields to check their emits. */
export interface CheckedEvent {
  readonly name: string;
  readonly fields: readonly ResolvedField[];
  readonly fieldsByName: ReadonlyMap<string, ResolvedField>;
  readonly model: EventModel;
  /** pii paths of every version, for the "subject required" rule. */
  readonly allPiiPaths: readonly PiiPathModel[];
}

/** Checks an event: its fields, `apply` (explicit and copied), and its previous versions. */
export function checkEvent(decl: EventDeclaration, aggregate: AggregateContext): CheckedEvent {
  const { spec, loc } = decl;
  const fields = resolveRecordFields(spec.fields, child(loc, 'fields'), 'event', aggregate.domain);
  const record = resolveRecordPii(recordScope(aggregate, 'event', fields));
  const apply = checkApply(decl, fields, aggregate);
  const versions = checkVersions(decl, fields, aggregate);

  const model: EventModel = {
    name: decl.name,
    description: spec.description,
    aggregate: aggregate.decl.name,
    version: spec.version ?? 1,
    fields: record.fields,
    piiPaths: record.piiPaths,
    apply,
    previous: orEmpty(versions.previous),
    span: decl.span,
  };
  return {
    name: decl.name,
    fields,
    fieldsByName: new Map(fields.map((f) => [f.name, f])),
    model,
    allPiiPaths: versions.previous.reduce<readonly PiiPathModel[]>((all, p) => all.concat(p.piiPaths), record.piiPaths),
  };
}

/**
 * `apply` assigns state fields from expressions over the state before the event, `event.x` and
 * `id` (not `now`: evolve must be deterministic). Every event field with a same-named state field
 * not listed in `apply` is copied. Assignments come in state field order.
 */
function checkApply(
  decl: EventDeclaration,
  fields: readonly ResolvedField[],
  aggregate: AggregateContext,
): readonly AssignmentModel[] {
  const { reporter, expressions } = aggregate.domain;
  const applyLoc: Loc = child(decl.loc, 'apply');
  const scope: ExprScope = {
    state: aggregate.stateScope,
    event: storedFields(fields),
    id: aggregate.id.type,
    types: expressions.types,
  };
  const byField = new Map<string, AssignmentModel>();

  for (const [name, value] of Object.entries(decl.spec.apply ?? {})) {
    const at = child(applyLoc, name);
    const target = aggregate.stateByName.get(name);
    if (target === undefined) {
      reporter.report('ORX3014', keySpan(at), {
        field: name,
        event: decl.name,
        aggregate: aggregate.decl.name,
        suggestion: didYouMean(name, aggregate.stateByName.keys()),
      });
      continue;
    }
    if (!target.typeResolved) continue;
    const expr = expressions.compile(at, value, scope, {
      kind: 'field',
      type: target.type,
      optional: target.readOptional,
    });
    if (expr !== undefined) byField.set(name, { field: name, value: expr, origin: 'explicit' });
  }

  const explicit = new Set(Object.keys(decl.spec.apply ?? {}));
  for (const source of fields) {
    const target = aggregate.stateByName.get(source.name);
    if (target === undefined || explicit.has(source.name) || !source.typeResolved || !target.typeResolved) continue;
    const problem = copyProblem(storedEnd(source), { type: target.type, optional: target.readOptional });
    if (problem !== undefined) {
      reporter.report(
        'ORX6007',
        source.span,
        {
          field: source.name,
          event: decl.name,
          from: formatTypeRef(source.type),
          to: formatTypeRef(target.type),
          reason: problem,
        },
        [{ message: `state field '${target.name}' is declared here`, span: target.span }],
      );
      continue;
    }
    byField.set(source.name, {
      field: source.name,
      value: implicitReference('event', [source.name], source.type, source.readOptional, source.span),
      origin: 'implicit',
    });
  }

  const inStateOrder: AssignmentModel[] = [];
  for (const f of aggregate.state) {
    const assignment = byField.get(f.name);
    if (assignment !== undefined) inStateOrder.push(assignment);
  }
  return orEmpty(inStateOrder);
}
