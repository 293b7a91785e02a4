import { startLine } from '../../check/location.js';
import type { Span } from '../../diagnostics/diagnostic.js';
import { emitTypeScript, emitViolation, memberAccess, type EmitNames } from '../../expr/index.js';
import type {
  AggregateModel,
  AssignmentModel,
  CommandModel,
  DomainModel,
  EventModel,
  FieldModel,
  PiiPathModel,
  SubjectRef,
} from '../../model/model.js';
import { Code, UnsafeOutputError, doc, ident, key, lineComment, literal, str, ts } from '../code.js';
import { importPath } from '../naming.js';
import { domainNames, type DomainNames } from '../domain-names.js';
import { erasureOf, type Erasure } from '../erasure.js';
import { zodField, zodType, type SchemaSide } from '../zod-schema.js';
import { inputDiffers, inputValueTypesOf, objectSchemaOf, typeField, type TypeFieldView, type TypeSide } from '../ts-type.js';
import type { ViewValue } from '../templates.js';

/**
 * The view of `aggregate.hbs`: one file per aggregate with its state, commands, events (every
 * version), upcasters, `evolve`, `decide` and the AggregateDefinition the runtime executes. Every
 * leaf is a Code (see code.ts); the shape is documented in docs/templates.md.
 */
export interface AggregateView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  /** What this file imports from orchestrix/runtime, e.g. `DomainError, z, type Command`. */
  readonly runtimeImports: Code;
  /** The schemas of named types (enums, value objects) this file uses, imported from ./types.js. */
  readonly typeImports: readonly Code[];
  readonly hasTypeImports: boolean;
  /** Custom handlers this file imports: `{ name: decideClose, path: '../../handlers/banking/account/close.js' }`. */
  readonly handlerImports: readonly { readonly name: Code; readonly path: Code }[];
  readonly name: Code;
  readonly nameLiteral: Code;
  readonly doc: Code;
  readonly domain: Code;
  readonly category: Code;
  readonly idField: Code;
  readonly state: StateView;
  readonly commands: readonly CommandView[];
  readonly events: readonly EventView[];
  readonly commandUnion: Code;
  readonly eventUnion: Code;
  /** The interface mapping each command name to its input type (what callers pass). */
  readonly commandInputs: Code;
  /** The unions' members (`Command<'Deposit', Deposit> | ...`), or `never` when there are none. */
  readonly commandMembers: Code;
  readonly eventMembers: Code;
  readonly hasCommands: boolean;
  readonly hasEvents: boolean;
  readonly evolve: Code;
  readonly decide: Code;
  readonly definition: Code;
  readonly snapshot: Code;
  readonly subject: Code;
  readonly statePii: Code;
}

export interface FieldView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  readonly doc: Code;
  /** The zod expression, e.g. `z.int().min(1)` or `AddressSchema.optional()`. */
  readonly zod: Code;
}

export interface StateView {
  readonly [key: string]: ViewValue;
  readonly schema: Code;
  readonly type: Code;
  readonly fields: readonly FieldView[];
  /** The written-out state interface's properties. */
  readonly typeFields: readonly TypeFieldView[];
  /** The call that builds the schema, tied to the type: `objectOf<AccountState>`. */
  readonly of: Code;
  readonly initialName: Code;
  readonly initial: Code;
  readonly hashName: Code;
  readonly hash: Code;
  /**
   * `copyAccountState`, the copy of a state that `evolve` changes, written out field by field because
   * V8 builds a literal of one shape an order of magnitude faster than `{ ...state }`: the required
   * fields (`field`, `value`: `state.x`) as a literal in declaration order, then each optional field
   * (`target`: `next.x`) only when present, so an absent field stays missing, not `undefined`.
   * `copy` is false when no event changes the state (nothing to copy).
   */
  readonly copy: Code | false;
  readonly copyRequired: readonly { readonly field: Code; readonly value: Code }[];
  readonly copyOptional: readonly { readonly target: Code; readonly value: Code }[];
}

