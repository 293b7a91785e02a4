import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AutomationModel, DomainModel } from '../model/model.js';
import { checkAggregate } from './aggregates.js';
import { checkAutomation, checkAutomationCycles } from './automations.js';
import type { DomainContext } from './context.js';
import { Expressions } from './expressions.js';
import { deepFreeze } from './freeze.js';
import { StateHasher } from './hash.js';
import { locOf, valueSpan } from './location.js';
import { checkNamedTypes } from './named-types.js';
import { checkDomainName } from './names.js';
import { readSideContext } from './read-side.js';
import { checkReadModel } from './read-models.js';
import { Reporter } from './reporter.js';
import { collectDeclarations, type DomainFile } from './symbols.js';

/**
 * Checks the files of one domain together (they may reference each other's names) and builds its
 * model. The model is returned only when there is no error; diagnostics are always all of them.
 */
export function checkDomain(
  name: string,
  files: readonly DomainFile[],
): { readonly model: DomainModel | undefined; readonly diagnostics: readonly Diagnostic[] } {
  const reporter = new Reporter();
  const sorted = [...files].sort((a, b) => (a.doc.file < b.doc.file ? -1 : a.doc.file > b.doc.file ? 1 : 0));
  for (const { doc } of sorted) checkDomainName(name, valueSpan(locOf(doc, ['domain'])), reporter);

  const declarations = collectDeclarations(sorted, reporter);
  const types = checkNamedTypes(declarations.types, declarations.symbols, reporter);
  const expressions = new Expressions(reporter, types.models);
  for (const typeName of types.models.keys()) expressions.noteUnresolved(types.valueFields(typeName) ?? []);
  const hasher = new StateHasher(types.models);
  const domain: DomainContext = { name, reporter, symbols: declarations.symbols, types, expressions, hasher };
  const aggregates = declarations.aggregates.map((a) => checkAggregate(a, domain));
  const readSide = readSideContext(domain, aggregates);
  const readModels = declarations.readModels.map((r) => checkReadModel(r, readSide));
  const automations = declarations.automations
    .map((a) => checkAutomation(a, readSide))
    .filter((a): a is AutomationModel => a !== undefined);
  checkAutomationCycles(automations, readSide);

  if (reporter.errorCount > 0) return { model: undefined, diagnostics: reporter.diagnostics };
  const model: DomainModel = {
    name,
    description: mergeDescriptions(sorted.map((f) => f.spec.description)),
    sources: sorted.map((f) => f.doc.file),
    // Declaration order (files by name, then position): generated code follows the spec.
    types: [...types.models.values()],
    aggregates,
    readModels,
    automations,
  };
  return { model: deepFreeze(model), diagnostics: reporter.diagnostics };
}

/** Descriptions from several files of a domain are joined in file order; repeats are dropped. */
function mergeDescriptions(descriptions: readonly (string | undefined)[]): string | undefined {
  const distinct = [...new Set(descriptions.filter((d): d is string => d !== undefined))];
  return distinct.length === 0 ? undefined : distinct.join('\n\n');
}
