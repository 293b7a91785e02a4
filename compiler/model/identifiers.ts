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

/**
 * The properties every plain object inherits from `Object.prototype`. As a field name each would
 * read as present on an object that lacks the field (`{}.toString` is a function; zod then refuses
 * an absent optional `toString`), and `__proto__` in an object literal sets the prototype. Every
 * other name, reserved words included, is a safe property key (`{ type: 1 }`, `state.number`).
 */
export const INHERITED_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString',
  'toString', 'valueOf',
]);

/**
 * Every name generated code imports from `orchestrix/runtime` (the templates' import lines; a test
 * keeps this list complete). Spec declarations may not take them, and generated names avoid them.
 */
export const RUNTIME_IMPORTS: ReadonlySet<string> = new Set([
  'AggregateDefinition', 'AutomationDefinition', 'AutomationMap', 'Command', 'DecideContext',
  'DomainEnvelope', 'DomainEnvelopeOf', 'DomainError', 'DomainEvent', 'DomainOptions', 'DomainRuntime',
  'EnvelopeOf', 'FieldSchema', 'ReadModelDefinition', 'ReadModelMap', 'RowChange', 'Upcaster', 'createDomainRuntime',
  'commandSchemaOf', 'objectOf', 'omitUndefined', 'strictObjectOf', 'upcaster', 'z',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A plain ASCII identifier that is not reserved and cannot touch a prototype. */
export const isSafeIdentifier = (name: string): boolean =>
  IDENTIFIER.test(name) && !RESERVED_WORDS.has(name) && !INHERITED_PROPERTY_NAMES.has(name);

/** A name that may be a property key of generated objects: anything but an inherited property. */
export const isSafePropertyName = (name: string): boolean => !INHERITED_PROPERTY_NAMES.has(name);
