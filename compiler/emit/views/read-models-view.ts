import { emitTypeScript, type EmitNames } from '../../expr/index.js';
import type { AggregateModel, DomainModel, ExpressionModel, FieldModel, ProjectionModel, ReadModelModel } from '../../model/model.js';
import { Code, doc, ident, join, json, key, literal, str } from '../code.js';
import { erasureOf } from '../erasure.js';
import { importPath } from '../naming.js';
import { DOMAIN_FILES, domainNames, type DomainNames } from '../domain-names.js';
import type { ViewValue } from '../templates.js';
import type { SchemaSide } from '../zod-schema.js';
import { inputValueTypesOf, objectSchemaOf, typeField, type TypeFieldView, type TypeSide } from '../ts-type.js';
import { expression, fieldView, mayBeAbsent, namedImports, piiLiteral, type FieldView } from './aggregate-view.js';

/**
 * The view of `read-models.hbs`: one file with every read model of a domain: its row schema and
 * type, and the ReadModelDefinition the runtime projects (a key and a pure `apply` per event).
 * Every leaf is a Code (see code.ts); the shape is documented in docs/templates.md.
 */
export interface ReadModelsView {
  readonly [key: string]: ViewValue;
  readonly banner: Code;
  /** What the file imports from orchestrix/runtime, e.g. `type DomainEnvelopeOf, type ReadModelDefinition, z`. */
  readonly runtimeImports: Code;
  /** The domain's event union (`BankingEvent`), imported from ./domain.js. */
  readonly eventUnion: Code;
  /** Schemas of named types the rows use, imported from ./types.js. */
  readonly typeImports: readonly Code[];
  readonly hasTypeImports: boolean;
  /** Event types that hand-written projections receive, by aggregate module: `{ names: 'OrderPlaced', path: './order.js' }`. */
  readonly eventImports: readonly { readonly names: Code; readonly path: Code }[];
  /** The hand-written projections: `{ name: customerSpendingOnOrderPlaced, path: '../../handlers/...' }`. */
  readonly handlerImports: readonly { readonly name: Code; readonly path: Code }[];
  readonly readModels: readonly ReadModelView[];
}

export interface ReadModelView {
  readonly [key: string]: ViewValue;
  readonly name: Code;
  readonly nameLiteral: Code;
  readonly doc: Code;
  readonly domain: Code;
  readonly schema: Code;
  readonly row: Code;
  /** The row as readers see it (personal data of a forgotten subject absent or at its erased value). */
  readonly fields: readonly FieldView[];
  /** The written-out row interface's properties, and the call that builds the schema tied to it (`objectOf<AccountSummaryRow>`). */
  readonly typeFields: readonly TypeFieldView[];
  readonly of: Code;
  /**
   * What a `set` starts a missing row from may lack the required fields without a default (every
   * `set` assigns them): `NewAccountSummaryRow`, declared when some `set` needs it.
   */
  readonly newRow: false | { readonly name: Code; readonly absent: Code };
  readonly definition: Code;
  /** The indexed field names as a union of literals, or `never`. */
  readonly indexUnion: Code;
  readonly key: Code;
  readonly index: Code;
  readonly shapeHash: Code;
  readonly pii: Code;
  readonly handlers: readonly HandlerView[];
  /** Signature types of the hand-written projections. */
  readonly customTypes: readonly { readonly name: Code; readonly event: Code; readonly eventType: Code }[];
}

/** One `on:` entry. Exactly one of set/update/remove/custom is true. */
export interface HandlerView {
  readonly [key: string]: ViewValue;
  readonly event: Code;
  readonly key: Code;
  /** The `when` condition, or false. */
  readonly when: Code | false;
  readonly set: boolean;
  readonly update: boolean;
  readonly remove: boolean;
  readonly custom: boolean;
  /** `set`: the type of the row it starts from and the missing row it starts from (defaults, `[]`, the key). */
  readonly startType: Code;
  readonly start: Code;
  /** `set`/`update`: the changed fields. `omitsUndefined`: some value may be absent (it removes the field). */
  readonly assignments: readonly { readonly field: Code; readonly value: Code }[];
  readonly omitsUndefined: boolean;
  /** `handler: custom`: the hand-written function and its signature type. */
  readonly projection: Code;
  readonly projectionType: Code;
}

/** Expression roots in a projection: `row` is the row being changed, `current` the row a `set` starts from. */
const namesFor = (row: string): EmitNames => ({
  state: 'state',
  command: 'command',
  event: 'event.data',
  id: 'event.aggregateId',
  now: 'now',
  row,
  time: 'event.time',
  position: 'event.position',
});
const KEY_NAMES = namesFor('row');
const emit = (model: ExpressionModel, emitNames: EmitNames): Code => Code.trusted(emitTypeScript(model.tree, emitNames));

