import type { DomainModel } from '../../model/model.js';
import { Code, doc, ident, join, str } from '../code.js';
import { importPath, names } from '../naming.js';
import type { ViewValue } from '../templates.js';

/** The view of `domain.hbs`: the aggregates map, the domain's command and event unions, the factory. */
export interface DomainView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  readonly doc: Code;
  readonly literal: Code;
  readonly aggregates: readonly {
    readonly name: Code;
    readonly definition: Code;
    readonly commandUnion: Code;
    readonly eventUnion: Code;
    readonly commandInputs: Code;
    /** The module to import from, e.g. `'./account.js'`. */
    readonly path: Code;
  }[];
  readonly aggregatesName: Code;
  readonly aggregatesType: Code;
  readonly runtimeType: Code;
  readonly commandType: Code;
  readonly eventType: Code;
  /** `BankingEventEnvelope`: the events as stored and delivered to subscribers. */
  readonly envelopeType: Code;
  /** `BankingCommandInputs`, and its definition: the aggregates' input maps joined with `&`. */
  readonly inputsType: Code;
  readonly inputs: Code;
  /** The unions' members joined with `|`, or `never` for a domain without aggregates. */
  readonly commandUnion: Code;
  readonly eventUnion: Code;
  readonly factory: Code;
  /** The read models by name (`{ name: AccountSummary, definition: accountSummaryReadModel }`), imported from ./read-models.js. */
  readonly readModels: readonly { readonly name: Code; readonly definition: Code }[];
  readonly hasReadModels: boolean;
  readonly readModelsName: Code;
  readonly readModelsType: Code;
  /** The automations by name, imported from ./automations.js. */
  readonly automations: readonly { readonly name: Code; readonly definition: Code }[];
  readonly hasAutomations: boolean;
  readonly automationsName: Code;
  readonly automationsType: Code;
  readonly readModelsPath: Code;
  readonly automationsPath: Code;
}

export function domainView(domain: DomainModel, banner: Code): DomainView {
  const aggregates = domain.aggregates.map((a) => ({
    name: ident(a.name),
    definition: ident(names.definition(a.name)),
    commandUnion: ident(names.commandUnion(a.name)),
    eventUnion: ident(names.eventUnion(a.name)),
    commandInputs: ident(names.commandInputs(a.name)),
    path: str(importPath('domain.ts', names.aggregateFile(a.name))),
  }));
  const union = (parts: readonly Code[]): Code => (parts.length === 0 ? Code.trusted('never') : join(parts, ' | '));
  return {
    banner,
    doc: doc(domain.description),
    literal: str(domain.name),
    aggregates,
    aggregatesName: ident(names.domainAggregates(domain.name)),
    aggregatesType: ident(names.domainAggregatesType(domain.name)),
    runtimeType: ident(names.domainRuntime(domain.name)),
    commandType: ident(names.domainCommand(domain.name)),
    eventType: ident(names.domainEvent(domain.name)),
    envelopeType: ident(names.domainEventEnvelope(domain.name)),
    inputsType: ident(names.domainCommandInputs(domain.name)),
    inputs: aggregates.length === 0 ? Code.trusted('Record<never, never>') : join(aggregates.map((a) => a.commandInputs), ' & '),
    commandUnion: union(aggregates.map((a) => a.commandUnion)),
    eventUnion: union(aggregates.map((a) => a.eventUnion)),
    factory: ident(names.factory(domain.name)),
    readModels: domain.readModels.map((r) => ({ name: ident(r.name), definition: ident(names.readModel(r.name)) })),
    hasReadModels: domain.readModels.length > 0,
    readModelsName: ident(names.domainReadModels(domain.name)),
    readModelsType: ident(names.domainReadModelsType(domain.name)),
    automations: domain.automations.map((a) => ({ name: ident(a.name), definition: ident(names.automation(a.name)) })),
    hasAutomations: domain.automations.length > 0,
    automationsName: ident(names.domainAutomations(domain.name)),
    automationsType: ident(names.domainAutomationsType(domain.name)),
    readModelsPath: str(importPath(names.domainFile, names.readModelsFile)),
    automationsPath: str(importPath(names.domainFile, names.automationsFile)),
  };
}
