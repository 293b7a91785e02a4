import type { Span } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../load/source.js';
import type { AggregateSpec, AutomationSpec, CommandSpec, EventSpec, NamedTypeSpec, ReadModelSpec, SpecFile } from '../syntax/schema.js';
import { child, keySpan, locOf, type Loc } from './location.js';
import { checkDeclarationName, type DeclarationKind } from './names.js';
import type { Reporter } from './reporter.js';

/** One spec file of a domain. */
export interface DomainFile {
  readonly doc: SourceDocument;
  readonly spec: SpecFile;
}

interface DeclarationBase {
  readonly name: string;
  /** The mapping entry that declares it. */
  readonly loc: Loc;
  /** Where its name is written. */
  readonly span: Span;
}

export interface TypeDeclaration extends DeclarationBase {
  readonly kind: 'type';
  readonly spec: NamedTypeSpec;
}
export interface AggregateDeclaration extends DeclarationBase {
  readonly kind: 'aggregate';
  readonly spec: AggregateSpec;
  /** In declaration order. */
  readonly commands: readonly CommandDeclaration[];
  readonly events: readonly EventDeclaration[];
}
export interface CommandDeclaration extends DeclarationBase {
  readonly kind: 'command';
  readonly aggregate: string;
  readonly spec: CommandSpec;
}
export interface EventDeclaration extends DeclarationBase {
  readonly kind: 'event';
  readonly aggregate: string;
  readonly spec: EventSpec;
}

export interface ReadModelDeclaration extends DeclarationBase {
  readonly kind: 'read model';
  readonly spec: ReadModelSpec;
}
export interface AutomationDeclaration extends DeclarationBase {
  readonly kind: 'automation';
  readonly spec: AutomationSpec;
}

export type Declaration =
  | TypeDeclaration
  | AggregateDeclaration
  | CommandDeclaration
  | EventDeclaration
  | ReadModelDeclaration
  | AutomationDeclaration;

/** The first declaration of every name in a domain (aggregates, commands, events and types share it). */
export type DomainSymbols = ReadonlyMap<string, Declaration>;

export interface DomainDeclarations {
  readonly symbols: DomainSymbols;
  /** Every declaration in file and position order, duplicates included (they are still checked). */
  readonly types: readonly TypeDeclaration[];
  readonly aggregates: readonly AggregateDeclaration[];
  readonly readModels: readonly ReadModelDeclaration[];
  readonly automations: readonly AutomationDeclaration[];
}

const entries = <T>(record: Readonly<Record<string, T>> | undefined): [string, T][] =>
  record === undefined ? [] : Object.entries(record);

/** An aggregate with its commands and events; `null` (an empty YAML value) reads as `{}`. */
function aggregateDeclaration(doc: SourceDocument, name: string, spec: AggregateSpec): AggregateDeclaration {
  const loc = locOf(doc, ['aggregates', name]);
  const commands = entries(spec.commands).map(([command, commandSpec]): CommandDeclaration => {
    const at = child(loc, 'commands', command);
    return { kind: 'command', name: command, loc: at, span: keySpan(at), aggregate: name, spec: commandSpec ?? {} };
  });
  const events = entries(spec.events).map(([event, eventSpec]): EventDeclaration => {
    const at = child(loc, 'events', event);
    return { kind: 'event', name: event, loc: at, span: keySpan(at), aggregate: name, spec: eventSpec ?? {} };
  });
  return { kind: 'aggregate', name, loc, span: keySpan(loc), spec, commands, events };
}

/** The keys of the mapping at `path` in a document's raw value, in document order. */
function keysAt(value: unknown, path: readonly string[]): string[] {
  let node = value;
  for (const segment of path) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? Object.keys(node) : [];
}

/**
 * Declarations in document order, computed from key order rather than positions (positions need
 * the YAML position tree, which a clean spec should never have to build). The validated spec has
 * its fixed keys in schema order, so which of `types:`/`aggregates:` and `commands:`/`events:`
 * comes first is read from the document's raw value.
 */
function inDocumentOrder(
  doc: SourceDocument,
  types: readonly TypeDeclaration[],
  aggregates: readonly AggregateDeclaration[],
  readModels: readonly ReadModelDeclaration[],
  automations: readonly AutomationDeclaration[],
): Declaration[] {
  const ordered: Declaration[] = [];
  for (const section of keysAt(doc.value, [])) {
    if (section === 'types') ordered.push(...types);
    if (section === 'readModels') ordered.push(...readModels);
    if (section === 'automations') ordered.push(...automations);
    if (section !== 'aggregates') continue;
    for (const aggregate of aggregates) {
      ordered.push(aggregate);
      for (const part of keysAt(doc.value, ['aggregates', aggregate.name])) {
        if (part === 'commands') ordered.push(...aggregate.commands);
        if (part === 'events') ordered.push(...aggregate.events);
      }
    }
  }
  return ordered;
}

/**
 * Collects the named declarations of all files of a domain, checks their names, and reports
 * duplicates (at the later declaration, pointing back at the first). An aggregate, a type, a read
 * model or an automation is declared in exactly one file; a second declaration with the same name
 * is a duplicate.
 */
export function collectDeclarations(files: readonly DomainFile[], reporter: Reporter): DomainDeclarations {
  const types: TypeDeclaration[] = [];
  const aggregates: AggregateDeclaration[] = [];
  const readModels: ReadModelDeclaration[] = [];
  const automations: AutomationDeclaration[] = [];
  const all: Declaration[] = [];
  // Files come sorted by name: file order, then document order, is the order users read.
  for (const { doc, spec } of files) {
    const fileTypes = entries(spec.types).map(([name, typeSpec]): TypeDeclaration => {
      const loc = locOf(doc, ['types', name]);
      return { kind: 'type', name, loc, span: keySpan(loc), spec: typeSpec };
    });
    const fileAggregates = entries(spec.aggregates).map(([name, aggregateSpec]) =>
      aggregateDeclaration(doc, name, aggregateSpec),
    );
    const fileReadModels = entries(spec.readModels).map(([name, readModelSpec]): ReadModelDeclaration => {
      const loc = locOf(doc, ['readModels', name]);
      return { kind: 'read model', name, loc, span: keySpan(loc), spec: readModelSpec };
    });
    const fileAutomations = entries(spec.automations).map(([name, automationSpec]): AutomationDeclaration => {
      const loc = locOf(doc, ['automations', name]);
      return { kind: 'automation', name, loc, span: keySpan(loc), spec: automationSpec };
    });
    types.push(...fileTypes);
    aggregates.push(...fileAggregates);
    readModels.push(...fileReadModels);
    automations.push(...fileAutomations);
    all.push(...inDocumentOrder(doc, fileTypes, fileAggregates, fileReadModels, fileAutomations));
  }

  const symbols = new Map<string, Declaration>();
  for (const declaration of all) {
    checkDeclarationName(declaration.kind satisfies DeclarationKind, declaration.name, declaration.span, reporter);
    const first = symbols.get(declaration.name);
    if (first === undefined) {
      symbols.set(declaration.name, declaration);
      continue;
    }
    reporter.report(
      'ORX3006',
      declaration.span,
      { kind: declaration.kind, name: declaration.name, firstKind: first.kind },
      [{ message: `'${first.name}' is first declared here`, span: first.span }],
    );
  }
  return { symbols, types, aggregates, readModels, automations };
}
