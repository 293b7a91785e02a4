import type { DomainModel } from '../../model/model.js';
import { Code, doc, ident, join, str } from '../code.js';
import { importPath } from '../naming.js';
import { DOMAIN_FILES, domainNames } from '../domain-names.js';
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
  const names = domainNames(domain);
  const own = names.domain;
  const aggregates = domain.aggregates.map((a) => {
    const n = names.aggregate(a.name);
    return {
      name: ident(a.name),
      definition: ident(n.definition),
      commandUnion: ident(n.commandUnion),
      eventUnion: ident(n.eventUnion),
      commandInputs: ident(n.commandInputs),
      path: str(importPath(DOMAIN_FILES.domain, n.file)),
    };
  });
  const union = (parts: readonly Code[]): Code => (parts.length === 0 ? Code.trusted('never') : join(parts, ' | '));
  return {
    banner,
    doc: doc(domain.description),
    literal: str(domain.name),
    aggregates,
    aggregatesName: ident(own.aggregates),
    aggregatesType: ident(own.aggregatesType),
    runtimeType: ident(own.runtime),
    commandType: ident(own.command),
    eventType: ident(own.event),
    envelopeType: ident(own.eventEnvelope),
    inputsType: ident(own.commandInputs),
    inputs: aggregates.length === 0 ? Code.trusted('Record<never, never>') : join(aggregates.map((a) => a.commandInputs), ' & '),
    commandUnion: union(aggregates.map((a) => a.commandUnion)),
    eventUnion: union(aggregates.map((a) => a.eventUnion)),
    factory: ident(own.factory),
    readModels: domain.readModels.map((r) => ({ name: ident(r.name), definition: ident(names.readModel(r.name).definition) })),
    hasReadModels: domain.readModels.length > 0,
    readModelsName: ident(own.readModels),
    readModelsType: ident(own.readModelsType),
    automations: domain.automations.map((a) => ({ name: ident(a.name), definition: ident(names.automation(a.name).definition) })),
    hasAutomations: domain.automations.length > 0,
    automationsName: ident(own.automations),
    automationsType: ident(own.automationsType),
    readModelsPath: str(importPath(DOMAIN_FILES.domain, DOMAIN_FILES.readModels)),
    automationsPath: str(importPath(DOMAIN_FILES.domain, DOMAIN_FILES.automations)),
  };
}
