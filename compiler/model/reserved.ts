import { INHERITED_PROPERTY_NAMES, RUNTIME_IMPORTS } from './identifiers.js';

/**
 * What a spec may not call things, and why. Generated TypeScript uses field names only as property
 * keys (`{ type: ... }`, `state.number`), where reserved words are fine, and declaration names as
 * type and value names beside its own imports. So only names that cannot be emitted safely are
 * refused: nothing else.
 */

/** The words of the expression language: an enum member or command field so named could not be written bare. */
export const EXPRESSION_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);

/** Field names every JavaScript object already has (see compiler/model/identifiers.ts). */
export const INHERITED_FIELD_NAMES: ReadonlySet<string> = INHERITED_PROPERTY_NAMES;

/** What generated code imports from `orchestrix/runtime`: a declaration with one of these names would clash. */
export const RUNTIME_NAMES: ReadonlySet<string> = RUNTIME_IMPORTS;

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
 * The roots and words of the expression language. A command field with one of these names could
 * not be read bare in its command's expressions.
 */
export const EXPRESSION_ROOTS: ReadonlySet<string> = new Set(['state', 'command', 'event', 'id', 'now', ...EXPRESSION_WORDS]);
