import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, type JsonObject, type JsonValue } from './protocol.js';

/**
 * A small JSON Schema (2020-12) validator for the subset that zod v4's `z.toJSONSchema` emits for
 * Orchestrix's generated schemas:
 * - `type` (a name or a list: object, array, string, integer, number, boolean, null), `enum`, `const`;
 * - objects: `properties`, `required`, `additionalProperties` (boolean or schema), `propertyNames`,
 *   `minProperties`, `maxProperties`;
 * - arrays: `items`, `prefixItems`, `minItems`, `maxItems`, `uniqueItems`;
 * - strings: `minLength`, `maxLength` (in code points), `pattern` (a JavaScript `u` RegExp);
 * - numbers: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`;
 * - combinators: `anyOf`, `oneOf`, `allOf`, `not`;
 * - annotations, accepted and ignored: `$schema`, `$id`, `$comment`, `title`, `description`,
 *   `default`, `examples`, `deprecated`, `readOnly`, `writeOnly`, `format` (an annotation in
 *   2020-12; zod also emits a `pattern` for the formats it checks).
 * Anything else (`$ref`, `$defs`, `if`/`then`, `dependentSchemas`...) is refused at registration,
 * so a schema is never half-enforced.
 */

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export type SchemaValidator = (value: JsonValue) => SchemaIssue[];

export class UnsupportedSchemaError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'UnsupportedSchemaError';
  }
}

const annotations = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'format',
]);
const typeNames = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean', 'null']);

type Check = (value: JsonValue, path: string, issues: SchemaIssue[]) => void;

const typeOf = (value: JsonValue): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const hasType = (value: JsonValue, name: string): boolean => {
  const actual = typeOf(value);
  return actual === name || (name === 'number' && actual === 'integer');
};

const pathOf = (path: string, key: string | number): string => `${path}/${String(key)}`;

const count = (schemaPath: string, key: string, value: JsonValue | undefined): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new UnsupportedSchemaError(schemaPath, `'${key}' must be a non-negative integer`);
  }
  return value;
};

const numberValue = (schemaPath: string, key: string, value: JsonValue | undefined): number => {
  if (typeof value !== 'number') throw new UnsupportedSchemaError(schemaPath, `'${key}' must be a number`);
  return value;
};

const schemaList = (schemaPath: string, key: string, value: JsonValue | undefined): JsonValue[] => {
  if (!Array.isArray(value) || value.length === 0) {
    throw new UnsupportedSchemaError(schemaPath, `'${key}' must be a non-empty array of schemas`);
  }
  return value;
};

/** Compiles a schema once; throws UnsupportedSchemaError for malformed or unsupported parts. */
export function compileSchema(schema: JsonValue, schemaPath = '#'): SchemaValidator {
  const check = compileNode(schema, schemaPath);
  return (value) => {
    const issues: SchemaIssue[] = [];
    check(value, '', issues);
    return issues;
  };
}

function compileNode(schema: JsonValue, schemaPath: string): Check {
  if (schema === true) return () => undefined;
  if (schema === false) {
    return (_value, path, issues) => {
      issues.push({ path, message: 'no value is allowed here' });
    };
  }
  if (!isJsonObject(schema)) throw new UnsupportedSchemaError(schemaPath, 'a schema must be an object or a boolean');
  const checks: Check[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (annotations.has(key)) continue;
    checks.push(compileKeyword(schema, key, value, schemaPath));
  }
  return (value, path, issues) => {
    for (const check of checks) check(value, path, issues);
  };
}

