import { posix } from 'node:path';
import type { DomainModel } from '../model/model.js';
import { RESERVED_WORDS, RUNTIME_IMPORTS } from '../model/identifiers.js';
import { SHADOWED_GLOBALS } from '../model/reserved.js';
import { erasureOf } from './erasure.js';
import { inputValueTypesOf } from './ts-type.js';
import { camel, kebab, pascal } from './naming.js';

/**
 * Every name the generator derives for one domain, computed in one place so templates, file paths,
 * handler scaffolds and exports agree, and chosen so that no two of them and no spec name can meet.
 *
 * Spec names (types, aggregates, commands, events, read models, automations) are the public API and
 * are used exactly as written. A derived name has a *plain* form (`ClaimState`, `ClaimStateSchema`,
 * `decideAccount`) and an *escaped* form that spells out where it comes from with `_` between its
 * parts (`Claim_State`, `Claim_StateSchema`, `Account_decide`): the spec names it is derived from,
 * then a tag unique to its kind. Spec names never contain `_`, so an escaped name is never a spec
 * name, never a plain name, and never another escaped name.
 *
 * A derived name uses its plain form unless that form is *contested*:
 * - it is a spec name of the domain, a reserved word, a global generated code uses, or a name it
 *   imports from the runtime: the derived name escapes;
 * - several derived names have the same plain form: the one derived from the longest spec name
 *   (`ClaimStateSchema` is the schema of type `ClaimState` before the state schema of aggregate
 *   `Claim`) keeps it, the others escape; on a tie all of them escape.
 * Whether a name escapes thus depends only on the declarations whose names produce the same text:
 * renaming or adding an unrelated declaration never changes it.
 *
 * Files follow the same rule: an aggregate's module is `<kebab-case>.ts` unless that is a file of the
 * domain itself (`types.ts`, `index.ts`, ...) or another aggregate's (`ABTest` and `AbTest` are both
 * `ab-test`), in which case it is `<every-capital-split>.aggregate.ts` (`a-b-test.aggregate.ts`),
 * unique even on case-insensitive file systems. Handler scaffolds likewise (`.aggregate`,
 * `.read-model` folders, `.command`, `.event` files).
 */
export interface DomainNames {
  readonly domain: DomainLevelNames;
  type(name: string): TypeNames;
  aggregate(name: string): AggregateNames;
  command(name: string): CommandNames;
  event(name: string): EventNames;
  readModel(name: string): ReadModelNames;
  automation(name: string): { readonly definition: string };
  /** The schema of a named type as written (`write`) or read back (`read`, the stored variant when there is one). */
  typeSchema(name: string, side: 'write' | 'read'): string;
  /** Every top-level identifier the generated code declares, with what it is for (spec names included). */
  readonly identifiers: ReadonlyMap<string, string>;
  /** Every generated module (relative to the domain's folder) and handler scaffold path (relative to the handlers folder), with its owner. */
  readonly files: ReadonlyMap<string, string>;
}

export interface DomainLevelNames {
  readonly factory: string;
  readonly runtime: string;
  readonly aggregates: string;
  readonly aggregatesType: string;
  readonly command: string;
  readonly event: string;
  readonly eventEnvelope: string;
  readonly commandInputs: string;
  readonly readModels: string;
  readonly readModelsType: string;
  readonly automations: string;
  readonly automationsType: string;
}

export interface TypeNames {
  readonly schema: string;
  /** The read-side variant of a value type holding erasable pii (only declared when it has one). */
  readonly stored: string;
  readonly storedSchema: string;
  /** What a value object accepts, when a field with a default (here or in a value object it holds) makes it differ (`AddressInput`). */
  readonly input: string;
}

