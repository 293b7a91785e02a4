import type { Span } from '../diagnostics/diagnostic.js';
import { plainSpan, type Diagnostic } from '../diagnostics/diagnostic.js';
import { createDiagnostic } from '../diagnostics/catalog/index.js';
import type { DomainModel } from '../model/model.js';
import { erasureOf } from './erasure.js';
import { names } from './naming.js';

/**
 * Every top-level name the generator will export for a domain must be unique (the domain's index
 * re-exports all files). Spec names are unique across kinds, but derived names can still meet:
 * an event `CartState` and aggregate `Cart`'s state type, or event `PaidV1` and `Paid`'s version 1.
 */
export function findNameClashes(domain: DomainModel): readonly Diagnostic[] {
  const taken = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const claim = (name: string, owner: string, span: Span): void => {
    const first = taken.get(name);
    if (first === undefined) taken.set(name, owner);
    else diagnostics.push(createDiagnostic('ORX8001', plainSpan(span), { name, first, second: owner }));
  };

  const erasure = erasureOf(domain);
  for (const type of domain.types) {
    claim(type.name, `type ${type.name}`, type.span);
    claim(names.schema(type.name), `type ${type.name}`, type.span);
    if (erasure.valueTypes.has(type.name)) {
      claim(names.stored(type.name), `type ${type.name}`, type.span);
      claim(names.schema(names.stored(type.name)), `type ${type.name}`, type.span);
    }
  }
  for (const aggregate of domain.aggregates) {
    const a = `aggregate ${aggregate.name}`;
    for (const name of [
      names.state(aggregate.name),
      names.schema(names.state(aggregate.name)),
      names.initialState(aggregate.name),
      names.stateHash(aggregate.name),
      names.commandUnion(aggregate.name),
      names.eventUnion(aggregate.name),
      names.evolve(aggregate.name),
      names.decide(aggregate.name),
      names.definition(aggregate.name),
      names.commandInputs(aggregate.name),
    ]) {
      claim(name, a, aggregate.span);
    }
    for (const command of aggregate.commands) {
      const c = `command ${command.name}`;
      claim(command.name, c, command.span);
      claim(names.schema(command.name), c, command.span);
      claim(names.commandInput(command.name), c, command.span);
      if (command.handler === 'custom') {
        claim(names.customHandlerType(command.name), c, command.span);
        claim(names.customEmits(command.name), c, command.span);
      }
    }
    for (const event of aggregate.events) {
      const e = `event ${event.name}`;
      claim(event.name, e, event.span);
      claim(names.schema(event.name), e, event.span);
      if (erasure.differsOnRead(event.fields)) claim(names.schema(names.stored(event.name)), e, event.span);
      for (const previous of event.previous) {
        const v = `version ${previous.version} of event ${event.name}`;
        claim(names.eventVersion(event.name, previous.version), v, event.span);
        claim(names.schema(names.eventVersion(event.name, previous.version)), v, event.span);
        claim(names.upcaster(event.name, previous.version), v, event.span);
      }
    }
  }
  for (const readModel of domain.readModels) {
    const r = `read model ${readModel.name}`;
    for (const name of [names.row(readModel.name), names.schema(names.row(readModel.name)), names.newRow(readModel.name), names.readModel(readModel.name)]) {
      claim(name, r, readModel.span);
    }
    for (const projection of readModel.on) {
      if (projection.action.kind !== 'custom') continue;
      const p = `the ${projection.event.name} projection of read model ${readModel.name}`;
      claim(names.customProjection(readModel.name, projection.event.name), p, projection.span);
      claim(names.customProjectionType(readModel.name, projection.event.name), p, projection.span);
    }
  }
  for (const automation of domain.automations) claim(names.automation(automation.name), `automation ${automation.name}`, automation.span);

  // File names: one per aggregate beside the domain's own files.
  const files = new Map<string, string>();
  const claimFile = (file: string, owner: string, span: Span): void => {
    const first = files.get(file);
    if (first === undefined) files.set(file, owner);
    else diagnostics.push(createDiagnostic('ORX8001', plainSpan(span), { name: file, first, second: owner }));
  };
  const domainFiles = [names.typesFile, names.readModelsFile, names.automationsFile, names.domainFile, names.indexFile];
  for (const file of domainFiles) files.set(file, `the domain's own file ${file}`);
  for (const aggregate of domain.aggregates) claimFile(names.aggregateFile(aggregate.name), `aggregate ${aggregate.name}`, aggregate.span);

  const d = `domain ${domain.name}`;
  const domainSpan = domain.aggregates[0]?.span ?? domain.types[0]?.span ?? domain.readModels[0]?.span ?? domain.automations[0]?.span;
  if (domainSpan !== undefined) {
    for (const name of [
      names.domainAggregates(domain.name),
      names.domainAggregatesType(domain.name),
      names.domainRuntime(domain.name),
      names.domainCommand(domain.name),
      names.domainEvent(domain.name),
      names.domainEventEnvelope(domain.name),
      names.domainCommandInputs(domain.name),
      names.domainReadModels(domain.name),
      names.domainReadModelsType(domain.name),
      names.domainAutomations(domain.name),
      names.domainAutomationsType(domain.name),
      names.factory(domain.name),
    ]) {
      claim(name, d, domainSpan);
    }
  }
  return diagnostics;
}
