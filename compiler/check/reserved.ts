/**
 * Words that may not be used as names in a spec, because generated TypeScript uses names as
 * identifiers, property keys and type names.
 */

/** Reserved in ECMAScript (including strict mode and modules) or unusable as a binding. */
const JAVASCRIPT_RESERVED = [
  // keywords
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with',
  // strict mode and modules
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  // not bindable in strict code, or global values that must not be shadowed
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity', 'globalThis',
] as const;

/** Dangerous as object keys: they reach the prototype chain. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Words of the expression language that a bare name would collide with. */
const EXPRESSION_KEYWORDS = ['and', 'or', 'not'] as const;

export const RESERVED_WORDS: ReadonlySet<string> = new Set<string>([
  ...JAVASCRIPT_RESERVED,
  ...PROTOTYPE_KEYS,
  ...EXPRESSION_KEYWORDS,
]);

/**
 * Global values and types that generated code relies on: a spec type, aggregate, command or event
 * with one of these names would shadow it.
 */
export const SHADOWED_GLOBALS: ReadonlySet<string> = new Set<string>([
  // ECMAScript globals
  'AggregateError', 'Array', 'ArrayBuffer', 'Atomics', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean',
  'DataView', 'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array', 'Function',
  'Generator', 'Infinity', 'Int16Array', 'Int32Array', 'Int8Array', 'Intl', 'Iterator', 'JSON', 'Map', 'Math',
  'NaN', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set',
  'SharedArrayBuffer', 'String', 'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint16Array', 'Uint32Array',
  'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet',
  // Node and web globals the runtime uses
  'AbortController', 'AbortSignal', 'Buffer', 'Event', 'EventTarget', 'TextDecoder', 'TextEncoder', 'URL',
  'URLSearchParams', 'Crypto', 'CryptoKey',
  // TypeScript's built-in types
  'ArrayLike', 'AsyncGenerator', 'AsyncIterable', 'AsyncIterableIterator', 'AsyncIterator', 'Awaited',
  'Capitalize', 'ConstructorParameters', 'Exclude', 'Extract', 'InstanceType', 'Iterable', 'IterableIterator',
  'Lowercase', 'NoInfer', 'NonNullable', 'Omit', 'Parameters', 'Partial', 'Pick', 'PromiseLike', 'PropertyKey',
  'Readonly', 'ReadonlyArray', 'ReadonlyMap', 'ReadonlySet', 'Record', 'Required', 'ReturnType', 'ThisType',
  'Uncapitalize', 'Uppercase',
]);

/**
 * The roots of the expression language. A command field with one of these names could not be read
 * bare in its command's expressions.
 */
export const EXPRESSION_ROOTS: ReadonlySet<string> = new Set(['state', 'command', 'event', 'id', 'now']);
