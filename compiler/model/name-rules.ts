import { EXPRESSION_ROOTS, EXPRESSION_WORDS, INHERITED_FIELD_NAMES, RUNTIME_NAMES, SHADOWED_GLOBALS } from './reserved.js';

/**
 * The naming rules of the DSL, as data. They live here, below both the syntax phase (the editor
 * JSON Schema, syntax/json-schema.ts) and the checker (check/names.ts), so that neither reaches into
 * the other and both read the same rules.
 */

export const PASCAL_CASE = /^[A-Z][a-zA-Z0-9]*$/;
export const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const ENUM_MEMBER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A naming rule as data: what a name must match and which matching names are still refused. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly refused: ReadonlySet<string>;
}

const union = (...sets: ReadonlySet<string>[]): ReadonlySet<string> => new Set(sets.flatMap((s) => [...s]));

/**
 * Every naming rule the checker applies, as data. The checker's naming checks (check/names.ts) use these rules, and the editor
 * JSON Schema (syntax/json-schema.ts) turns the same rules into `pattern`s, so the two cannot drift.
 */
export const NAME_RULES = {
  /** `domain:` (ORX3001). */
  domain: { pattern: CAMEL_CASE, refused: new Set<string>() },
  /** Aggregates, commands, events, types, read models, automations (ORX3002, ORX3005). */
  declaration: { pattern: PASCAL_CASE, refused: union(SHADOWED_GLOBALS, RUNTIME_NAMES) },
  /** Fields of every record and id fields (ORX3003, ORX3004). */
  field: { pattern: CAMEL_CASE, refused: INHERITED_FIELD_NAMES },
  /** Command fields also may not take a root of the expression language (ORX3010). */
  commandField: { pattern: CAMEL_CASE, refused: union(INHERITED_FIELD_NAMES, EXPRESSION_ROOTS) },
  /** Enum members (ORX3007, ORX3004). */
  enumMember: { pattern: ENUM_MEMBER, refused: EXPRESSION_WORDS },
  /** Domain error codes of `requires` and of a custom command's `ignore` (ORX3008, ORX3005). */
  errorCode: { pattern: PASCAL_CASE, refused: SHADOWED_GLOBALS },
} as const satisfies Record<string, NameRule>;
