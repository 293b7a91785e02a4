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
  const d = `domain ${domain.name}`;
  const domainSpan = domain.aggregates[0]?.span ?? domain.types[0]?.span;
  if (domainSpan !== undefined) {
    for (const name of [
      names.domainAggregates(domain.name),
      names.domainAggregatesType(domain.name),
      names.domainRuntime(domain.name),
      names.domainCommand(domain.name),
      names.domainEvent(domain.name),
      names.domainEventEnvelope(domain.name),
      names.domainCommandInputs(domain.name),
      names.factory(domain.name),
    ]) {
      claim(name, d, domainSpan);
    }
  }
  return diagnostics;
}
