import type { Span } from '../diagnostics/diagnostic.js';
import type { TypedExpr } from '../expr/ast.js';
import type { LiteralValue, TypeRef } from './type-ref.js';

/**
 * The resolved, immutable domain model (IR). compiler/check builds it from validated specs; emitters
 * read only this. Every name in it is a validated identifier, every reference resolves, every
 * expression is type-checked, and every list is sorted by name (declaration order is kept only where
 * it carries meaning: fields, requires, emits, enum members). Spans point back at the spec for
 * messages; they are never needed to generate code.
 */
export interface DomainModel {
  /** `[a-z][a-zA-Z0-9]*`; the output folder and the factory name (`createBanking`). */
  readonly name: string;
  readonly description: string | undefined;
  /** The files that declared this domain, sorted. */
  readonly sources: readonly string[];
  readonly types: readonly NamedTypeModel[];
  readonly aggregates: readonly AggregateModel[];
  /** In declaration order, like aggregates. */
  readonly readModels: readonly ReadModelModel[];
  /** In declaration order. */
  readonly automations: readonly AutomationModel[];
}

export type NamedTypeModel = EnumTypeModel | ValueTypeModel;

export interface EnumTypeModel {
  readonly kind: 'enum';
  readonly name: string;
  readonly description: string | undefined;
  /** In declaration order. */
  readonly members: readonly string[];
  readonly span: Span;
}

/** A value object: a named record type with no identity. */
export interface ValueTypeModel {
  readonly kind: 'value';
  readonly name: string;
  readonly description: string | undefined;
  readonly fields: readonly FieldModel[];
  /** True when it has a pii field, directly or through another value type. */
  readonly containsPii: boolean;
  readonly span: Span;
}