export interface AggregateNames {
  readonly state: string;
  readonly stateSchema: string;
  readonly initialState: string;
  readonly stateHash: string;
  readonly commandUnion: string;
  readonly eventUnion: string;
  readonly commandInputs: string;
  readonly evolve: string;
  /** `copyAccountState`: the copy of a state that `evolve` changes. */
  readonly copyState: string;
  readonly decide: string;
  readonly definition: string;
  /** The aggregate's module, relative to the domain's output folder (`account.ts`). */
  readonly file: string;
}

export interface CommandNames {
  readonly schema: string;
  readonly input: string;
  /** `handler: custom`: the hand-written decide, its signature type and the events it may return. */
  readonly customDecide: string;
  readonly handlerType: string;
  readonly emitsType: string;
  /** `handler: custom`: the scaffold, relative to the handlers folder (`banking/account/close.ts`). */
  readonly handlerFile: string;
}

export interface EventNames {
  readonly schema: string;
  readonly storedSchema: string;
  version(version: number): { readonly type: string; readonly schema: string; readonly upcaster: string };
}

export interface ReadModelNames {
  readonly row: string;
  readonly rowSchema: string;
  readonly newRow: string;
  readonly definition: string;
  projection(event: string): { readonly handler: string; readonly handlerType: string; readonly handlerFile: string };
}

/** The domain's own modules, beside one per aggregate. */
export const DOMAIN_FILES = {
  types: 'types.ts',
  readModels: 'read-models.ts',
  automations: 'automations.ts',
  domain: 'domain.ts',
  index: 'index.ts',
} as const;

/** Names generated code declares inside functions or relies on besides imports and globals. */
const LOCAL_NAMES = ['state', 'command', 'event', 'context', 'handler', 'data', 'row', 'current', 'item', 'options'];

/** Identifiers no derived name may take in its plain form. */
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([...RESERVED_WORDS, ...SHADOWED_GLOBALS, ...RUNTIME_IMPORTS, ...LOCAL_NAMES]);

/** `ABTest` -> `a-b-test`: a hyphen before every capital, so distinct names stay distinct in lower case. */
const splitKebab = (name: string): string => name.replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase();

interface FileEntry {
  readonly key: string;
  readonly name: string;
  readonly owner: string;
  /** Ends the escaped form: `a-b-test.aggregate`. */
  readonly kind: string;
}

interface Candidate {
  readonly key: string;
  readonly plain: string;
  readonly escaped: string;
  /** The spec names it derives from, for precedence (longest wins). */
  readonly weight: number;
  readonly owner: string;
}

const cache = new WeakMap<DomainModel, DomainNames>();

/** The names of a domain's generated code (computed once per model). */
export function domainNames(domain: DomainModel): DomainNames {
  let names = cache.get(domain);
  if (names === undefined) {
    names = computeNames(domain);
    cache.set(domain, names);
  }
  return names;
}

/** Thrown when two generated names meet anyway: a compiler bug, reported as ORX8001. */
export class GeneratedNameClash extends Error {
  constructor(
    readonly generatedName: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`internal error: the generated name '${generatedName}' (for ${second}) is already used for ${first}`);
  }
}

