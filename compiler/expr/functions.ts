import type { BuiltinFunction, ExprType } from './ast.js';
import { BUILTIN_FUNCTIONS } from './ast.js';
import { BOOLEAN, DATE, INTEGER, STRING } from './types.js';

/** How each built-in is called, for arity checks and usage hints. Typing rules are in checker.ts. */
export interface FunctionSignature {
  readonly arity: number;
  /** Shown in hints: `len(string | array) -> integer`. */
  readonly usage: string;
  /** The result type when it does not depend on the arguments. */
  readonly result: ExprType | undefined;
}

export const SIGNATURES: Readonly<Record<BuiltinFunction, FunctionSignature>> = {
  len: { arity: 1, usage: 'len(string | array) -> integer', result: INTEGER },
  min: { arity: 2, usage: 'min(number, number) -> number (integer if both are)', result: undefined },
  max: { arity: 2, usage: 'max(number, number) -> number (integer if both are)', result: undefined },
  contains: { arity: 2, usage: 'contains(array, element) -> boolean', result: BOOLEAN },
  append: { arity: 2, usage: 'append(array, element) -> array', result: undefined },
  remove: { arity: 2, usage: 'remove(array, element) -> array', result: undefined },
  lower: { arity: 1, usage: 'lower(string) -> string', result: STRING },
  upper: { arity: 1, usage: 'upper(string) -> string', result: STRING },
  date: { arity: 1, usage: 'date(datetime) -> date (the UTC calendar day)', result: DATE },
  days: { arity: 1, usage: 'days(duration) -> integer (whole days)', result: INTEGER },
  hours: { arity: 1, usage: 'hours(duration) -> integer (whole hours)', result: INTEGER },
  minutes: { arity: 1, usage: 'minutes(duration) -> integer (whole minutes)', result: INTEGER },
  seconds: { arity: 1, usage: 'seconds(duration) -> integer (whole seconds)', result: INTEGER },
};

const NAMES: ReadonlySet<string> = new Set(BUILTIN_FUNCTIONS);
export const isBuiltinFunction = (name: string): name is BuiltinFunction => NAMES.has(name);
