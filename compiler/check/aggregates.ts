import type { AggregateModel, PiiPathModel } from '../model/model.js';
import type { TypeRef } from '../model/type-ref.js';
import { checkCommand } from './commands.js';
import { resolveRecordFields, recordScope, type AggregateContext, type DomainContext } from './context.js';
import { checkEvent, type CheckedEvent } from './events.js';
import { storedFields } from './expressions.js';
import { child, valueSpan } from './location.js';
import { checkFieldName } from './names.js';
import { resolveAggregateSubject, resolveRecordPii } from './pii.js';
import type { AggregateDeclaration } from './symbols.js';

const UUID: TypeRef = { kind: 'primitive', name: 'uuid' };
const STRING: TypeRef = { kind: 'primitive', name: 'string' };

/** `Account` -> `accountId`. */
export const defaultIdName = (aggregate: string): string =>
  `${aggregate.charAt(0).toLowerCase()}${aggregate.slice(1)}Id`;

/**
 * The aggregate's id field: `<aggregate>Id` of type uuid unless `id:` names it (`id: accountId`) or
 * gives name and type (`{ name: sku, type: string }`; the type is uuid or string).
 */
function checkId(decl: AggregateDeclaration, domain: DomainContext): AggregateContext['id'] {
  const spec = decl.spec.id;
  const { reporter } = domain;
  if (spec === undefined) return { name: defaultIdName(decl.name), type: UUID };
  if (typeof spec === 'string') {
    checkFieldName(spec, valueSpan(child(decl.loc, 'id')), reporter, 'id field');
    return { name: spec, type: UUID };
  }
  checkFieldName(spec.name, valueSpan(child(decl.loc, 'id', 'name')), reporter, 'id field');
  if (spec.type !== 'uuid' && spec.type !== 'string') {
    reporter.report('ORX4012', valueSpan(child(decl.loc, 'id', 'type')), { type: spec.type, aggregate: decl.name });
  }
  return { name: spec.name, type: spec.type === 'string' ? STRING : UUID };
}

/** Checks an aggregate and everything in it, and builds its model (used only when the domain is clean). */
export function checkAggregate(decl: AggregateDeclaration, domain: DomainContext): AggregateModel {
  const { reporter } = domain;
  const { spec, loc } = decl;
  const id = checkId(decl, domain);
  const idField = { name: id.name, aggregate: decl.name };
  const state = resolveRecordFields(spec.state, child(loc, 'state'), 'state', domain, idField);
  const stateByName = new Map(state.map((f) => [f.name, f]));
  const subject = resolveAggregateSubject(spec.subject, child(loc, 'subject'), decl.name, stateByName, reporter);
  const aggregate: AggregateContext = {
    domain,
    decl,
    id,
    idField,
    state,
    stateByName,
    stateScope: storedFields(state),
    subject,
  };

  const stateRecord = resolveRecordPii(recordScope(aggregate, 'state', state));
  const events = new Map<string, CheckedEvent>();
  for (const event of decl.events) {
    const checked = checkEvent(event, aggregate);
    if (!events.has(event.name)) events.set(event.name, checked);
  }
  const commands = decl.commands.map((command) => checkCommand(command, aggregate, events));

  if (spec.subject === undefined) {
    const where = firstPii([
      ['state', stateRecord.piiPaths],
      ...commands.map((c): PiiSite => [`command '${c.name}'`, c.piiPaths]),
      ...[...events.values()].map((e): PiiSite => [`event '${e.name}'`, e.allPiiPaths]),
    ]);
    if (where !== undefined) reporter.report('ORX7001', decl.span, { aggregate: decl.name, where });
  }

  return {
    name: decl.name,
    description: spec.description,
    domain: domain.name,
    id,
    subject,
    snapshot: spec.snapshot === undefined ? undefined : { every: spec.snapshot.every },
    state: stateRecord.fields,
    statePiiPaths: stateRecord.piiPaths,
    commands,
    events: [...events.values()].map((e) => e.model),
    stateSchemaHash: domain.hasher.hash(stateRecord.fields),
    span: decl.span,
  };
}

type PiiSite = readonly [where: string, paths: readonly PiiPathModel[]];

/** Describes the first place holding pii, e.g. `state field 'ownerName'`. */
function firstPii(sites: readonly PiiSite[]): string | undefined {
  for (const [where, paths] of sites) {
    const first = paths[0];
    if (first !== undefined) return `${where} field '${first.path.join('.').replaceAll('.[]', '[]')}'`;
  }
  return undefined;
}