/** Validation constraints as written; the checker guarantees each fits the field's type. */
export interface Constraints {
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An ECMAScript regular expression source (validated to compile). */
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Where a pii value's data subject id comes from, resolved for the record the field lives in. */
export type SubjectRef =
  /** The aggregate id. */
  | { readonly kind: 'id' }
  /** A field of the same record (the event's or command's own data), e.g. a transfer's `recipientId`. */
  | { readonly kind: 'field'; readonly name: string }
  /** A field of the aggregate's state (as it is after the event is applied). */
  | { readonly kind: 'state'; readonly name: string }
  /**
   * Only on value-type fields (`ValueTypeModel.fields`): a value type is shared between records, so
   * its pii belongs to the subject of whichever record holds it. `piiPaths` carry the resolved subject.
   */
  | { readonly kind: 'inherited' };

export interface PiiModel {
  readonly subject: SubjectRef;
  /**
   * What readers get once the subject is forgotten: the field's `erased:` value, or `undefined`,
   * the default for every type, meaning the value is removed (the field reads as absent).
   */
  readonly erased: LiteralValue | undefined;
}

export interface FieldModel {
  /** camelCase, not reserved. */
  readonly name: string;
  readonly description: string | undefined;
  readonly type: TypeRef;
  /** `uuid?` or `optional: true`: the field may be absent (`undefined`). */
  readonly optional: boolean;
  /**
   * Whether a reader of stored data (state, events in `apply`/`upcast`, snapshots) may find the field
   * absent: it is optional, or it is pii without an explicit `erased:` value (forgetting removes it).
   * Commands are input and never erased, so command fields use `optional`.
   */
  readonly readOptional: boolean;
  /** The default, when one is declared; checked against the type and constraints. */
  readonly default: { readonly value: LiteralValue } | undefined;
  readonly constraints: Constraints;
  /** Set when the field itself is marked `pii`. Value-type fields that contain pii are found via `piiPaths`. */
  readonly pii: PiiModel | undefined;
  readonly span: Span;
}

/**
 * A path to a pii value inside a record, for the runtime's encryption layer. Segments are field
 * names; `'[]'` stands for every element of an array. `['contacts', '[]', 'email']`.
 */
export interface PiiPathModel {
  readonly path: readonly string[];
  readonly subject: SubjectRef;
  /** As in PiiModel: `undefined` means the value is removed. */
  readonly erased: LiteralValue | undefined;
  /** The type of the value at the path (what gets encrypted as one unit). */
  readonly type: TypeRef;
  readonly optional: boolean;
}

export interface AggregateModel {
  /** PascalCase. */
  readonly name: string;
  readonly description: string | undefined;
  readonly domain: string;
  /** The id field: its name (used in commands) and type (`uuid` unless declared otherwise). */
  readonly id: { readonly name: string; readonly type: TypeRef };
  /** The GDPR data subject of this aggregate; required when any of its records holds pii. */
  readonly subject: { readonly kind: 'id' } | { readonly kind: 'state'; readonly name: string } | undefined;
  readonly snapshot: { readonly every: number } | undefined;
  readonly state: readonly FieldModel[];
  readonly statePiiPaths: readonly PiiPathModel[];
  /** Sorted by name. */
  readonly commands: readonly CommandModel[];
  /** Sorted by name. */
  readonly events: readonly EventModel[];
  /**
   * sha256 (hex) of a canonical description of the state shape, including the types it uses.
   * Snapshots taken under another hash are ignored.
   */
  readonly stateSchemaHash: string;
  readonly span: Span;
}

/** A type-checked expression and where it was written. */
export interface ExpressionModel {
  readonly tree: TypedExpr;
  readonly span: Span;
}

/** Sets one field (of an event, of state, of the next event version) to an expression. */
export interface AssignmentModel {
  readonly field: string;
  readonly value: ExpressionModel;
  /** `explicit`: written in the spec. `implicit`: taken from a same-named field by the copy rule. */
  readonly origin: 'explicit' | 'implicit';
}

export interface RequirementModel {
  /** A boolean expression over `state`, the command's fields, `id` and `now`. */
  readonly check: ExpressionModel;
  /** The domain error code raised when the check is false (`PreconditionFailed` for the shorthand). */
  readonly error: string;
  readonly message: string;
  readonly span: Span;
}

export interface EmissionModel {
  /** The name of an event of the same aggregate. */
  readonly event: string;
  /** One per event field that receives a value, in the event's field order. */
  readonly assignments: readonly AssignmentModel[];
  readonly span: Span;
}

export interface CommandModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly aggregate: string;
  /** The stream must not exist yet. */
  readonly creates: boolean;
  /** `custom`: decide() is written by hand in a scaffolded file; `emits` then lists what it may return. */
  readonly handler: 'generated' | 'custom';
  /** The command's own fields; the aggregate id field is added by the generator, not listed here. */
  readonly fields: readonly FieldModel[];
  readonly piiPaths: readonly PiiPathModel[];
  readonly requires: readonly RequirementModel[];
  readonly emits: readonly EmissionModel[];
  readonly span: Span;
}

export interface EventVersionModel {
  readonly version: number;
  readonly fields: readonly FieldModel[];
  readonly piiPaths: readonly PiiPathModel[];
}

/** An older stored shape and how to lift it one version up. */
export interface PreviousEventVersionModel extends EventVersionModel {
  /** Assignments producing every field of version `version + 1` (explicit or copied by name). */
  readonly upcast: readonly AssignmentModel[];
}

export interface EventModel extends EventVersionModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly aggregate: string;
  /** State updates when the event is applied: explicit `apply` entries and same-named copies. */
  readonly apply: readonly AssignmentModel[];
  /** Versions 1 .. version-1, ascending. */
  readonly previous: readonly PreviousEventVersionModel[];
  readonly span: Span;
}

/** An event of the domain as the read side names it: by name, with the aggregate it belongs to. */
export interface EventRefModel {
  readonly name: string;
  readonly aggregate: string;
  /** The event's current schema version: handlers see its data at this version (older ones are upcast). */
  readonly version: number;
}

/** How an indexed field is stored and compared (runtime IndexedField.type). */
export type IndexColumnType = 'text' | 'integer' | 'real' | 'boolean';

