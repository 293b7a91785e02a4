import { printExpression } from '../expr/print.js';
import type { AggregateModel, AssignmentModel, AutomationModel, CommandModel, DomainModel, EventRefModel, ProjectionModel, ReadModelModel } from '../model/model.js';
import { code, PERSONAL_DATA_BADGE, projectionFlowId, resourceId, schemaVersion, summaryOf, VERSION } from './eventcatalog-ids.js';
import { automationEdgeWords, automationTerms, projectionWords } from './read-side.js';
import { rowJsonSchema, rowSchemas } from './schemas.js';

/**
 * The read side of a domain in an EventCatalog catalogue:
 * - a flow per automation: the event it reacts to, a wait step for `after`, the automation (a custom
 *   node with its `forEach`, `when`, `after` and `ignore`), the command it executes, the aggregate's
 *   service that handles it, and the events that command records;
 * - per read model, a data store (EventCatalog's `containers`: a database, not authoritative, since
 *   its rows are derived from events and rebuilt) with the row's JSON Schema, and a flow from each
 *   event it handles to it, labelled with what happens to the row.
 */
export interface CatalogPage {
  /** Relative to the catalogue folder. */
  readonly path: string;
  readonly frontmatter: Record<string, unknown>;
  readonly body: string;
}

export interface ReadSideCatalog {
  readonly pages: readonly CatalogPage[];
  /** Other files (row schemas), path -> content. */
  readonly files: ReadonlyMap<string, string>;
  /** The flows, for the domain page's `flows:`. */
  readonly flows: readonly { readonly id: string; readonly version: string }[];
}

interface FlowStep {
  readonly id: string;
  readonly title: string;
  readonly summary?: string;
  readonly message?: Pointer;
  readonly service?: Pointer;
  readonly container?: Pointer;
  readonly custom?: {
    readonly title: string;
    readonly icon: string;
    readonly type: string;
    readonly summary?: string;
    readonly properties?: Record<string, string>;
  };
  readonly next_step?: string | { readonly id: string; readonly label: string };
  readonly next_steps?: readonly string[];
}

interface Pointer {
  readonly id: string;
  readonly version: string;
}

export function readSidePages(domain: DomainModel, root: string): ReadSideCatalog {
  const pages: CatalogPage[] = [];
  const files = new Map<string, string>();
  const flows: Pointer[] = [];
  for (const automation of domain.automations) {
    pages.push(automationFlow(domain, automation, root));
    flows.push({ id: resourceId(domain, automation.name), version: VERSION });
  }
  const rows = new Map(rowSchemas(domain).map((r) => [r.readModel.name, r]));
  for (const readModel of domain.readModels) {
    const folder = `${root}/containers/${readModel.name}`;
    const row = rows.get(readModel.name);
    if (row !== undefined) files.set(`${folder}/schema.json`, `${JSON.stringify(rowJsonSchema(domain, row), null, 2)}\n`);
    pages.push(dataStore(domain, readModel, folder));
    pages.push(projectionFlow(domain, readModel, root));
    flows.push({ id: projectionFlowId(domain, readModel.name), version: VERSION });
  }
  return { pages, files, flows };
}

const eventPointer = (domain: DomainModel, event: EventRefModel): Pointer => ({ id: resourceId(domain, event.name), version: schemaVersion(event.version) });
type NextStep = NonNullable<FlowStep['next_step']>;
const next = (id: string, words: readonly string[]): NextStep => (words.length === 0 ? id : { id, label: words.join(', ') });

