import type { Constraints } from '../model/model.js';
import { formatTypeRef, type LiteralValue, type PrimitiveName, type TypeRef } from '../model/type-ref.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { matchesFormat } from '../expr/formats.js';

/**
 * Checks constants written in a spec (defaults, erased values) against a field's type and
 * constraints. String formats use the expression language's format checks (the Zod validators
 * generated schemas use), so a default the compiler accepts is one the generated code accepts.
 */

/** What a literal check needs to know about a field of a value type. */
export interface LiteralField {
  readonly name: string;
  readonly type: TypeRef;
  readonly typeResolved: boolean;
  readonly optional: boolean;
  readonly default: { readonly value: LiteralValue } | undefined;
  readonly constraints: Constraints;
}

/** Named types, as far as literals need them. */
export interface LiteralTypes {
  enumMembers(name: string): readonly string[] | undefined;
  valueFields(name: string): readonly LiteralField[] | undefined;
}

export interface LiteralProblem {
  /** `type`: not a value of the type at all; `constraint`: a value of the type that breaks a constraint. */
  readonly kind: 'type' | 'constraint';
  /** Where inside the value, e.g. `[0].city`; empty for the value itself. */
  readonly where: string;
  readonly reason: string;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Narrows JSON data to LiteralValue (the schema's `z.json()` already guarantees the shape). */
export function toLiteral(value: unknown): LiteralValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items: LiteralValue[] = [];
    for (const item of value) {
      const literal = toLiteral(item);
      if (literal === undefined) return undefined;
      items.push(literal);
    }
    return items;
  }
  if (isRecord(value)) {
    const result: Record<string, LiteralValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const literal = toLiteral(item);
      if (literal === undefined) return undefined;
      result[key] = literal;
    }
    return result;
  }
  return undefined;
}

class Checker {
  constructor(private readonly types: LiteralTypes) {}

  check(value: LiteralValue, type: TypeRef, constraints: Constraints, where: string): LiteralProblem | undefined {
    const mismatch = (expected: string): LiteralProblem => ({
      kind: 'type',
      where,
      reason:
        value === null
          ? `null is not ${expected}; an optional field without a value is simply absent`
          : `expected ${expected}, got ${show(value)}`,
    });
    switch (type.kind) {
      case 'array': {
        if (!Array.isArray(value)) return mismatch(`an array of ${formatTypeRef(type.element)}`);
        const items = value as readonly LiteralValue[];
        if (constraints.minItems !== undefined && items.length < constraints.minItems) {
          return {
            kind: 'constraint',
            where,
            reason: `has ${items.length} items, fewer than minItems ${constraints.minItems}`,
          };
        }
        if (constraints.maxItems !== undefined && items.length > constraints.maxItems) {
          return {
            kind: 'constraint',
            where,
            reason: `has ${items.length} items, more than maxItems ${constraints.maxItems}`,
          };
        }
        const { minItems: _min, maxItems: _max, ...elementConstraints } = constraints;
        for (const [i, item] of items.entries()) {
          const problem = this.check(item, type.element, elementConstraints, `${where}[${i}]`);
          if (problem !== undefined) return problem;
        }
        return undefined;
      }
      case 'enum': {
        const members = this.types.enumMembers(type.name) ?? [];
        if (typeof value !== 'string') return mismatch(`a member of ${type.name}`);
        if (members.includes(value)) return undefined;
        return {
          kind: 'type',
          where,
          reason: `'${value}' is not a member of ${type.name} (${members.join(', ')}).${didYouMean(value, members)}`,
        };
      }
      case 'value':
        return this.#checkObject(value, type.name, where, mismatch);
      case 'primitive':
        return this.#checkPrimitive(value, type.name, constraints, where, mismatch);
    }
  }

  #checkObject(
    value: LiteralValue,
    typeName: string,
    where: string,
    mismatch: (expected: string) => LiteralProblem,
  ): LiteralProblem | undefined {
    const fields = this.types.valueFields(typeName) ?? [];
    if (!isRecord(value)) return mismatch(`an object of type ${typeName}`);
    const record = value as { readonly [key: string]: LiteralValue };
    const names = new Set(fields.map((f) => f.name));
    for (const key of Object.keys(record)) {
      if (!names.has(key)) {
        return { kind: 'type', where, reason: `${typeName} has no field '${key}'.${didYouMean(key, names)}` };
      }
    }
    for (const field of fields) {
      const item = record[field.name];
      const at = `${where}.${field.name}`;
      if (item === undefined) {
        if (field.optional || field.default !== undefined) continue;
        return { kind: 'type', where, reason: `missing required field '${field.name}' of ${typeName}` };
      }
      if (!field.typeResolved) continue;
      const problem = this.check(item, field.type, field.constraints, at);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }

  #checkPrimitive(
    value: LiteralValue,
    name: PrimitiveName,
    constraints: Constraints,
    where: string,
    mismatch: (expected: string) => LiteralProblem,
  ): LiteralProblem | undefined {
    switch (name) {
      case 'boolean':
        return typeof value === 'boolean' ? undefined : mismatch('a boolean');
      case 'integer':
      case 'number': {
        if (typeof value !== 'number') return mismatch(name === 'integer' ? 'an integer' : 'a number');
        if (name === 'integer' && !Number.isInteger(value)) return mismatch('an integer');
        // Integers must be exact in JavaScript, as in expressions.
        if (name === 'integer' && !Number.isSafeInteger(value)) return mismatch('an integer within ±9007199254740991');
        if (constraints.min !== undefined && value < constraints.min) {
          return { kind: 'constraint', where, reason: `${value} is less than min ${constraints.min}` };
        }
        if (constraints.max !== undefined && value > constraints.max) {
          return { kind: 'constraint', where, reason: `${value} is greater than max ${constraints.max}` };
        }
        return undefined;
      }
      default: {
        if (typeof value !== 'string') return mismatch(name === 'string' ? 'a string' : `a ${name} string`);
        if (!matchesFormat(name, value)) return mismatch(`a valid ${name}`);
        return this.#checkText(value, constraints, where);
      }
    }
  }

  #checkText(value: string, constraints: Constraints, where: string): LiteralProblem | undefined {
    // UTF-16 length, as Zod's min/max string checks count.
    const length = value.length;
    if (constraints.minLength !== undefined && length < constraints.minLength) {
      return { kind: 'constraint', where, reason: `${show(value)} is shorter than minLength ${constraints.minLength}` };
    }
    if (constraints.maxLength !== undefined && length > constraints.maxLength) {
      return { kind: 'constraint', where, reason: `${show(value)} is longer than maxLength ${constraints.maxLength}` };
    }
    if (constraints.pattern !== undefined) {
      let matches = true;
      try {
        matches = new RegExp(constraints.pattern, 'u').test(value);
      } catch {
        // An invalid pattern is reported on its own.
      }
      if (!matches)
        return {
          kind: 'constraint',
          where,
          reason: `${show(value)} does not match the pattern /${constraints.pattern}/`,
        };
    }
    return undefined;
  }
}

/** The first problem with `value` as a value of `type` under `constraints`, or undefined when it fits. */
export function checkLiteral(
  value: LiteralValue,
  type: TypeRef,
  constraints: Constraints,
  types: LiteralTypes,
): LiteralProblem | undefined {
  return new Checker(types).check(value, type, constraints, '');
}
