/**
 * What a name must be to appear as an identifier in generated TypeScript. The checker reports
 * violations as diagnostics; emitters assert the same rules, so a name that slipped through is a
 * compiler bug, never injected code.
 */

/** Keywords and reserved words of TypeScript/JavaScript (strict mode), plus literal-like names. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'abstract', 'any', 'arguments', 'as', 'assert', 'asserts', 'async', 'await', 'bigint', 'boolean',
  'break', 'case', 'catch', 'class', 'const', 'constructor', 'continue', 'debugger', 'declare',
  'default', 'delete', 'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for',
  'from', 'function', 'get', 'global', 'if', 'implements', 'import', 'in', 'infer', 'instanceof',
  'interface', 'is', 'keyof', 'let', 'module', 'namespace', 'never', 'new', 'null', 'number',
  'object', 'of', 'package', 'private', 'protected', 'public', 'readonly', 'require', 'return',
  'satisfies', 'set', 'static', 'string', 'super', 'switch', 'symbol', 'this', 'throw', 'true', 'try',
  'type', 'typeof', 'undefined', 'unique', 'unknown', 'using', 'var', 'void', 'while', 'with', 'yield',
  'NaN', 'Infinity',
]);

/** Property names that reach into the prototype chain when used as keys. */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A plain ASCII identifier that is not reserved and cannot touch a prototype. */
export const isSafeIdentifier = (name: string): boolean =>
  IDENTIFIER.test(name) && !RESERVED_WORDS.has(name) && !PROTOTYPE_NAMES.has(name);
