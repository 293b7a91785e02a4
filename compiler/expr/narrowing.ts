import type { NamedTypeModel } from '../model/model.js';
import type { ExprType, RefExpr, TypedExpr } from './ast.js';

/**
 * Control-flow narrowing, the way TypeScript does it on the code we emit. Generated code checks a
 * command's `requires` one after another (`if (<violated>) throw ...`) and then builds its events,
 * so TypeScript narrows every reference the checks test, and so must we:
 *
 * - **Presence.** After `state.roomId != null` (as a requirement, or left of `&&`, or in a `? :`
 *   branch) `state.roomId` is present: it may be used where a value is required.
 * - **Values.** After `state.status == open` the status can only be `open`; TypeScript then rejects
 *   `state.status == closed` as a comparison without overlap (TS2367). The checker reports such a
 *   comparison itself (it can never hold), which is why generated code needs no widening casts.
 *
 * Facts are keyed by references (`state.address.city`); a present path implies its prefixes are
 * present. The rules mirror TypeScript's for `===`/`!==` against constants and other references,
 * truthiness of booleans, `!`, `&&`, `||` (and `in` over a list, emitted as `||` of `===`). Calls
 * (`contains`) and `? :` used as a condition do not narrow, as in TypeScript.
 */

/** A constant a reference may hold: enum members are their text. */
export type Constant = string | number | boolean;

/** What a reference (or any expression) may be at a point: some constants or anything, and maybe absent. */
export interface Possible {
  /** The constants it may be; undefined: any value of its type. */
  readonly values: ReadonlySet<Constant> | undefined;
  /** It may be absent (`undefined` at run time). */
  readonly absent: boolean;
}

const ANY: Possible = { values: undefined, absent: false };
const EMPTY_SET: ReadonlySet<Constant> = new Set();

/** What is known at a point of evaluation: for some references, a narrower `Possible` than their type. */
export class Facts {
  static readonly NONE = new Facts(new Map());

  private constructor(readonly known: ReadonlyMap<string, Possible>) {}

  get(key: string): Possible | undefined {
    return this.known.get(key);
  }

  /** Both hold. */
  and(other: Facts): Facts {
    if (other.known.size === 0) return this;
    if (this.known.size === 0) return other;
    const known = new Map(this.known);
    for (const [key, p] of other.known) {
      const mine = known.get(key);
      known.set(key, mine === undefined ? p : intersect(mine, p));
    }
    return new Facts(known);
  }

  /** One of them holds: only what both say, widened to cover both. */
  or(other: Facts): Facts {
    if (this.known.size === 0 || other.known.size === 0) return Facts.NONE;
    const known = new Map<string, Possible>();
    for (const [key, p] of this.known) {
      const theirs = other.known.get(key);
      if (theirs !== undefined) known.set(key, union(p, theirs));
    }
    return new Facts(known);
  }

  with(key: string, possible: Possible): Facts {
    const known = new Map(this.known);
    const mine = known.get(key);
    known.set(key, mine === undefined ? possible : intersect(mine, possible));
    return new Facts(known);
  }

  /** Whether the reference at `key` is known to be present. */
  isPresent(key: string): boolean {
    return this.known.get(key)?.absent === false;
  }
}

function intersect(a: Possible, b: Possible): Possible {
  let values: ReadonlySet<Constant> | undefined;
  if (a.values === undefined) values = b.values;
  else if (b.values === undefined) values = a.values;
  else values = new Set([...a.values].filter((v) => b.values?.has(v) === true));
  return { values, absent: a.absent && b.absent };
}

function union(a: Possible, b: Possible): Possible {
  const values = a.values === undefined || b.values === undefined ? undefined : new Set([...a.values, ...b.values]);
  return { values, absent: a.absent || b.absent };
}

export const refKey = (root: string, path: readonly string[], length = path.length): string => {
  let key = root;
  for (let i = 0; i < length; i++) key += `.${path[i] ?? ''}`;
  return key;
};

const keyOf = (ref: RefExpr): string => refKey(ref.root, ref.path);

/** The constants a value of `type` may hold when nothing narrows it: enum members, booleans, or any. */
export function declaredPossible(type: ExprType, types: ReadonlyMap<string, NamedTypeModel>): Possible {
  if (type.kind === 'null') return { values: EMPTY_SET, absent: true };
  const optional = type.kind === 'optional';
  const inner = type.kind === 'optional' ? type.inner : type;
  let values: ReadonlySet<Constant> | undefined;
  if (inner.kind === 'primitive' && inner.name === 'boolean') values = new Set([true, false]);
  else if (inner.kind === 'enum') {
    const model = types.get(inner.name);
    values = model?.kind === 'enum' ? new Set(model.members) : undefined;
  }
  return { values, absent: optional };
}

/** Narrowing of expressions against the domain's named types (for enum members). */
export class Narrowing {
  constructor(private readonly types: ReadonlyMap<string, NamedTypeModel>) {}

