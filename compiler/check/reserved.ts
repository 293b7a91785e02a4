import { PROTOTYPE_NAMES, RESERVED_WORDS as MODEL_RESERVED_WORDS } from '../model/identifiers.js';

/**
 * Words that may not be used as names in a spec, because generated TypeScript uses names as
 * identifiers, property keys and type names.
 */

/**
 * Reserved and contextual words of JavaScript/TypeScript and the prototype keys come from
 * compiler/model/identifiers.ts, which emitters assert too; the checker adds the words of the
 * expression language and `globalThis`.
 */
const EXPRESSION_KEYWORDS = ['and', 'or', 'not'] as const;

export const RESERVED_WORDS: ReadonlySet<string> = new Set<string>([
  ...MODEL_RESERVED_WORDS,
  ...PROTOTYPE_NAMES,
  ...EXPRESSION_KEYWORDS,
  'globalThis',
]);

/**
 * Global values and types that generated code relies on: a spec type, aggregate, command or event
 * with one of these names would shadow it.
 */
export const SHADOWED_GLOBALS: ReadonlySet<string> = new Set<string>([
  // ECMAScript globals
  'AggregateError',
  'Array',
  'ArrayBuffer',
  'Atomics',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'EvalError',
  'FinalizationRegistry',
  'Float32Array',
  'Float64Array',
  'Function',
  'Generator',
  'Infinity',
  'Int16Array',
  'Int32Array',
  'Int8Array',
  'Intl',
  'Iterator',
  'JSON',
  'Map',
  'Math',
  'NaN',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'RangeError',
  'ReferenceError',
  'Reflect',
  'RegExp',
  'Set',
  'SharedArrayBuffer',
  'String',
  'Symbol',
  'SyntaxError',
  'TypeError',
  'URIError',
  'Uint16Array',
  'Uint32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'WeakMap',
  'WeakRef',
  'WeakSet',
  // Node and web globals the runtime uses
  'AbortController',
  'AbortSignal',
  'Buffer',
  'Event',
  'EventTarget',
  'TextDecoder',
  'TextEncoder',
  'URL',
  'URLSearchParams',
  'Crypto',
  'CryptoKey',
  // TypeScript's built-in types
  'ArrayLike',
  'AsyncGenerator',
  'AsyncIterable',
  'AsyncIterableIterator',
  'AsyncIterator',
  'Awaited',
  'Capitalize',
  'ConstructorParameters',
  'Exclude',
  'Extract',
  'InstanceType',
  'Iterable',
  'IterableIterator',
  'Lowercase',
  'NoInfer',
  'NonNullable',
  'Omit',
  'Parameters',
  'Partial',
  'Pick',
  'PromiseLike',
  'PropertyKey',
  'Readonly',
  'ReadonlyArray',
  'ReadonlyMap',
  'ReadonlySet',
  'Record',
  'Required',
  'ReturnType',
  'ThisType',
  'Uncapitalize',
  'Uppercase',
]);

/**
 * The roots of the expression language. A command field with one of these names could not be read
 * bare in its command's expressions.
 */
export const EXPRESSION_ROOTS: ReadonlySet<string> = new Set(['state', 'command', 'event', 'id', 'now']);
