import { isDeepStrictEqual } from 'node:util';
import { badRequest, type JsonValue, type StoredEvent } from './protocol.js';

/**
 * EventQL, only trivially: enough for a smoke test and for `isEventQlQueryTrue`, not the language.
 *
 *   FROM e IN events [WHERE e.<path> (==|!=) <literal> [AND ...]] PROJECT INTO (e | COUNT() [<op> <integer>])
 *
 * `<path>` is a dotted path into the stored event (`type`, `subject`, `data.amount`); literals are
 * quoted strings, numbers, true, false, null. Anything else is answered with 400.
 */
export type EventQlQuery = (events: readonly StoredEvent[]) => JsonValue[];

const queryPattern = /^\s*FROM\s+([A-Za-z_]\w*)\s+IN\s+events\s+(?:WHERE\s+(.+?)\s+)?PROJECT\s+INTO\s+(.+?)\s*$/isu;
const conditionPattern = /^([A-Za-z_]\w*)\.([A-Za-z_][\w.]*)\s*(==|!=)\s*(.+)$/su;
const countPattern = /^COUNT\(\)(?:\s*(==|!=|>=|<=|>|<)\s*(\d+))?$/iu;

interface Condition {
  readonly path: readonly string[];
  readonly negate: boolean;
  readonly literal: JsonValue;
}

function parseLiteral(text: string): JsonValue {
  const trimmed = text.trim();
  const quoted = /^'([^']*)'$|^"([^"]*)"$/u.exec(trimmed);
  if (quoted !== null) return quoted[1] ?? quoted[2] ?? '';
  if (/^-?\d+(\.\d+)?$/u.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  throw badRequest(`unsupported EventQL literal: ${trimmed}`);
}

function fieldOf(event: StoredEvent, path: readonly string[]): JsonValue | undefined {
  let current: unknown = event;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current as JsonValue | undefined;
}

const compare: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

export function parseEventQl(query: string): EventQlQuery {
  const match = queryPattern.exec(query);
  if (match === null) throw badRequest('unsupported EventQL query (this test server knows only FROM ... WHERE ... PROJECT INTO)');
  const [, variable = '', where, projection = ''] = match;
  const conditions: Condition[] = (where === undefined ? [] : where.split(/\s+AND\s+/iu)).map((text) => {
    const condition = conditionPattern.exec(text.trim());
    if (condition === null || condition[1] !== variable) throw badRequest(`unsupported EventQL condition: ${text}`);
    return { path: (condition[2] ?? '').split('.'), negate: condition[3] === '!=', literal: parseLiteral(condition[4] ?? '') };
  });
  const selects = (event: StoredEvent): boolean =>
    conditions.every(({ path, negate, literal }) => isDeepStrictEqual(fieldOf(event, path), literal) !== negate);

  if (projection.trim() === variable) {
    return (events) => events.filter(selects).map((event) => JSON.parse(JSON.stringify(event)) as JsonValue);
  }
  const counted = countPattern.exec(projection.trim());
  if (counted === null) throw badRequest(`unsupported EventQL projection: ${projection}`);
  const [, operator, operand] = counted;
  return (events) => {
    const total = events.filter(selects).length;
    if (operator === undefined) return [total];
    const test = compare[operator];
    return [test === undefined ? false : test(total, Number(operand))];
  };
}