function automationFlow(domain: DomainModel, automation: AutomationModel, root: string): CatalogPage {
  const aggregate = aggregateOf(domain, automation.command.aggregate);
  const command = aggregate.commands.find((c) => c.name === automation.command.name);
  if (command === undefined) throw new Error(`${automation.name}: no command ${automation.command.name} in ${aggregate.name}`);
  const terms = automationTerms(automation);
  const { into, out } = automationEdgeWords(terms);
  const recorded = [...new Set(command.emits.map((e) => e.event))].flatMap((name) => {
    const event = aggregate.events.find((e) => e.name === name);
    return event === undefined ? [] : [event];
  });
  const properties: Record<string, string> = { on: automation.on.name };
  if (terms.after !== undefined) properties['after'] = terms.after;
  if (terms.forEach !== undefined) properties['forEach'] = terms.forEach;
  const when = terms.whenOnce ?? terms.whenPerItem;
  if (when !== undefined) properties['when'] = when;
  properties['execute'] = command.name;
  if (automation.ignore.length > 0) properties['ignore'] = automation.ignore.map((i) => i.code).join(', ');

  const steps: FlowStep[] = [
    {
      id: 'event',
      title: automation.on.name,
      summary: `The event ${automation.name} reacts to, recorded by ${automation.on.aggregate}.`,
      message: eventPointer(domain, automation.on),
      next_step: terms.after === undefined ? next('automation', into) : 'wait',
    },
  ];
  if (terms.after !== undefined) {
    const summary = `A durable delay: the command is due ${terms.after} after the event's time, also across restarts.`;
    steps.push({ id: 'wait', title: `Wait ${terms.after}`, summary, custom: { title: `Wait ${terms.after}`, icon: 'ClockIcon', type: 'Delay', summary }, next_step: next('automation', into) });
  }
  const summary = summaryOf(automation.description, `Executes ${command.name} when ${automation.on.name} is recorded.`);
  steps.push(
    { id: 'automation', title: automation.name, summary, custom: { title: automation.name, icon: 'BoltIcon', type: 'Automation', summary, properties }, next_step: next('command', out) },
    { id: 'command', title: command.name, summary: `Executed on ${aggregate.name}.`, message: { id: resourceId(domain, command.name), version: VERSION }, next_step: 'service' },
    {
      id: 'service',
      title: aggregate.name,
      summary: `Handles ${command.name}.`,
      service: { id: resourceId(domain, aggregate.name), version: VERSION },
      ...(recorded.length === 0 ? {} : { next_steps: recorded.map((e) => `records-${e.name}`) }),
    },
    ...recorded.map(
      (e): FlowStep => ({
        id: `records-${e.name}`,
        title: e.name,
        summary: `What ${command.name} records when it succeeds.`,
        message: { id: resourceId(domain, e.name), version: schemaVersion(e.version) },
      }),
    ),
  );
  return {
    path: `${root}/flows/${automation.name}/index.mdx`,
    frontmatter: { id: resourceId(domain, automation.name), name: automation.name, version: VERSION, summary, steps },
    body: automationText(domain, automation, aggregate, command),
  };
}

function automationText(domain: DomainModel, automation: AutomationModel, aggregate: AggregateModel, command: CommandModel): string {
  const terms = automationTerms(automation);
  const parts: string[] = [`${code(automation.name)} is an automation of the ${code(domain.name)} domain (generated by Orchestrix).`];
  if (automation.description !== undefined) parts.push(automation.description.trim());
  const conditions = [
    terms.after === undefined ? undefined : `waits ${code(terms.after)} from the event's time, then`,
    terms.whenOnce === undefined ? undefined : `if ${code(terms.whenOnce)} holds,`,
  ].filter((p) => p !== undefined);
  const perItem = terms.forEach === undefined ? '' : ` once for each element \`item\` of ${code(terms.forEach)}${terms.whenPerItem === undefined ? '' : ` for which ${code(terms.whenPerItem)} holds`}`;
  parts.push(`When ${code(automation.on.name)} is recorded, it ${[...conditions, `executes ${code(command.name)} on the ${code(aggregate.name)} aggregate${perItem}.`].join(' ')}`);
  parts.push(['The command\'s data:', '', ...automation.mapping.map((a) => `- ${code(a.field)}: ${code(printExpression(a.value.tree))}`)].join('\n'));
  if (automation.ignore.length > 0) parts.push(`These errors end the reaction quietly: ${automation.ignore.map((i) => code(i.code)).join(', ')}.`);
  parts.push('The command runs at least once and takes effect exactly once: a redelivered event never executes it twice.');
  return parts.join('\n\n');
}