export interface IndexedFieldModel {
  /** A scalar, non-pii field of the read model. */
  readonly name: string;
  readonly column: IndexColumnType;
  /** The field may be absent from a row (`readOptional` of the field). */
  readonly optional: boolean;
}

/** What one `on:` entry does to a row. */
export type ProjectionActionModel =
  /** Upsert: a missing row starts from the field defaults (arrays `[]`) and the key; then the assignments. */
  | { readonly kind: 'set'; readonly assignments: readonly AssignmentModel[] }
  /** Changes an existing row; a missing row stays missing. */
  | { readonly kind: 'update'; readonly assignments: readonly AssignmentModel[] }
  | { readonly kind: 'delete' }
  /** A hand-written function (scaffolded once) computes the row change. */
  | { readonly kind: 'custom' };

/** `readModels.<Name>.on.<Event>`. */
export interface ProjectionModel {
  readonly event: EventRefModel;
  readonly description: string | undefined;
  /**
   * The key of the row, over `event`, `id`, `time` and `position`, typed as the key field. When
   * not written it is an implicit `id` (origin `implicit`).
   */
  readonly key: AssignmentModel;
  /** A boolean over the same scope plus `row` (for `set`: only fields a new row has). */
  readonly when: ExpressionModel | undefined;
  readonly action: ProjectionActionModel;
  readonly span: Span;
}

export interface ReadModelModel {
  /** PascalCase, unique across every kind of name in the domain. */
  readonly name: string;
  readonly description: string | undefined;
  readonly domain: string;
  /** The key field: a non-optional, text-like field of `fields` that is not pii. */
  readonly key: string;
  /** The row's fields, in declaration order. */
  readonly fields: readonly FieldModel[];
  /** In declaration order. */
  readonly index: readonly IndexedFieldModel[];
  /** The row field holding the data subject of its pii; set whenever the row holds pii. */
  readonly subject: { readonly kind: 'field'; readonly name: string } | undefined;
  /** Every pii value of a row, subjects resolved to row fields (`{ kind: 'field' }`). */
  readonly piiPaths: readonly PiiPathModel[];
  /** `version:` (default 1). */
  readonly version: number;
  /** In declaration order; one per event. */
  readonly on: readonly ProjectionModel[];
  /**
   * sha256 (hex) of a canonical description of everything that decides the rows: fields (types,
   * defaults, optionality, pii), key, index, each handler's event version and typed expressions,
   * `version`. Rows built under another hash are rebuilt.
   */
  readonly shapeHash: string;
  readonly span: Span;
}

/** An error code `ignore:` lists, and the code the runtime raises for it. */
export interface IgnoredErrorModel {
  /** As written: a domain error code, `AggregateNotFound` or `AggregateAlreadyExists`. */
  readonly code: string;
  /** The `code` of the error the runtime raises: the domain code, `AGGREGATE_NOT_FOUND` or `AGGREGATE_ALREADY_EXISTS`. */
  readonly runtimeCode: string;
}

export interface AutomationModel {
  /** PascalCase, unique across every kind of name in the domain; part of every derived command id. */
  readonly name: string;
  readonly description: string | undefined;
  readonly domain: string;
  readonly on: EventRefModel;
  /** A list expression over `event`, `id` and `time`; one command per element. */
  readonly forEach: ExpressionModel | undefined;
  /** A boolean over `event`, `id`, `time` (and `item` with `forEach`, then checked per element). */
  readonly when: ExpressionModel | undefined;
  /** Whether `when` reads `item` (checked per element) or not (checked once per event). */
  readonly whenPerItem: boolean;
  /** `after:` in milliseconds (0 without it), at most 366 days. */
  readonly delayMs: number;
  /** The command executed (by name) and the aggregate that handles it. */
  readonly command: { readonly name: string; readonly aggregate: string };
  /**
   * The command's data: one assignment per field written, in the command's field order with its
   * id field first. Covers every field without a default that is not optional.
   */
  readonly mapping: readonly AssignmentModel[];
  /** In the order written, without repeats. */
  readonly ignore: readonly IgnoredErrorModel[];
  readonly span: Span;
}
