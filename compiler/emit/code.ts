import { isSafeIdentifier, isSafePropertyName } from '../model/identifiers.js';
import { propertyKey } from '../expr/emit-ts.js';

/**
 * A fragment of generated TypeScript that is safe by construction. Templates receive only Code
 * values (plus booleans, numbers and arrays/objects of them): identifiers that passed validation,
 * string and JSON literals quoted by `JSON.stringify`, comments with their terminator neutralized, and
 * expression code from compiler/expr's emitter. Spec text can therefore never reach the output raw.
 * Handlebars prints a Code through `toString()`.
 */
export class Code {
  readonly text: string;
  private constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
  /** For emitters of this package only: text that is already valid, safe TypeScript. */
  static trusted(text: string): Code {
    return new Code(text);
  }
}

/** Thrown when an emitter is handed data the checker should have rejected: a compiler bug. */
export class UnsafeOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeOutputError';
  }
}

/** A validated identifier. */
export function ident(name: string): Code {
  if (!isSafeIdentifier(name)) throw new UnsafeOutputError(`not a safe identifier: ${JSON.stringify(name)}`);
  return Code.trusted(name);
}

/**
 * A property name in an object literal or type (`type: ...`, `number: ...`): reserved words are
 * fine there; anything that is not an identifier is quoted. Inherited property names are refused.
 */
export function key(name: string): Code {
  if (!isSafePropertyName(name)) throw new UnsafeOutputError(`not a safe property name: ${JSON.stringify(name)}`);
  return Code.trusted(propertyKey(name));
}

/** A string literal: JSON quoting, with the two JSON-legal line terminators escaped as well. */
export function str(value: string): Code {
  return Code.trusted(jsonText(value));
}

/** A JSON value as a TypeScript literal (objects, arrays, strings, numbers, booleans, null). */
export function json(value: unknown): Code {
  if (value === undefined) return Code.trusted('undefined');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new UnsafeOutputError(`not a finite number: ${value}`);
  return Code.trusted(jsonText(value));
}

/**
 * A data literal in TypeScript: like `json`, but `undefined` (at any depth) is written out, since a
 * property that must be present with the value undefined differs from an absent one.
 */
export function literal(value: unknown): Code {
  if (value === undefined) return Code.trusted('undefined');
  if (Array.isArray(value)) return Code.trusted(`[${value.map((v) => literal(v).text).join(', ')}]`);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${jsonText(k)}: ${literal(v).text}`);
    return Code.trusted(`{ ${entries.join(', ')} }`);
  }
  return json(value);
}

const jsonText = (value: unknown): string =>
  JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * A JSDoc block for a description; undefined descriptions give an empty fragment. `*\/` cannot end
 * the comment early, and line terminators JavaScript recognizes (including U+2028/U+2029) become
 * plain new lines of the comment.
 */
export function doc(description: string | undefined, indent = ''): Code {
  if (description === undefined || description.trim() === '') return Code.trusted('');
  const lines = description
    .replace(/\*\//g, '*\\/')
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 1) return Code.trusted(`${indent}/** ${lines[0]} */\n`);
  return Code.trusted(`${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`);
}

/** A `//` comment line; line terminators in `text` (e.g. a file name) become spaces. */
export function lineComment(text: string): Code {
  return Code.trusted(`// ${text.replace(/[\r\n\u2028\u2029]/g, ' ')}`);
}

/** Joins fragments with a trusted separator. */
export function join(parts: readonly Code[], separator: string): Code {
  return Code.trusted(parts.map((p) => p.text).join(separator));
}

/**
 * Tagged template for code: the literal parts are trusted (written by us); every interpolation must
 * be a Code (or a finite number), never a raw string.
 */
export function ts(strings: TemplateStringsArray, ...values: readonly (Code | number)[]): Code {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new UnsafeOutputError(`not a finite number: ${value}`);
      out += String(value);
    } else if (value instanceof Code) {
      out += value.text;
    } else {
      throw new UnsafeOutputError('raw value interpolated into code');
    }
    out += strings[i + 1] ?? '';
  });
  return Code.trusted(out);
}