function dataStore(domain: DomainModel, readModel: ReadModelModel, folder: string): CatalogPage {
  const pii = readModel.piiPaths.length > 0;
  const parts: string[] = [];
  if (readModel.description !== undefined) parts.push(readModel.description.trim());
  parts.push(
    `A read model of the ${code(domain.name)} domain (generated by Orchestrix): one row per ${code(readModel.key)}, kept from the domain's events by its runtime in a table of the store it runs on, and rebuilt from the events when its shape changes. Its rows are derived data; the events are the source of truth.`,
  );
  const indexed = readModel.index.map((f) => code(f.name)).join(', ');
  parts.push(
    `Read with ${code(`domain.readModels.${readModel.name}.get(${readModel.key})`)}, ${code('.find(...)')} and ${code('.count(...)')}${indexed === '' ? '.' : `; ${code('find')} filters and sorts on ${indexed}.`}`,
  );
  parts.push(rowChanges(readModel));
  if (pii && readModel.subject !== undefined) {
    parts.push(`Fields marked \`x-personal-data\` in the schema are encrypted per data subject (${code(readModel.subject.name)}) and erased when the subject is forgotten.`);
  }
  parts.push('<SchemaViewer file="schema.json" title="Row" />');
  return {
    path: `${folder}/index.mdx`,
    frontmatter: {
      id: resourceId(domain, readModel.name),
      name: readModel.name,
      version: VERSION,
      summary: summaryOf(readModel.description, `A read model of ${domain.name}: one row per ${readModel.key}.`),
      container_type: 'database',
      authoritative: false,
      schemaPath: 'schema.json',
      ...(pii ? { badges: [PERSONAL_DATA_BADGE] } : {}),
    },
    body: parts.join('\n\n'),
  };
}

/** One line per event a read model handles: which row, what changes, and when. */
const rowChanges = (readModel: ReadModelModel): string =>
  ['How events change a row:', '', ...readModel.on.map((p) => `- ${projectionText(p)}`)].join('\n');

function projectionText(projection: ProjectionModel): string {
  const action = projection.action;
  const sets = (assignments: readonly AssignmentModel[]): string => assignments.map((a) => code(`${a.field}: ${printExpression(a.value.tree)}`)).join(', ');
  const what =
    action.kind === 'set'
      ? `sets ${sets(action.assignments)} (a missing row is created from the defaults)`
      : action.kind === 'update'
        ? `sets ${sets(action.assignments)} on an existing row`
        : action.kind === 'delete'
          ? 'deletes the row'
          : 'a hand-written function changes the row';
  const row = projection.key.origin === 'explicit' ? `, the row of ${code(printExpression(projection.key.value.tree))}` : '';
  const when = projection.when === undefined ? '' : `, when ${code(printExpression(projection.when.tree))}`;
  return `${code(projection.event.name)}${row}${when}: ${what}.`;
}

function projectionFlow(domain: DomainModel, readModel: ReadModelModel, root: string): CatalogPage {
  const steps: FlowStep[] = readModel.on.map((p) => ({
    id: `event-${p.event.name}`,
    title: p.event.name,
    summary: `Recorded by ${p.event.aggregate}.`,
    message: eventPointer(domain, p.event),
    next_step: next('read-model', projectionWords(p)),
  }));
  steps.push({ id: 'read-model', title: readModel.name, summary: `One row per ${readModel.key}.`, container: { id: resourceId(domain, readModel.name), version: VERSION } });
  const summary = `The events that change the rows of ${readModel.name}, and how.`;
  return {
    path: `${root}/flows/${readModel.name}/index.mdx`,
    frontmatter: { id: projectionFlowId(domain, readModel.name), name: `${readModel.name} projection`, version: VERSION, summary, steps },
    body: [
      `How the rows of the read model ${code(readModel.name)} of the ${code(domain.name)} domain follow its events (generated by Orchestrix). Each event is applied exactly once in effect: the row changes and the read model's position are committed together.`,
      rowChanges(readModel),
    ].join('\n\n'),
  };
}

function aggregateOf(domain: DomainModel, name: string): AggregateModel {
  const aggregate = domain.aggregates.find((a) => a.name === name);
  if (aggregate === undefined) throw new Error(`no aggregate ${name} in ${domain.name}`);
  return aggregate;
}