function compileKeyword(schema: JsonObject, key: string, value: JsonValue, schemaPath: string): Check {
  const here = `${schemaPath}/${key}`;
  switch (key) {
    case 'type': {
      const names = Array.isArray(value) ? value : [value];
      if (names.length === 0 || !names.every((name) => typeof name === 'string' && typeNames.has(name))) {
        throw new UnsupportedSchemaError(here, 'unknown type name');
      }
      const allowed = names.filter((name): name is string => typeof name === 'string');
      return (actual, path, issues) => {
        if (!allowed.some((name) => hasType(actual, name))) {
          issues.push({ path, message: `must be ${allowed.join(' or ')}, got ${typeOf(actual)}` });
        }
      };
    }
    case 'enum': {
      if (!Array.isArray(value)) throw new UnsupportedSchemaError(here, "'enum' must be an array");
      return (actual, path, issues) => {
        if (!value.some((member) => isDeepStrictEqual(member, actual))) {
          issues.push({ path, message: `must be one of ${JSON.stringify(value)}` });
        }
      };
    }
    case 'const':
      return (actual, path, issues) => {
        if (!isDeepStrictEqual(value, actual)) issues.push({ path, message: `must equal ${JSON.stringify(value)}` });
      };
    case 'properties': {
      if (!isJsonObject(value)) throw new UnsupportedSchemaError(here, "'properties' must be an object");
      const properties = Object.entries(value).map(([name, sub]) => [name, compileNode(sub, pathOf(here, name))] as const);
      return (actual, path, issues) => {
        if (!isJsonObject(actual)) return;
        for (const [name, check] of properties) {
          const property = actual[name];
          if (property !== undefined) check(property, pathOf(path, name), issues);
        }
      };
    }
    case 'required': {
      if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) {
        throw new UnsupportedSchemaError(here, "'required' must be an array of strings");
      }
      return (actual, path, issues) => {
        if (!isJsonObject(actual)) return;
        for (const name of value) {
          if (typeof name === 'string' && !Object.hasOwn(actual, name)) {
            issues.push({ path: pathOf(path, name), message: 'is required' });
          }
        }
      };
    }
    case 'additionalProperties': {
      const known = isJsonObject(schema['properties']) ? new Set(Object.keys(schema['properties'])) : new Set<string>();
      const check = compileNode(value, here);
      return (actual, path, issues) => {
        if (!isJsonObject(actual)) return;
        for (const [name, property] of Object.entries(actual)) {
          if (known.has(name)) continue;
          if (value === false) issues.push({ path: pathOf(path, name), message: 'is not an allowed property' });
          else check(property, pathOf(path, name), issues);
        }
      };
    }
    case 'propertyNames': {
      const check = compileNode(value, here);
      return (actual, path, issues) => {
        if (!isJsonObject(actual)) return;
        for (const name of Object.keys(actual)) check(name, pathOf(path, name), issues);
      };
    }
    case 'minProperties':
    case 'maxProperties': {
      const limit = count(schemaPath, key, value);
      const isMin = key === 'minProperties';
      return (actual, path, issues) => {
        if (!isJsonObject(actual)) return;
        const size = Object.keys(actual).length;
        if (isMin ? size < limit : size > limit) {
          issues.push({ path, message: `must have ${isMin ? 'at least' : 'at most'} ${limit} properties` });
        }
      };
    }
    case 'items': {
      const offset = Array.isArray(schema['prefixItems']) ? schema['prefixItems'].length : 0;
      const check = compileNode(value, here);
      return (actual, path, issues) => {
        if (!Array.isArray(actual)) return;
        actual.forEach((item, index) => {
          if (index >= offset) check(item, pathOf(path, index), issues);
        });
      };
    }
    case 'prefixItems': {
      const checks = schemaList(schemaPath, key, value).map((sub, index) => compileNode(sub, pathOf(here, index)));
      return (actual, path, issues) => {
        if (!Array.isArray(actual)) return;
        checks.forEach((check, index) => {
          const item = actual[index];
          if (item !== undefined) check(item, pathOf(path, index), issues);
        });
      };
    }
    case 'minItems':
    case 'maxItems': {
      const limit = count(schemaPath, key, value);
      const isMin = key === 'minItems';
      return (actual, path, issues) => {
        if (!Array.isArray(actual)) return;
        if (isMin ? actual.length < limit : actual.length > limit) {
          issues.push({ path, message: `must have ${isMin ? 'at least' : 'at most'} ${limit} items` });
        }
      };
    }
    case 'uniqueItems':
      return (actual, path, issues) => {
        if (value !== true || !Array.isArray(actual)) return;
        const duplicate = actual.some((item, index) => actual.slice(0, index).some((other) => isDeepStrictEqual(item, other)));
        if (duplicate) issues.push({ path, message: 'must not contain duplicate items' });
      };
    case 'minLength':
    case 'maxLength': {
      const limit = count(schemaPath, key, value);
      const isMin = key === 'minLength';
      return (actual, path, issues) => {
        if (typeof actual !== 'string') return;
        const length = [...actual].length;
        if (isMin ? length < limit : length > limit) {
          issues.push({ path, message: `must have ${isMin ? 'at least' : 'at most'} ${limit} characters` });
        }
      };
    }
    case 'pattern': {
      if (typeof value !== 'string') throw new UnsupportedSchemaError(here, "'pattern' must be a string");
      let regex: RegExp;
      try {
        regex = new RegExp(value, 'u');
      } catch {
        throw new UnsupportedSchemaError(here, `'pattern' is not a valid regular expression`);
      }
      return (actual, path, issues) => {
        if (typeof actual === 'string' && !regex.test(actual)) issues.push({ path, message: `must match ${value}` });
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = numberValue(schemaPath, key, value);
      const fails: Record<string, (n: number) => boolean> = {
        minimum: (n) => n < limit,
        maximum: (n) => n > limit,
        exclusiveMinimum: (n) => n <= limit,
        exclusiveMaximum: (n) => n >= limit,
      };
      const fail = fails[key] ?? (() => false);
      return (actual, path, issues) => {
        if (typeof actual === 'number' && fail(actual)) issues.push({ path, message: `violates ${key} ${limit}` });
      };
    }
    case 'multipleOf': {
      const divisor = numberValue(schemaPath, key, value);
      if (divisor <= 0) throw new UnsupportedSchemaError(here, "'multipleOf' must be positive");
      return (actual, path, issues) => {
        if (typeof actual !== 'number') return;
        const quotient = actual / divisor;
        if (Math.abs(quotient - Math.round(quotient)) > 1e-9) issues.push({ path, message: `must be a multiple of ${divisor}` });
      };
    }
    case 'anyOf':
    case 'oneOf':
    case 'allOf': {
      const checks = schemaList(schemaPath, key, value).map((sub, index) => compileNode(sub, pathOf(here, index)));
      return (actual, path, issues) => {
        const results = checks.map((check) => {
          const found: SchemaIssue[] = [];
          check(actual, path, found);
          return found;
        });
        const passing = results.filter((found) => found.length === 0).length;
        if (key === 'allOf') issues.push(...results.flat());
        else if (key === 'anyOf' && passing === 0) issues.push({ path, message: 'must match at least one schema in anyOf' });
        else if (key === 'oneOf' && passing !== 1) {
          issues.push({ path, message: `must match exactly one schema in oneOf (matched ${passing})` });
        }
      };
    }
    case 'not': {
      const check = compileNode(value, here);
      return (actual, path, issues) => {
        const found: SchemaIssue[] = [];
        check(actual, path, found);
        if (found.length === 0) issues.push({ path, message: "must not match the schema in 'not'" });
      };
    }
    default:
      throw new UnsupportedSchemaError(here, `the keyword '${key}' is not supported by this test server`);
  }
}