export interface CommandView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  /** The command name as a string literal. */
  readonly literal: Code;
  readonly doc: Code;
  readonly schema: Code;
  /** `<Command>Input`: the schema's input type (fields with defaults optional). */
  readonly input: Code;
  readonly fields: readonly FieldView[];
  /** The written-out command interface's properties; `inputFields` those of its input when it differs (a field with a default), else false. */
  readonly typeFields: readonly TypeFieldView[];
  readonly inputFields: false | readonly TypeFieldView[];
  /** The call that builds the schema, tied to the types: `commandSchemaOf<Deposit, DepositInput>`. */
  readonly of: Code;
  readonly creates: boolean;
  readonly custom: boolean;
  /**
   * `if (!(check)) throw new DomainError(error, message, command)` parts, in order; `source` is a
   * `//` comment naming the spec file and line the requirement is written on.
   */
  readonly requires: readonly {
    readonly check: Code;
    /** The negated check, folded where exact (`state.status !== "open"`): the guard's condition. */
    readonly violated: Code;
    readonly error: Code;
    readonly message: Code;
    readonly source: Code;
  }[];
  /**
   * Generated handlers: the events returned, in order. `omitsUndefined`: some value may be absent,
   * so the data object is built with `omitUndefined` (absent fields are missing, not `undefined`).
   */
  readonly emits: readonly {
    readonly type: Code;
    readonly data: readonly { readonly field: Code; readonly value: Code }[];
    readonly omitsUndefined: boolean;
  }[];
  /** Custom handlers: the function to call, its signature type and the union of events it may return. */
  readonly customDecide: Code;
  readonly handlerType: Code;
  readonly emitsType: Code;
  readonly emitsUnion: Code;
  readonly pii: Code;
}

export interface EventVersionView {
  readonly [key: string]: ViewValue;
  readonly version: number;
  /** The current version's schema validates emitted events (write side); older versions are only read. */
  readonly schema: Code;
  readonly fields: readonly FieldView[];
  /** The read-side variant when erased pii can make stored data differ from what was written. */
  readonly stored: false | { readonly schema: Code; readonly fields: readonly FieldView[]; readonly of: Code };
  /** The type: what readers (evolve, projections) meet, written out; `readSchema` parses to it. */
  readonly type: Code;
  readonly typeFields: readonly TypeFieldView[];
  readonly readSchema: Code;
  /** The call that builds the schema, tied to the type: `objectOf<MoneyDeposited>`. */
  readonly of: Code;
}

export interface UpcasterView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  readonly from: number;
  /** `from + 1`. */
  readonly to: number;
  /** Some value may be absent: the result is built with `omitUndefined`. */
  readonly omitsUndefined: boolean;
  /** The schema of the version being lifted (`event` is its parsed data). */
  readonly schema: Code;
  readonly data: readonly { readonly field: Code; readonly value: Code }[];
}

export interface EventView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  readonly literal: Code;
  readonly doc: Code;
  readonly version: number;
  /** Older versions (ascending), then the current one. */
  readonly versions: readonly EventVersionView[];
  readonly current: EventVersionView;
  readonly upcasters: readonly UpcasterView[];
  /** State updates in `evolve`: the fields the event changes and their new values. */
  readonly apply: readonly { readonly field: Code; readonly value: Code }[];
  /** Some update may be absent (it clears the field). */
  readonly applyOmitsUndefined: boolean;
  /**
   * What `evolve` changes on the copy of the state, in the state's declaration order: `target`
   * (`next.x`) set to `value`; `always`: the value is never absent (set it), `clears`: the update is
   * `null` (delete the field), otherwise set it when present and delete it when absent. Empty when the
   * event changes nothing (`evolve` returns the state itself).
   */
  readonly changes: readonly { readonly target: Code; readonly value: Code; readonly always: boolean; readonly clears: boolean }[];
  readonly pii: Code;
}

const DECIDE_NAMES: EmitNames = { state: 'state', command: 'command.data', event: 'event.data', id: 'context.id', now: 'context.now' };
const EVOLVE_NAMES: EmitNames = { state: 'state', command: 'command.data', event: 'event.data', id: 'context.id', now: 'context.now' };
const UPCAST_NAMES: EmitNames = { state: 'state', command: 'command.data', event: 'event', id: 'context.id', now: 'context.now' };

