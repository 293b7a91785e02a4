import { DURATION_UNITS } from '../../expr/ast.js';
import { emitTypeScript, type EmitNames } from '../../expr/index.js';
import type { AutomationModel, DomainModel } from '../../model/model.js';
import { Code, doc, ident, join, lineComment, literal, str } from '../code.js';
import { importPath } from '../naming.js';
import { DOMAIN_FILES, domainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';
import { expression, mayBeAbsent } from './aggregate-view.js';

/**
 * The view of `automations.hbs`: one file with every automation of a domain, each an
 * AutomationDefinition whose pure `plan(event)` maps the triggering event to the data of the
 * commands to execute. Every leaf is a Code (see code.ts); the shape is documented in docs/templates.md.
 */
export interface AutomationsView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  /** What the file imports from orchestrix/runtime: `type { AutomationDefinition, DomainEnvelope }`, or `{ ..., omitUndefined }`. */
  readonly runtimeImports: Code;
  /** Event and command input types, by aggregate module: `{ names: 'OrderPlaced, CancelOrderInput', path: './order.js' }`. */
  readonly typeImports: readonly { readonly names: Code; readonly path: Code }[];
  readonly automations: readonly AutomationView[];
}

export interface AutomationView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  readonly doc: Code;
  readonly definition: Code;
  readonly domain: Code;
  readonly nameLiteral: Code;
  readonly event: Code;
  readonly eventType: Code;
  readonly command: Code;
  readonly input: Code;
  readonly delayMs: number;
  /** `// 30m` after a delay, or an empty fragment. */
  readonly delayComment: Code;
  /** The runtime error codes `ignore:` lists, as a literal array. */
  readonly ignore: Code;
  /** The list to iterate (an absent optional list iterates nothing), or false without `forEach`. */
  readonly forEach: Code | false;
  /** `when` checked once per event, or per element (it reads `item`); false when there is none. */
  readonly whenOnce: Code | false;
  readonly whenPerItem: Code | false;
  /** The command data: `{ field: value, ... }`, through `omitUndefined` when a value may be absent. */
  readonly data: Code;
  /** Neither `forEach` nor `when`: `plan` returns the one command's data directly. */
  readonly direct: boolean;
}

const NAMES: EmitNames = {
  state: 'state',
  command: 'command',
  event: 'event.data',
  id: 'event.aggregateId',
  now: 'now',
  time: 'event.time',
  item: 'item',
};

/** The duration units of the expression language, largest first. */
const UNITS = (Object.entries(DURATION_UNITS) as [string, number][]).sort((a, b) => b[1] - a[1]);

/** `1800000` -> `30m`: the largest unit that divides the delay. */
export function formatDelay(ms: number): string {
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function automationsView(domain: DomainModel, banner: Code): AutomationsView {
  const names = domainNames(domain);
  const aggregateOfCommand = new Map(domain.aggregates.flatMap((a) => a.commands.map((c) => [c.name, a.name] as const)));
  const imports = new Map<string, Set<string>>();
  const need = (aggregate: string, name: string): void => {
    const set = imports.get(aggregate) ?? new Set<string>();
    set.add(name);
    imports.set(aggregate, set);
  };
  for (const a of domain.automations) {
    need(a.on.aggregate, a.on.name);
    need(aggregateOfCommand.get(a.command.name) ?? a.command.aggregate, names.command(a.command.name).input);
  }
  const omits = domain.automations.some((a) => mayBeAbsent(a.mapping));
  return {
    banner,
    // Only types unless a value may be absent: `import type` then loads nothing at run time.
    runtimeImports: Code.trusted(
      omits ? '{ type AutomationDefinition, type DomainEnvelope, omitUndefined }' : 'type { AutomationDefinition, DomainEnvelope }',
    ),
    typeImports: domain.aggregates
      .filter((a) => imports.has(a.name))
      .map((a) => ({
        names: join([...(imports.get(a.name) ?? [])].sort().map((n) => ident(n)), ', '),
        path: str(importPath(DOMAIN_FILES.automations, names.aggregate(a.name).file)),
      })),
    automations: domain.automations.map((a) => automationView(domain, a)),
  };
}

function automationView(domain: DomainModel, a: AutomationModel): AutomationView {
  const names = domainNames(domain);
  const emit = (tree: Parameters<typeof emitTypeScript>[0]): Code => Code.trusted(emitTypeScript(tree, NAMES));
  const fields = a.mapping.map((m) => expression(m, NAMES));
  const object = `{ ${fields.map((f) => `${f.field.text}: ${f.value.text}`).join(', ')} }`;
  let forEach: Code | false = false;
  if (a.forEach !== undefined) {
    const list = emit(a.forEach.tree);
    forEach = a.forEach.tree.type.kind === 'optional' ? Code.trusted(`(${list.text} ?? [])`) : list;
  }
  const when = a.when === undefined ? false : emit(a.when.tree);
  return {
    name: ident(a.name),
    doc: doc(a.description),
    definition: ident(names.automation(a.name).definition),
    domain: str(domain.name),
    nameLiteral: str(a.name),
    event: str(a.on.name),
    eventType: ident(a.on.name),
    command: str(a.command.name),
    input: ident(names.command(a.command.name).input),
    delayMs: a.delayMs,
    delayComment: a.delayMs === 0 ? Code.trusted('') : Code.trusted(` ${lineComment(formatDelay(a.delayMs)).text}`),
    ignore: literal(a.ignore.map((i) => i.runtimeCode)),
    forEach,
    whenOnce: a.whenPerItem ? false : when,
    whenPerItem: a.whenPerItem ? when : false,
    data: Code.trusted(mayBeAbsent(a.mapping) ? `omitUndefined<${ident(names.command(a.command.name).input).text}>(${object})` : object),
    direct: a.forEach === undefined && a.when === undefined,
  };
}
