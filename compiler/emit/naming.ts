import { posix } from 'node:path';

/**
 * Every name the generator derives from a spec name, in one place, so templates, file paths and the
 * clash check agree. Spec names are already validated (PascalCase / camelCase / domain).
 */

/** `Account` -> `account`; `OrderLine` -> `orderLine`. */
export const camel = (pascal: string): string => pascal.charAt(0).toLowerCase() + pascal.slice(1);

/** `banking` -> `Banking`. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `OrderLine` -> `order-line` (file names). */
export const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

export const names = {
  /** The factory: `createBanking`. */
  factory: (domain: string) => `create${pascal(domain)}`,
  /** The runtime type of a created domain: `Banking`. */
  domainRuntime: (domain: string) => pascal(domain),
  domainAggregates: (domain: string) => `${domain}Aggregates`,
  domainAggregatesType: (domain: string) => `${pascal(domain)}Aggregates`,
  domainCommand: (domain: string) => `${pascal(domain)}Command`,
  domainEvent: (domain: string) => `${pascal(domain)}Event`,
  domainEventEnvelope: (domain: string) => `${pascal(domain)}EventEnvelope`,

  schema: (type: string) => `${type}Schema`,
  /** The read-side variant of a record that may be read back with erased pii removed. */
  stored: (type: string) => `Stored${type}`,
  /** What callers pass for a command (the schema's input: fields with defaults optional). */
  commandInput: (command: string) => `${command}Input`,
  commandInputs: (aggregate: string) => `${aggregate}CommandInputs`,
  domainCommandInputs: (domain: string) => `${pascal(domain)}CommandInputs`,
  state: (aggregate: string) => `${aggregate}State`,
  initialState: (aggregate: string) => `initial${aggregate}State`,
  stateHash: (aggregate: string) => `${kebab(aggregate).replace(/-/g, '_').toUpperCase()}_STATE_SCHEMA_HASH`,
  commandUnion: (aggregate: string) => `${aggregate}Command`,
  eventUnion: (aggregate: string) => `${aggregate}Event`,
  evolve: (aggregate: string) => `evolve${aggregate}`,
  decide: (aggregate: string) => `decide${aggregate}`,
  definition: (aggregate: string) => `${camel(aggregate)}Definition`,
  /** An older stored version of an event: `MoneyDepositedV1`. */
  eventVersion: (event: string, version: number) => `${event}V${version}`,
  upcaster: (event: string, version: number) => `upcast${event}V${version}`,
  /** The hand-written decide of a `handler: custom` command, and its signature type. */
  customDecide: (command: string) => `decide${command}`,
  customHandlerType: (command: string) => `${command}Handler`,
  /** The events a custom handler may return. */
  customEmits: (command: string) => `${command}Emits`,

  /** A read model's row type (`AccountSummaryRow`), what `set` may start from, and its definition. */
  row: (readModel: string) => `${readModel}Row`,
  newRow: (readModel: string) => `New${readModel}Row`,
  readModel: (readModel: string) => `${camel(readModel)}ReadModel`,
  /** The hand-written projection of one event (`handler: custom`) and its signature type. */
  customProjection: (readModel: string, event: string) => `${camel(readModel)}On${event}`,
  customProjectionType: (readModel: string, event: string) => `${readModel}On${event}`,
  automation: (automation: string) => `${camel(automation)}Automation`,
  domainReadModels: (domain: string) => `${domain}ReadModels`,
  domainReadModelsType: (domain: string) => `${pascal(domain)}ReadModels`,
  domainAutomations: (domain: string) => `${domain}Automations`,
  domainAutomationsType: (domain: string) => `${pascal(domain)}Automations`,

  aggregateFile: (aggregate: string) => `${kebab(aggregate)}.ts`,
  /** The domain's files besides one per aggregate. */
  typesFile: 'types.ts',
  readModelsFile: 'read-models.ts',
  automationsFile: 'automations.ts',
  domainFile: 'domain.ts',
  indexFile: 'index.ts',
  handlerFile: (domain: string, aggregate: string, command: string) => `${domain}/${kebab(aggregate)}/${kebab(command)}.ts`,
  projectionFile: (domain: string, readModel: string, event: string) => `${domain}/${kebab(readModel)}/${kebab(event)}.ts`,
} as const;

/**
 * The module specifier for importing `to` from `from` (both `/`-separated paths from one root, or
 * both absolute), with the `.ts` extension written as `.js` as NodeNext resolution expects.
 */
export function importPath(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