function computeNames(domain: DomainModel): DomainNames {
  const erasure = erasureOf(domain);
  const inputValueTypes = inputValueTypesOf(domain);
  const specNames = new Map<string, string>();
  for (const t of domain.types) specNames.set(t.name, `type ${t.name}`);
  for (const a of domain.aggregates) {
    specNames.set(a.name, `aggregate ${a.name}`);
    for (const c of a.commands) specNames.set(c.name, `command ${c.name}`);
    for (const e of a.events) specNames.set(e.name, `event ${e.name}`);
  }
  for (const r of domain.readModels) specNames.set(r.name, `read model ${r.name}`);
  for (const a of domain.automations) specNames.set(a.name, `automation ${a.name}`);

  // ---- identifiers ----
  const candidates: Candidate[] = [];
  /**
   * A derived identifier: `parts` spell its plain form, spec names (and the domain's name) as
   * `{ name }`, fixed words as strings; `tag` ends its escaped form.
   */
  const derive = (key: string, owner: string, parts: readonly (string | { readonly name: string; readonly as?: string })[], tag: string): void => {
    const plain = parts.map((p) => (typeof p === 'string' ? p : (p.as ?? p.name))).join('');
    const sources = parts.filter((p) => typeof p !== 'string');
    const escaped = [...sources.map((p) => p.name), tag].join('_');
    candidates.push({ key, plain, escaped, weight: sources.reduce((n, p) => n + p.name.length, 0), owner });
  };

  const d = { name: domain.name, as: pascal(domain.name) };
  const dc = { name: domain.name };
  const dOwner = `domain ${domain.name}`;
  derive('domain.factory', dOwner, ['create', d], 'create');
  derive('domain.runtime', dOwner, [d], 'Domain');
  derive('domain.aggregates', dOwner, [dc, 'Aggregates'], 'aggregates');
  derive('domain.aggregatesType', dOwner, [d, 'Aggregates'], 'Aggregates');
  derive('domain.command', dOwner, [d, 'Command'], 'Command');
  derive('domain.event', dOwner, [d, 'Event'], 'Event');
  derive('domain.eventEnvelope', dOwner, [d, 'EventEnvelope'], 'EventEnvelope');
  derive('domain.commandInputs', dOwner, [d, 'CommandInputs'], 'CommandInputs');
  derive('domain.readModels', dOwner, [dc, 'ReadModels'], 'readModels');
  derive('domain.readModelsType', dOwner, [d, 'ReadModels'], 'ReadModels');
  derive('domain.automations', dOwner, [dc, 'Automations'], 'automations');
  derive('domain.automationsType', dOwner, [d, 'Automations'], 'Automations');

  for (const t of domain.types) {
    const o = `type ${t.name}`;
    const n = { name: t.name };
    derive(`type.${t.name}.schema`, o, [n, 'Schema'], 'Schema');
    if (erasure.valueTypes.has(t.name)) {
      derive(`type.${t.name}.stored`, o, ['Stored', n], 'Stored');
      derive(`type.${t.name}.storedSchema`, o, ['Stored', n, 'Schema'], 'StoredSchema');
    }
    if (inputValueTypes.has(t.name)) derive(`type.${t.name}.input`, o, [n, 'Input'], 'Input');
  }
  for (const a of domain.aggregates) {
    const o = `aggregate ${a.name}`;
    const n = { name: a.name };
    const lower = { name: a.name, as: camel(a.name) };
    derive(`aggregate.${a.name}.state`, o, [n, 'State'], 'State');
    derive(`aggregate.${a.name}.stateSchema`, o, [n, 'StateSchema'], 'StateSchema');
    derive(`aggregate.${a.name}.initialState`, o, ['initial', n, 'State'], 'initialState');
    derive(`aggregate.${a.name}.stateHash`, o, [{ name: a.name, as: kebab(a.name).replace(/-/g, '_').toUpperCase() }, '_STATE_SCHEMA_HASH'], 'stateSchemaHash');
    derive(`aggregate.${a.name}.commandUnion`, o, [n, 'Command'], 'Command');
    derive(`aggregate.${a.name}.eventUnion`, o, [n, 'Event'], 'Event');
    derive(`aggregate.${a.name}.commandInputs`, o, [n, 'CommandInputs'], 'CommandInputs');
    derive(`aggregate.${a.name}.evolve`, o, ['evolve', n], 'evolve');
    derive(`aggregate.${a.name}.copyState`, o, ['copy', n, 'State'], 'copyState');
    derive(`aggregate.${a.name}.decide`, o, ['decide', n], 'decide');
    derive(`aggregate.${a.name}.definition`, o, [lower, 'Definition'], 'definition');
    for (const c of a.commands) {
      const co = `command ${c.name}`;
      const cn = { name: c.name };
      derive(`command.${c.name}.schema`, co, [cn, 'Schema'], 'Schema');
      derive(`command.${c.name}.input`, co, [cn, 'Input'], 'Input');
      if (c.handler === 'custom') {
        derive(`command.${c.name}.customDecide`, co, ['decide', cn], 'decide');
        derive(`command.${c.name}.handlerType`, co, [cn, 'Handler'], 'Handler');
        derive(`command.${c.name}.emitsType`, co, [cn, 'Emits'], 'Emits');
      }
    }
    for (const e of a.events) {
      const eo = `event ${e.name}`;
      const en = { name: e.name };
      derive(`event.${e.name}.schema`, eo, [en, 'Schema'], 'Schema');
      if (erasure.differsOnRead(e.fields)) derive(`event.${e.name}.storedSchema`, eo, ['Stored', en, 'Schema'], 'StoredSchema');
      for (const p of e.previous) {
        const vo = `version ${p.version} of event ${e.name}`;
        derive(`event.${e.name}.v${p.version}.type`, vo, [en, `V${p.version}`], `V${p.version}`);
        derive(`event.${e.name}.v${p.version}.schema`, vo, [en, `V${p.version}Schema`], `V${p.version}Schema`);
        derive(`event.${e.name}.v${p.version}.upcaster`, vo, ['upcast', en, `V${p.version}`], `upcastV${p.version}`);
      }
    }
  }
  for (const r of domain.readModels) {
    const o = `read model ${r.name}`;
    const n = { name: r.name };
    derive(`readModel.${r.name}.row`, o, [n, 'Row'], 'Row');
    derive(`readModel.${r.name}.rowSchema`, o, [n, 'RowSchema'], 'RowSchema');
    derive(`readModel.${r.name}.newRow`, o, ['New', n, 'Row'], 'NewRow');
    derive(`readModel.${r.name}.definition`, o, [{ name: r.name, as: camel(r.name) }, 'ReadModel'], 'readModel');
    for (const p of r.on) {
      if (p.action.kind !== 'custom') continue;
      const po = `the ${p.event.name} projection of read model ${r.name}`;
      const en = { name: p.event.name };
      derive(`readModel.${r.name}.on.${p.event.name}.handler`, po, [{ name: r.name, as: camel(r.name) }, 'On', en], 'on');
      derive(`readModel.${r.name}.on.${p.event.name}.handlerType`, po, [n, 'On', en], 'On');
    }
  }
  for (const a of domain.automations) {
    derive(`automation.${a.name}.definition`, `automation ${a.name}`, [{ name: a.name, as: camel(a.name) }, 'Automation'], 'automation');
  }

  const identifiers = new Map<string, string>();
  const claim = (name: string, owner: string): void => {
    const first = identifiers.get(name);
    if (first !== undefined) throw new GeneratedNameClash(name, first, owner);
    identifiers.set(name, owner);
  };
  for (const [name, owner] of specNames) claim(name, owner);
  const chosen = choose(candidates, (plain) => specNames.has(plain) || RESERVED_IDENTIFIERS.has(plain));
  /** Every derived name by key: the plain form where it was kept, else the escaped one. */
  const derived = new Map<string, string>();
  for (const c of candidates) {
    const name = chosen.get(c.key) ?? c.escaped;
    derived.set(c.key, name);
    claim(name, c.owner);
  }

  // ---- files ----
  const files = new Map<string, string>();
  const claimFile = (path: string, owner: string): void => {
    const first = files.get(path);
    if (first !== undefined) throw new GeneratedNameClash(path, first, owner);
    files.set(path, owner);
  };
  /** Files (or folders) named after spec names in one folder: kebab-case unless contested. */
  const fileNames = (
    entries: readonly FileEntry[],
    taken: (plain: string) => boolean,
  ): ReadonlyMap<string, string> => {
    const list: Candidate[] = entries.map((e) => ({ key: e.key, plain: kebab(e.name), escaped: `${splitKebab(e.name)}.${e.kind}`, weight: 0, owner: e.owner }));
    const kept = choose(list, taken);
    return new Map(list.map((c) => [c.key, kept.get(c.key) ?? c.escaped]));
  };
  const aggregateEntries: FileEntry[] = domain.aggregates.map((a) => ({ key: `aggregate.${a.name}`, name: a.name, owner: `aggregate ${a.name}`, kind: 'aggregate' }));
  const readModelEntries: FileEntry[] = domain.readModels.map((r) => ({ key: `readModel.${r.name}`, name: r.name, owner: `read model ${r.name}`, kind: 'read-model' }));

  for (const f of Object.values(DOMAIN_FILES)) claimFile(f, `the domain's file ${f}`);
  const ownFiles = new Set(Object.values(DOMAIN_FILES).map((f) => f.replace(/\.ts$/, '')));
  const modules = fileNames(aggregateEntries, (plain) => ownFiles.has(plain));
  const aggregateFiles = new Map<string, string>();
  for (const a of aggregateEntries) {
    const file = `${modules.get(a.key) ?? ''}.ts`;
    aggregateFiles.set(a.name, file);
    claimFile(file, a.owner);
  }

  // Handler scaffolds: <domain>/<aggregate or read model>/<command or event>.ts under the handlers folder.
  const folders = fileNames([...aggregateEntries, ...readModelEntries], () => false);
  const handlerFiles = new Map<string, string>();
  const scaffolds = (folderKey: string, entries: readonly FileEntry[]): void => {
    const folder = posix.join(domain.name, folders.get(folderKey) ?? '');
    for (const [key, file] of fileNames(entries, () => false)) {
      const path = posix.join(folder, `${file}.ts`);
      handlerFiles.set(key, path);
      claimFile(`handlers:${path}`, entries.find((e) => e.key === key)?.owner ?? key);
    }
  };
  for (const a of domain.aggregates) {
    const custom = a.commands.filter((c) => c.handler === 'custom');
    scaffolds(`aggregate.${a.name}`, custom.map((c) => ({ key: `command.${c.name}`, name: c.name, owner: `command ${c.name}`, kind: 'command' })));
  }
  for (const r of domain.readModels) {
    const custom = r.on.filter((p) => p.action.kind === 'custom');
    scaffolds(
      `readModel.${r.name}`,
      custom.map((p) => ({ key: `readModel.${r.name}.on.${p.event.name}`, name: p.event.name, owner: `the ${p.event.name} projection of read model ${r.name}`, kind: 'event' })),
    );
  }

  // ---- lookups ----
  const id = (key: string): string => {
    const name = derived.get(key);
    if (name === undefined) throw new Error(`internal error: no generated name for ${key}`);
    return name;
  };
  const handlerFile = (key: string): string => {
    const path = handlerFiles.get(key);
    if (path === undefined) throw new Error(`internal error: no handler file for ${key}`);
    return path;
  };
  const lazy = <T>(f: (name: string) => T): ((name: string) => T) => {
    const memo = new Map<string, T>();
    return (name) => {
      let value = memo.get(name);
      if (value === undefined) {
        value = f(name);
        memo.set(name, value);
      }
      return value;
    };
  };
  const valueTypesWithStored = erasure.valueTypes;
  const type = lazy((name: string): TypeNames => {
    const stored = valueTypesWithStored.has(name);
    return {
      schema: id(`type.${name}.schema`),
      get stored() {
        if (!stored) throw new Error(`internal error: type ${name} has no stored variant`);
        return id(`type.${name}.stored`);
      },
      get storedSchema() {
        if (!stored) throw new Error(`internal error: type ${name} has no stored variant`);
        return id(`type.${name}.storedSchema`);
      },
      get input() {
        if (!inputValueTypes.has(name)) throw new Error(`internal error: type ${name} has no input type of its own`);
        return id(`type.${name}.input`);
      },
    };
  });
  return {
    domain: {
      factory: id('domain.factory'),
      runtime: id('domain.runtime'),
      aggregates: id('domain.aggregates'),
      aggregatesType: id('domain.aggregatesType'),
      command: id('domain.command'),
      event: id('domain.event'),
      eventEnvelope: id('domain.eventEnvelope'),
      commandInputs: id('domain.commandInputs'),
      readModels: id('domain.readModels'),
      readModelsType: id('domain.readModelsType'),
      automations: id('domain.automations'),
      automationsType: id('domain.automationsType'),
    },
    type,
    typeSchema: (name, side) => (side === 'read' && valueTypesWithStored.has(name) ? type(name).storedSchema : type(name).schema),
    aggregate: lazy((name: string): AggregateNames => {
      const file = aggregateFiles.get(name);
      if (file === undefined) throw new Error(`internal error: no aggregate ${name}`);
      const k = `aggregate.${name}`;
      return {
        state: id(`${k}.state`),
        stateSchema: id(`${k}.stateSchema`),
        initialState: id(`${k}.initialState`),
        stateHash: id(`${k}.stateHash`),
        commandUnion: id(`${k}.commandUnion`),
        eventUnion: id(`${k}.eventUnion`),
        commandInputs: id(`${k}.commandInputs`),
        evolve: id(`${k}.evolve`),
        copyState: id(`${k}.copyState`),
        decide: id(`${k}.decide`),
        definition: id(`${k}.definition`),
        file,
      };
    }),
    command: lazy((name: string): CommandNames => {
      const k = `command.${name}`;
      return {
        schema: id(`${k}.schema`),
        input: id(`${k}.input`),
        get customDecide() {
          return id(`${k}.customDecide`);
        },
        get handlerType() {
          return id(`${k}.handlerType`);
        },
        get emitsType() {
          return id(`${k}.emitsType`);
        },
        get handlerFile() {
          return handlerFile(k);
        },
      };
    }),
    event: lazy((name: string): EventNames => {
      const k = `event.${name}`;
      return {
        schema: id(`${k}.schema`),
        get storedSchema() {
          return id(`${k}.storedSchema`);
        },
        version: (v) => ({ type: id(`${k}.v${v}.type`), schema: id(`${k}.v${v}.schema`), upcaster: id(`${k}.v${v}.upcaster`) }),
      };
    }),
    readModel: lazy((name: string): ReadModelNames => {
      const k = `readModel.${name}`;
      return {
        row: id(`${k}.row`),
        rowSchema: id(`${k}.rowSchema`),
        newRow: id(`${k}.newRow`),
        definition: id(`${k}.definition`),
        projection: (event) => ({
          handler: id(`${k}.on.${event}.handler`),
          handlerType: id(`${k}.on.${event}.handlerType`),
          handlerFile: handlerFile(`${k}.on.${event}`),
        }),
      };
    }),
    automation: lazy((name: string) => ({ definition: id(`automation.${name}.definition`) })),
    identifiers,
    files,
  };
}

/**
 * The candidates that keep their plain form (key -> plain name); all others take their escaped form.
 * A plain form is lost when `taken` says so; when several candidates share it, the one with the
 * largest weight keeps it (none on a tie).
 */
function choose(candidates: readonly Candidate[], taken: (plain: string) => boolean): ReadonlyMap<string, string> {
  const byPlain = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byPlain.get(c.plain);
    if (list === undefined) byPlain.set(c.plain, [c]);
    else list.push(c);
  }
  const kept = new Map<string, string>();
  for (const [plain, list] of byPlain) {
    if (taken(plain)) continue;
    const top = Math.max(...list.map((c) => c.weight));
    const winners = list.filter((c) => c.weight === top);
    if (winners.length === 1 && winners[0] !== undefined) kept.set(winners[0].key, plain);
  }
  return kept;
}