/** Builds the view of a domain's read-models file. `file` and `handlerFile` are paths relative to a common root. */
export function readModelsView(
  domain: DomainModel,
  banner: Code,
  paths: { readonly file: string; readonly handlerFile: (readModel: string, event: string) => string },
): ReadModelsView {
  const used = new Set<string>();
  const erasure = erasureOf(domain);
  const names = domainNames(domain);
  const usedTypes = new Set<string>();
  const side: SchemaSide & TypeSide = {
    side: 'read',
    names,
    storedValueTypes: erasure.valueTypes,
    inputValueTypes: inputValueTypesOf(domain),
    use: (schema) => used.add(schema),
    useType: (type) => usedTypes.add(type),
  };
  const aggregates = new Map(domain.aggregates.map((a) => [a.name, a]));
  const readModels = domain.readModels.map((r) => readModelView(domain, r, side));

  const customs = domain.readModels.flatMap((r) => r.on.filter((p) => p.action.kind === 'custom').map((p) => ({ readModel: r, projection: p })));
  const eventsByAggregate = new Map<string, Set<string>>();
  for (const { projection } of customs) {
    const events = eventsByAggregate.get(projection.event.aggregate) ?? new Set<string>();
    events.add(projection.event.name);
    eventsByAggregate.set(projection.event.aggregate, events);
  }
  const eventImports = [...eventsByAggregate].map(([aggregate, events]) => ({
    names: join([...events].sort().map((e) => ident(e)), ', '),
    path: str(importPath(DOMAIN_FILES.readModels, names.aggregate(aggregateOf(aggregates, aggregate).name).file)),
  }));

  const typeImports = namedImports(used, usedTypes);
  const runtime = ['z', 'objectOf', 'type DomainEnvelopeOf', 'type ReadModelDefinition'];
  if (customs.length > 0) runtime.push('type DomainEnvelope', 'type RowChange');
  const omits = domain.readModels.some((r) => r.on.some((p) => assignmentsOf(p).length > 0 && mayBeAbsent(assignmentsOf(p))));
  if (omits) runtime.push('omitUndefined');
  return {
    banner,
    runtimeImports: Code.trusted(runtime.sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', ''))).join(', ')),
    eventUnion: ident(names.domain.event),
    typeImports,
    hasTypeImports: typeImports.length > 0,
    eventImports,
    handlerImports: customs.map(({ readModel, projection }) => ({
      name: ident(names.readModel(readModel.name).projection(projection.event.name).handler),
      path: str(importPath(paths.file, paths.handlerFile(readModel.name, projection.event.name))),
    })),
    readModels,
  };
}

const aggregateOf = (aggregates: ReadonlyMap<string, AggregateModel>, name: string): AggregateModel => {
  const aggregate = aggregates.get(name);
  if (aggregate === undefined) throw new Error(`internal error: no aggregate '${name}' in the model`);
  return aggregate;
};

const assignmentsOf = (p: ProjectionModel) => (p.action.kind === 'set' || p.action.kind === 'update' ? p.action.assignments : []);

/** Fields a row that `set` creates does not have yet: required, without a default, not a list, not the key. */
const absentFromNewRow = (r: ReadModelModel): readonly FieldModel[] =>
  r.fields.filter((f) => !f.readOptional && f.default === undefined && f.type.kind !== 'array' && f.name !== r.key);

function readModelView(domain: DomainModel, r: ReadModelModel, side: SchemaSide & TypeSide): ReadModelView {
  const names = side.names.readModel(r.name);
  const row = ident(names.row);
  const absent = absentFromNewRow(r);
  const needsNewRow = absent.length > 0 && r.on.some((p) => p.action.kind === 'set');
  const newRow = needsNewRow ? { name: ident(names.newRow), absent: join(absent.map((f) => str(f.name)), ' | ') } : (false as const);
  return {
    name: ident(r.name),
    nameLiteral: str(r.name),
    doc: doc(r.description),
    domain: str(domain.name),
    schema: ident(names.rowSchema),
    row,
    fields: r.fields.map((f) => fieldView(f, side)),
    typeFields: r.fields.map((f) => typeField(f, side, 'output')),
    of: objectSchemaOf('object', row),
    newRow,
    definition: ident(names.definition),
    indexUnion: r.index.length === 0 ? Code.trusted('never') : join(r.index.map((i) => str(i.name)), ' | '),
    key: str(r.key),
    index: literal(r.index.map((i) => ({ name: i.name, type: i.column, optional: i.optional }))),
    shapeHash: str(r.shapeHash),
    pii: piiLiteral(r.piiPaths),
    handlers: r.on.map((p) => handlerView(r, p, newRow === false ? row : newRow.name, names)),
    customTypes: r.on
      .filter((p) => p.action.kind === 'custom')
      .map((p) => ({
        name: ident(names.projection(p.event.name).handlerType),
        event: str(p.event.name),
        eventType: ident(p.event.name),
      })),
  };
}

function handlerView(r: ReadModelModel, p: ProjectionModel, startType: Code, names: ReturnType<DomainNames['readModel']>): HandlerView {
  const kind = p.action.kind;
  const rowNames = namesFor(kind === 'set' ? 'current' : 'row');
  const assignments = assignmentsOf(p);
  return {
    event: ident(p.event.name),
    key: emit(p.key.value, KEY_NAMES),
    when: p.when === undefined ? false : emit(p.when, rowNames),
    set: kind === 'set',
    update: kind === 'update',
    remove: kind === 'delete',
    custom: kind === 'custom',
    startType,
    start: kind === 'set' ? startRow(r, p) : Code.trusted('undefined'),
    assignments: assignments.map((a) => expression(a, rowNames)),
    omitsUndefined: mayBeAbsent(assignments),
    projection: kind === 'custom' ? ident(names.projection(p.event.name).handler) : Code.trusted(''),
    projectionType: kind === 'custom' ? ident(names.projection(p.event.name).handlerType) : Code.trusted(''),
  };
}

/** The row a `set` creates when there is none: the key, the defaults and `[]` for lists, in field order. */
function startRow(r: ReadModelModel, p: ProjectionModel): Code {
  const entries: string[] = [];
  for (const f of r.fields) {
    if (f.name === r.key) entries.push(`${key(f.name).text}: ${emit(p.key.value, KEY_NAMES).text}`);
    else if (f.default !== undefined) entries.push(`${key(f.name).text}: ${json(f.default.value).text}`);
    else if (f.type.kind === 'array' && !f.optional) entries.push(`${key(f.name).text}: []`);
  }
  return Code.trusted(`{ ${entries.join(', ')} }`);
}