export const expression = (assignment: AssignmentModel, emitNames: EmitNames) => ({
  field: key(assignment.field),
  value: Code.trusted(emitTypeScript(assignment.value.tree, emitNames)),
});

/** Whether some assigned value may be absent (an optional read or `null`). */
export const mayBeAbsent = (assignments: readonly AssignmentModel[]): boolean =>
  assignments.some((a) => a.value.tree.type.kind === 'optional' || a.value.tree.type.kind === 'null');

/** `// domains/banking.yaml:52`: where a generated guard comes from. */
const sourceLine = (span: Span): Code => lineComment(`${span.file}:${startLine(span)}`);

/** Builds the view of one aggregate's file. `file` and `handlerFile` are paths relative to a common root. */
export function aggregateView(
  domain: DomainModel,
  aggregate: AggregateModel,
  banner: Code,
  paths: { readonly file: string; readonly handlerFile: (command: string) => string },
): AggregateView {
  const used = new Set<string>();
  const erasure = erasureOf(domain);
  const names = domainNames(domain);
  const own = names.aggregate(aggregate.name);
  const usedTypes = new Set<string>();
  const common = {
    names,
    storedValueTypes: erasure.valueTypes,
    inputValueTypes: inputValueTypesOf(domain),
    use: (schema: string) => used.add(schema),
    useType: (type: string) => usedTypes.add(type),
  };
  const sides: Sides = { names, write: { side: 'write', ...common }, read: { side: 'read', ...common } };
  const state = stateView(aggregate, sides);
  const commands = aggregate.commands.map((command) => commandView(aggregate, command, sides));
  const events = aggregate.events.map((event) => eventView(aggregate, event, sides, erasure));
  const typeImports = namedImports(used, usedTypes);
  const runtime = ['z', 'objectOf', 'type AggregateDefinition', 'type Command', 'type DecideContext', 'type DomainEvent'];
  if (aggregate.commands.length > 0) runtime.push('commandSchemaOf');
  if (aggregate.commands.some((c) => c.requires.length > 0)) runtime.push('DomainError');
  if (aggregate.events.some((e) => e.previous.length > 0)) runtime.push('upcaster');
  const omits =
    aggregate.events.some((e) => e.previous.some((p) => mayBeAbsent(p.upcast))) ||
    aggregate.commands.some((c) => c.handler === 'generated' && c.emits.some((e) => mayBeAbsent(e.assignments)));
  if (omits) runtime.push('omitUndefined');
  return {
    banner,
    runtimeImports: Code.trusted(runtime.sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', ''))).join(', ')),
    typeImports,
    hasTypeImports: typeImports.length > 0,
    handlerImports: aggregate.commands
      .filter((c) => c.handler === 'custom')
      .map((c) => ({ name: ident(names.command(c.name).customDecide), path: str(importPath(paths.file, paths.handlerFile(c.name))) })),
    name: ident(aggregate.name),
    nameLiteral: str(aggregate.name),
    doc: doc(aggregate.description),
    domain: str(domain.name),
    category: str(`${domain.name}/${aggregate.name}`),
    idField: str(aggregate.id.name),
    state,
    commands,
    events,
    commandUnion: ident(own.commandUnion),
    eventUnion: ident(own.eventUnion),
    commandInputs: ident(own.commandInputs),
    commandMembers: unionOf(commands.map((c) => ts`Command<${c.literal}, ${c.name}>`)),
    eventMembers: unionOf(events.map((e) => ts`DomainEvent<${e.literal}, ${e.name}>`)),
    hasCommands: commands.length > 0,
    hasEvents: events.length > 0,
    evolve: ident(own.evolve),
    decide: ident(own.decide),
    definition: ident(own.definition),
    snapshot: aggregate.snapshot === undefined ? Code.trusted('undefined') : ts`{ every: ${aggregate.snapshot.every} }`,
    subject: literal(aggregate.subject),
    statePii: piiLiteral(aggregate.statePiiPaths),
  };
}

/** `AddressSchema, type Address, ...` sorted by name: the schemas and the types a file uses from ./types.js. */
export const namedImports = (schemas: ReadonlySet<string>, types: ReadonlySet<string>): readonly Code[] =>
  [...[...schemas].map((name) => ({ name, code: ident(name) })), ...[...types].map((name) => ({ name, code: ts`type ${ident(name)}` }))]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((i) => i.code);

const unionOf = (members: readonly Code[]): Code =>
  members.length === 0 ? Code.trusted('never') : Code.trusted(members.map((m) => `\n  | ${m.text}`).join(''));

interface Sides {
  readonly names: DomainNames;
  readonly write: SchemaSide & TypeSide;
  readonly read: SchemaSide & TypeSide;
}

export function fieldView(field: FieldModel, side: SchemaSide): FieldView {
  return { name: key(field.name), doc: doc(field.description), zod: zodField(field, side) };
}

function stateView(aggregate: AggregateModel, sides: Sides): StateView {
  const names = sides.names.aggregate(aggregate.name);
  const initial: Record<string, unknown> = {};
  for (const field of aggregate.state) {
    if (field.default !== undefined) initial[field.name] = field.default.value;
    else if (field.type.kind === 'array' && !field.optional) initial[field.name] = [];
  }
  return {
    schema: ident(names.stateSchema),
    type: ident(names.state),
    // State is read back from storage (snapshots, erased pii): the read side.
    fields: aggregate.state.map((f) => fieldView(f, sides.read)),
    typeFields: aggregate.state.map((f) => typeField(f, sides.read, 'output')),
    of: objectSchemaOf('object', ident(names.state)),
    initialName: ident(names.initialState),
    initial: literal(initial),
    hashName: ident(names.stateHash),
    hash: str(aggregate.stateSchemaHash),
    copy: aggregate.events.some((e) => e.apply.length > 0) ? ident(names.copyState) : false,
    copyRequired: aggregate.state.filter((f) => !f.readOptional).map((f) => ({ field: key(f.name), value: Code.trusted(memberAccess('state', f.name)) })),
    copyOptional: aggregate.state
      .filter((f) => f.readOptional)
      .map((f) => ({ target: Code.trusted(memberAccess('next', f.name)), value: Code.trusted(memberAccess('state', f.name)) })),
  };
}

function commandView(aggregate: AggregateModel, command: CommandModel, sides: Sides): CommandView {
  const names = sides.names.command(command.name);
  const custom = command.handler === 'custom';
  const idField: FieldView = { name: key(aggregate.id.name), doc: Code.trusted(''), zod: zodType(aggregate.id.type, {}, sides.write) };
  const idType: TypeFieldView = { name: idField.name, doc: idField.doc, optional: false, type: Code.trusted('string') };
  const emitted = command.emits.map((e) => e.event);
  const differs = inputDiffers(command.fields, sides.write.inputValueTypes);
  return {
    name: ident(command.name),
    literal: str(command.name),
    doc: doc(command.description),
    schema: ident(names.schema),
    input: ident(names.input),
    fields: [idField, ...command.fields.map((f) => fieldView(f, sides.write))],
    typeFields: [idType, ...command.fields.map((f) => typeField(f, sides.write, 'output'))],
    inputFields: differs ? [idType, ...command.fields.map((f) => typeField(f, sides.write, 'input', false))] : false,
    of: objectSchemaOf('command', ident(command.name), ident(names.input)),
    creates: command.creates,
    custom: command.handler === 'custom',
    requires: command.requires.map((r) => ({
      check: Code.trusted(emitTypeScript(r.check.tree, DECIDE_NAMES)),
      violated: Code.trusted(emitViolation(r.check.tree, DECIDE_NAMES)),
      error: str(r.error),
      message: str(r.message),
      source: sourceLine(r.span),
    })),
    emits:
      command.handler === 'custom'
        ? []
        : command.emits.map((emission) => ({
            type: str(emission.event),
            data: emission.assignments.map((a) => expression(a, DECIDE_NAMES)),
            omitsUndefined: mayBeAbsent(emission.assignments),
          })),
    customDecide: custom ? ident(names.customDecide) : Code.trusted(''),
    handlerType: custom ? ident(names.handlerType) : Code.trusted(''),
    emitsType: custom ? ident(names.emitsType) : Code.trusted(''),
    emitsUnion: Code.trusted(emitted.length === 0 ? 'never' : emitted.map((e) => str(e).text).join(' | ')),
    pii: piiLiteral(command.piiPaths),
  };
}

function eventView(aggregate: AggregateModel, event: EventModel, sides: Sides, erasure: Erasure): EventView {
  const names = sides.names.event(event.name);
  // Older versions are only ever read back: their schemas describe the read side.
  const previous: EventVersionView[] = event.previous.map((p) => {
    const schema = ident(names.version(p.version).schema);
    const type = ident(names.version(p.version).type);
    return {
      version: p.version,
      schema,
      fields: p.fields.map((f) => fieldView(f, sides.read)),
      stored: false,
      type,
      typeFields: p.fields.map((f) => typeField(f, sides.read, 'output')),
      readSchema: schema,
      of: objectSchemaOf('object', type),
    };
  });
  const schema = ident(names.schema);
  const type = ident(event.name);
  // The written schema of an event whose stored form may lack erased pii parses to a subtype of the
  // type readers meet: it is tied to that type too.
  const stored = erasure.differsOnRead(event.fields)
    ? { schema: ident(names.storedSchema), fields: event.fields.map((f) => fieldView(f, sides.read)), of: objectSchemaOf('object', type) }
    : (false as const);
  const current: EventVersionView = {
    version: event.version,
    schema,
    fields: event.fields.map((f) => fieldView(f, sides.write)),
    stored,
    type,
    typeFields: event.fields.map((f) => typeField(f, sides.read, 'output')),
    readSchema: stored === false ? schema : stored.schema,
    of: objectSchemaOf('object', type),
  };
  const apply = event.apply.map((a) => expression(a, EVOLVE_NAMES));
  const pii: Record<number, readonly PiiPathModel[]> = {};
  for (const p of event.previous) pii[p.version] = p.piiPaths;
  pii[event.version] = event.piiPaths;
  return {
    name: ident(event.name),
    literal: str(event.name),
    doc: doc(event.description),
    version: event.version,
    versions: [...previous, current],
    current,
    upcasters: event.previous.map((p) => ({
      name: ident(names.version(p.version).upcaster),
      from: p.version,
      to: p.version + 1,
      omitsUndefined: mayBeAbsent(p.upcast),
      schema: ident(names.version(p.version).schema),
      data: p.upcast.map((a) => expression(a, UPCAST_NAMES)),
    })),
    apply,
    applyOmitsUndefined: mayBeAbsent(event.apply),
    changes: changesOf(aggregate, event, apply),
    // Every version, also those without pii: the runtime refuses a version it knows nothing of.
    pii: Code.trusted(
      `{ ${Object.entries(pii)
        .map(([version, paths]) => `${Number(version)}: ${piiLiteral(paths).text}`)
        .join(', ')} }`,
    ),
  };
}

/** What `evolve` sets on the copy of the state for `event`: see EventView.changes. */
function changesOf(aggregate: AggregateModel, event: EventModel, apply: readonly { readonly field: Code; readonly value: Code }[]): EventView['changes'] {
  const updates = new Map(event.apply.map((a, i) => [a.field, { model: a, value: apply[i]?.value }]));
  return aggregate.state.flatMap((field) => {
    const update = updates.get(field.name);
    if (update?.value === undefined) return [];
    const clears = update.model.value.tree.type.kind === 'null';
    const always = !clears && (!field.readOptional || !mayBeAbsent([update.model]));
    return [{ target: Code.trusted(memberAccess('next', field.name)), value: update.value, always, clears }];
  });
}

/** The runtime's PiiPath[] for a record: path, resolved subject and the erased value when there is one. */
export function piiLiteral(paths: readonly PiiPathModel[]): Code {
  return literal(
    paths.map((p) =>
      p.erased === undefined
        ? { path: p.path, subject: subjectSource(p.subject) }
        : { path: p.path, subject: subjectSource(p.subject), erased: p.erased },
    ),
  );
}

function subjectSource(subject: SubjectRef): unknown {
  if (subject.kind === 'inherited') throw new UnsafeOutputError('pii paths carry resolved subjects, never inherited ones');
  return subject;
}