  /** What `e` may be, given `facts`, as TypeScript types it (literal unions where it narrows them). */
  possible(e: TypedExpr, facts: Facts): Possible {
    switch (e.kind) {
      case 'literal':
        if (e.value === null) return { values: EMPTY_SET, absent: true };
        if (e.type.kind !== 'primitive' || e.type.name === 'datetime' || e.type.name === 'date') return ANY;
        return { values: new Set([e.value]), absent: false };
      case 'enumMember':
        return { values: new Set([e.member]), absent: false };
      case 'ref': {
        const declared = declaredPossible(e.type, this.types);
        const known = facts.get(keyOf(e));
        return known === undefined ? declared : intersect(declared, known);
      }
      case 'conditional': {
        const [whenTrue, whenFalse] = this.split(e.test, facts);
        return union(this.possible(e.whenTrue, whenTrue), this.possible(e.whenFalse, whenFalse));
      }
      case 'unary':
        return e.operator === '!' ? { values: new Set([true, false]), absent: false } : ANY;
      case 'binary':
        return e.type.kind === 'primitive' && e.type.name === 'boolean' ? { values: new Set([true, false]), absent: false } : ANY;
      case 'in':
        return { values: new Set([true, false]), absent: false };
      default:
        return ANY;
    }
  }

  /**
   * Whether TypeScript would reject `left === right` as a comparison without overlap: both sides
   * have values, neither is only absent (or impossible), they cannot both be absent, and they share
   * no constant.
   */
  neverEqual(left: TypedExpr, right: TypedExpr, facts: Facts): boolean {
    const a = this.possible(left, facts);
    const b = this.possible(right, facts);
    if (a.values === undefined || b.values === undefined) return false;
    if (a.values.size === 0 || b.values.size === 0) return false;
    if (a.absent && b.absent) return false;
    for (const v of a.values) if (b.values.has(v)) return false;
    return true;
  }

  /** The facts when `e` is true, and when it is false, starting from `facts`. Linear in `e`. */
  split(e: TypedExpr, facts: Facts): readonly [Facts, Facts] {
    switch (e.kind) {
      case 'unary': {
        if (e.operator !== '!') return [facts, facts];
        const [t, f] = this.split(e.operand, facts);
        return [f, t];
      }
      case 'ref':
        if (e.type.kind === 'primitive' && e.type.name === 'boolean') {
          const key = keyOf(e);
          return [facts.with(key, { values: new Set([true]), absent: false }), facts.with(key, { values: new Set([false]), absent: false })];
        }
        return [facts, facts];
      case 'in': {
        if (e.list.kind !== 'array') return e.negated ? [facts, facts] : [facts, facts];
        // Emitted as `x === a || x === b` (or `x !== a && x !== b` when negated).
        let whenIn: Facts | undefined;
        let whenOut = facts;
        for (const element of e.list.elements) {
          const [t, f] = this.equality(e.element, element, whenOut);
          whenIn = whenIn === undefined ? t : whenIn.or(t);
          whenOut = f;
        }
        const inside = whenIn ?? facts;
        return e.negated ? [whenOut, inside] : [inside, whenOut];
      }
      case 'binary':
        switch (e.operator) {
          case '&&': {
            const [aTrue, aFalse] = this.split(e.left, facts);
            const [bTrue, bFalse] = this.split(e.right, aTrue);
            return [bTrue, aFalse.or(bFalse)];
          }
          case '||': {
            const [aTrue, aFalse] = this.split(e.left, facts);
            const [bTrue, bFalse] = this.split(e.right, aFalse);
            return [aTrue.or(bTrue), bFalse];
          }
          case '==':
            return this.equality(e.left, e.right, facts);
          case '!=': {
            const [t, f] = this.equality(e.left, e.right, facts);
            return [f, t];
          }
          default:
            return [facts, facts];
        }
      default:
        return [facts, facts];
    }
  }

  /** `left === right`: [when equal, when not]. */
  private equality(left: TypedExpr, right: TypedExpr, facts: Facts): readonly [Facts, Facts] {
    let whenEqual = facts;
    let whenNot = facts;
    for (const [ref, other] of [
      [left, right],
      [right, left],
    ] as const) {
      if (ref.kind !== 'ref') continue;
      const key = keyOf(ref);
      const mine = this.possible(ref, facts);
      const theirs = this.possible(other, facts);
      // Equal: it can only be what the other side can be (and is present unless both may be absent).
      whenEqual = whenEqual.with(key, { values: theirs.values, absent: theirs.absent });
      for (let i = 1; i < ref.path.length && !theirs.absent; i++) {
        whenEqual = whenEqual.with(refKey(ref.root, ref.path, i), { values: undefined, absent: false });
      }
      // Not equal: a single known constant (or absence) is ruled out.
      if (theirs.values !== undefined && theirs.values.size === 0 && theirs.absent) {
        whenNot = whenNot.with(key, { values: undefined, absent: false });
        for (let i = 1; i < ref.path.length; i++) {
          whenNot = whenNot.with(refKey(ref.root, ref.path, i), { values: undefined, absent: false });
        }
      } else if (theirs.values?.size === 1 && !theirs.absent && mine.values !== undefined) {
        const [only] = theirs.values;
        whenNot = whenNot.with(key, { values: new Set([...mine.values].filter((v) => v !== only)), absent: mine.absent });
      }
    }
    return [whenEqual, whenNot];
  }
}

/**
 * What holds after `expr` evaluated to `outcome` (true: a requirement that passed), on top of
 * `facts`: pass it as the next expression's `scope.facts`, as generated code evaluates them in order.
 */
export function factsAfter(
  expr: TypedExpr,
  facts: Facts,
  types: ReadonlyMap<string, NamedTypeModel>,
  outcome = true,
): Facts {
  const [whenTrue, whenFalse] = new Narrowing(types).split(expr, facts);
  return outcome ? whenTrue : whenFalse;
}
