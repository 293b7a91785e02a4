import type { z } from 'zod';
import { zod } from './zod-module.js';
import type { DocPath } from '../load/source.js';
import { dslSchemas } from './schema.js';
import { type Schema, unwrap } from './zod-walk.js';

/**
 * Words for diagnostics: what a schema expects ("a positive integer", "a type or a field mapping")
 * and where a path is ("field 'amount' of command 'Deposit'"), in the DSL's vocabulary, not Zod's.
 */

/**
 * Nouns for the DSL's unions and patterned strings. Keyed by the schema definition, which
 * `.meta()` and `.optional()` copies share with the original.
 */
let nouns: ReadonlyMap<unknown, string> | undefined;
const NOUNS = (): ReadonlyMap<unknown, string> => {
  if (nouns !== undefined) return nouns;
  const { typeExpressionSchema, fieldSchema, expressionSchema, requirementSchema, emissionSchema, aggregateIdSchema, namedTypeSchema } = dslSchemas();
  nouns = new Map<unknown, string>([
    [typeExpressionSchema._zod.def, "a type such as 'uuid?', 'string[]' or 'Address'"],
    [fieldSchema._zod.def, "a type (such as 'uuid?') or a field mapping (such as { type: string, pii: true })"],
    [expressionSchema._zod.def, 'an expression (text, a number, true/false, null, a list or a value object)'],
    [requirementSchema._zod.def, "an expression or a mapping with 'check' (and optionally 'error' and 'message')"],
    [emissionSchema._zod.def, 'an event name or a mapping of one event name to its field values'],
    [aggregateIdSchema._zod.def, "a field name or a mapping with 'name' and 'type'"],
    [namedTypeSchema._zod.def, "a mapping with 'enum' (an enumeration) or 'fields' (a value object)"],
  ]);
  return nouns;
};

const article = (word: string): string => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** What `schema` expects, as a noun phrase. */
export function expectedNoun(schema: Schema | undefined): string {
  if (schema === undefined) return 'a different value';
  const known = NOUNS().get(schema._zod.def);
  if (known !== undefined) return known;
  if (schema instanceof zod().ZodOptional) return expectedNoun(schema.unwrap() as Schema);
  if (schema instanceof zod().ZodNullable) return `${expectedNoun(schema.unwrap() as Schema)} or empty`;
  if (schema instanceof zod().ZodString) return 'text';
  if (schema instanceof zod().ZodNumber) return numberNoun(schema);
  if (schema instanceof zod().ZodBoolean) return 'true or false';
  if (schema instanceof zod().ZodNull) return 'empty';
  if (schema instanceof zod().ZodEnum) return `one of ${quoteList(schema.options.map(String))}`;
  if (schema instanceof zod().ZodObject || schema instanceof zod().ZodRecord) return 'a mapping';
  if (schema instanceof zod().ZodArray) return 'a list';
  if (schema instanceof zod().ZodTuple) return schema._zod.def.items.length === 0 ? 'an empty list' : 'a list';
  if (schema instanceof zod().ZodUnion) {
    const nouns = [...new Set((schema.options as readonly Schema[]).map((o) => expectedNoun(o)))];
    return nouns.length <= 2 ? nouns.join(' or ') : `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1) ?? ''}`;
  }
  return 'a value';
}

/** "a positive integer", "an integer of at least 0", "a positive integer up to 1000000", "an integer from 0 to 10", "a number". */
function numberNoun(schema: z.ZodNumber): string {
  let integer = false;
  let lower: { value: number; inclusive: boolean } | undefined;
  let upper: { value: number; inclusive: boolean } | undefined;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; format?: string; value?: unknown; inclusive?: boolean };
    if (def.check === 'number_format' && (def.format === 'safeint' || def.format === 'int32')) integer = true;
    if (def.check === 'greater_than' && typeof def.value === 'number') lower = { value: def.value, inclusive: def.inclusive === true };
    if (def.check === 'less_than' && typeof def.value === 'number') upper = { value: def.value, inclusive: def.inclusive === true };
  }
  const noun = integer ? 'integer' : 'number';
  if (lower?.inclusive === true && upper?.inclusive === true) return `${article(noun)} from ${lower.value} to ${upper.value}`;
  let phrase = article(noun);
  if (lower?.value === 0) phrase = lower.inclusive ? `${article(noun)} of 0 or more` : `a positive ${noun}`;
  else if (lower !== undefined) phrase = `${article(noun)} ${lower.inclusive ? 'of at least' : 'greater than'} ${lower.value}`;
  if (upper === undefined) return phrase;
  return `${phrase} ${upper.inclusive ? 'up to' : 'below'} ${upper.value}`;
}

export const quoteList = (items: readonly string[]): string => {
  const quoted = items.map((i) => `'${i}'`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
};

/** The description given to a schema with `.meta()`, if any (through optional wrappers). */
export function descriptionOf(schema: Schema | undefined): string | undefined {
  if (schema === undefined) return undefined;
  const own = zod().globalRegistry.get(schema)?.description;
  if (own !== undefined) return own;
  const inner = unwrap(schema);
  return inner === schema ? undefined : zod().globalRegistry.get(inner)?.description;
}

/** Container keys of the DSL: the segment after one names an entity of that kind. */
const ENTITIES: Readonly<Record<string, (name: string | number, owner: string) => string>> = {
  types: (n) => `type '${n}'`,
  aggregates: (n) => `aggregate '${n}'`,
  commands: (n) => `command '${n}'`,
  events: (n) => `event '${n}'`,
  state: (n, owner) => `state field '${n}' of ${owner}`,
  fields: (n, owner) => `field '${n}' of ${owner}`,
  previous: (n, owner) => `version ${n} of ${owner}`,
  requires: (n, owner) => `requirement ${typeof n === 'number' ? n + 1 : n} of ${owner}`,
  emits: (n, owner) => `emits entry ${typeof n === 'number' ? n + 1 : n} of ${owner}`,
  apply: (n, owner) => `'apply.${n}' of ${owner}`,
  upcast: (n, owner) => `'upcast.${n}' of ${owner}`,
  readModels: (n) => `read model '${n}'`,
  automations: (n) => `automation '${n}'`,
  on: (n, owner) => `the '${n}' handler of ${owner}`,
  set: (n, owner) => `'set.${n}' in ${owner}`,
  update: (n, owner) => `'update.${n}' in ${owner}`,
  index: (n, owner) => `index entry ${typeof n === 'number' ? n + 1 : n} of ${owner}`,
  execute: (n, owner) => `'${n}' executed by ${owner}`,
  ignore: (n, owner) => `ignore entry ${typeof n === 'number' ? n + 1 : n} of ${owner}`,
};

/**
 * Where a path points, e.g. "field 'amount' of command 'Deposit'", "'snapshot.every' in aggregate
 * 'Account'", "the top level".
 */
export function describeSpecPath(path: DocPath): string {
  let entity = 'the top level';
  let rest: (string | number)[] = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const next = path[i + 1];
    const make = typeof segment === 'string' && next !== undefined ? ENTITIES[segment] : undefined;
    if (make !== undefined && next !== undefined) {
      entity = make(next, entity);
      rest = [];
      i++;
    } else if (segment !== undefined) rest.push(segment);
  }
  if (rest.length === 0) return entity;
  const key = `'${rest.join('.')}'`;
  return entity === 'the top level' ? key : `${key} in ${entity}`;
}

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
