import { didYouMean } from '../diagnostics/suggest.js';
import type { TypeRef } from '../model/type-ref.js';
import { formatTypeRef } from '../model/type-ref.js';
import type {
  ArrayExpr,
  BinaryOperator,
  BuiltinFunction,
  ExprType,
  RefExpr,
  ScopeRoot,
  TextRange,
  TypedExpr,
} from './ast.js';
import { matchesFormat } from './formats.js';
import { SIGNATURES, isBuiltinFunction } from './functions.js';
import { Facts, Narrowing, refKey, type Constant } from './narrowing.js';
import type { Reporter } from './report.js';
import type { ExpectedType, ExprField, ExprScope, RecordRoot } from './scope.js';
import {
  bareField,
  describeScope,
  findField,
  hasRoot,
  isRecordRoot,
  isRootName,
  listNames,
  scopeNames,
} from './scope.js';
import type {
  ArraySyntax,
  BinarySyntax,
  CallSyntax,
  ConditionalSyntax,
  IdentifierSyntax,
  InSyntax,
  MemberSyntax,
  ObjectSyntax,
  SyntaxNode,
  UnarySyntax,
} from './syntax.js';
import {
  BOOLEAN,
  DATE,
  DATETIME,
  DURATION,
  EMPTY_ARRAY,
  INTEGER,
  NULL,
  NUMBER,
  REFINED_STRINGS,
  STRING,
  UNKNOWN,
  arrayOf,
  asTypeRef,
  expectedEnum,
  formatExprType,
  isAssignable,
  isBoolean,
  isDuration,
  isEqualityComparable,
  isNumeric,
  isOrderable,
  isPrimitive,
  isScalar,
  isOpenArray,
  isText,
  join,
  numericResult,
  optionalOf,
  sameType,
} from './types.js';

/**
 * Types a syntax tree against a scope and what the context expects (undefined: anything, for
 * tools and tests), reporting every independent mistake at its own token. After an error a node
 * gets the `unknown` type, which every rule accepts, so one mistake is reported once. What
 * `scope.facts` says holds (earlier checks: see narrowing.ts) narrows the references it names.
 */
export function checkExpression(
  tree: SyntaxNode,
  scope: ExprScope,
  expected: ExpectedType | undefined,
  reporter: Reporter,
): TypedExpr {
  const checker = new Checker(scope, reporter);
  if (expected === undefined) return checker.check(tree, undefined);
  if (expected.kind === 'boolean') {
    // `when: [x]`: a YAML list where a condition is expected is said to be one (ORX5040).
    const expr = checker.check(tree, tree.kind === 'array' && tree.yaml === true ? BOOLEAN : undefined);
    checker.expectBoolean(expr);
    return expr;
  }
  const expr = checker.check(tree, expected.optional ? optionalOf(expected.type) : expected.type);
  checker.expectAssignable(expr, expected.type, expected.optional);
  return expr;
}

const COMPARISONS: ReadonlySet<BinaryOperator> = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Checker {
  /** What is known at the current point of evaluation (see narrowing.ts). */
  #facts: Facts;
  readonly #narrowing: Narrowing;

  constructor(
    private readonly scope: ExprScope,
    private readonly reporter: Reporter,
  ) {
    this.#facts = scope.facts ?? Facts.NONE;
    this.#narrowing = new Narrowing(scope.types);
  }

  /**
   * `hint` is the type the context would like: it resolves bare enum members, gives `[]` its
   * array type and lets a quoted literal be a date, uuid, ... . `unknown` means the context
   * already failed: names that could be enum members are then accepted silently.
   */
  check(node: SyntaxNode, hint: ExprType | undefined): TypedExpr {
    const range = node.range;
    switch (node.kind) {
      case 'number':
        return { kind: 'literal', value: node.value, type: node.integer ? INTEGER : NUMBER, range };
      case 'string':
        return { kind: 'literal', value: node.value, type: this.stringType(node.value, hint), range };
      case 'boolean':
        return { kind: 'literal', value: node.value, type: BOOLEAN, range };
      case 'null':
        return { kind: 'literal', value: null, type: NULL, range };
      case 'identifier':
        return this.identifier(node, hint);
      case 'member':
        return this.member(node);
      case 'call':
        return this.call(node, hint);
      case 'unary':
        return this.unary(node);
      case 'binary':
        return this.binary(node);
      case 'conditional':
        return this.conditional(node, hint);
      case 'array':
        return this.array(node, hint);
      case 'object':
        return this.object(node, hint);
      case 'duration':
        return { kind: 'duration', amount: node.amount, unit: node.unit, type: DURATION, range };
      case 'in':
        return this.membership(node);
    }
  }

  // --- what the context expects ----------------------------------------------------------------

  expectBoolean(expr: TypedExpr): void {
    const t = this.valueType(expr, 'as a check');
    if (t.kind !== 'unknown' && !isBoolean(t)) this.reporter.report('ORX5023', expr.range, { got: formatExprType(t) });
  }

  expectAssignable(expr: TypedExpr, target: TypeRef, optional: boolean): void {
    const t = expr.type;
    if (optional && (t.kind === 'null' || t.kind === 'optional')) {
      if (t.kind === 'optional') this.requireAssignable(expr, t.inner, target, () => this.reportMismatch(expr, t.inner, target));
      return;
    }
    const value = this.valueType(expr, 'as the value of a required field');
    this.requireAssignable(expr, value, target, () => this.reportMismatch(expr, value, target));
  }

  private requireAssignable(expr: TypedExpr, from: ExprType, to: ExprType, report: () => void): boolean {
    if (isAssignable(from, to)) return true;
    if (!this.literalFormatError(expr, to)) report();
    return false;
  }

  private reportMismatch(expr: TypedExpr, got: ExprType, target: TypeRef): void {
    this.reporter.report('ORX5024', expr.range, { expected: formatTypeRef(target), got: formatExprType(got) });
  }

  /** A quoted literal where a uuid/email/url/date/datetime is expected but it is not one: says so. */
  private literalFormatError(expr: TypedExpr, target: ExprType): boolean {
    const inner = target.kind === 'optional' ? target.inner : target;
    if (expr.kind !== 'literal' || typeof expr.value !== 'string') return false;
    if (inner.kind !== 'primitive' || !REFINED_STRINGS.has(inner.name)) return false;
    this.reporter.report('ORX5033', expr.range, { value: this.reporter.quote(expr.range), type: inner.name });
    return true;
  }

  /**
   * The type of a value that must be present: an optional value is reported (and its inner type
   * used from then on), `null` likewise (and `unknown` used).
   */
  private valueType(expr: TypedExpr, use: string): ExprType {
    const t = expr.type;
    if (t.kind === 'optional') {
      this.reporter.report('ORX5021', expr.range, { text: this.reporter.quote(expr.range), type: formatExprType(t), use });
      return t.inner;
    }
    if (t.kind === 'null') {
      this.reporter.report('ORX5025', expr.range, { use });
      return UNKNOWN;
    }
    return t;
  }

  private stringType(value: string, hint: ExprType | undefined): ExprType {
    const inner = hint?.kind === 'optional' ? hint.inner : hint;
    if (inner?.kind === 'primitive' && REFINED_STRINGS.has(inner.name) && matchesFormat(inner.name, value)) {
      return inner;
    }
    return STRING;
  }

  // --- names ---------------------------------------------------------------------------------

  private identifier(node: IdentifierSyntax, hint: ExprType | undefined): TypedExpr {
    const { name, range } = node;
    if (isRootName(this.scope, name)) {
      if (!hasRoot(this.scope, name)) return this.rootUnavailable(name, range);
      switch (name) {
        case 'id':
          return this.ref('id', [], this.scope.id ?? UNKNOWN, range);
        case 'now':
        case 'time':
          return this.ref(name, [], DATETIME, range);
        case 'position':
          return this.ref('position', [], INTEGER, range);
        case 'item':
          return this.ref('item', [], this.scope.item ?? UNKNOWN, range);
        default: {
          const fields = this.scope[name] ?? [];
          this.reporter.report('ORX5032', range, { root: name, fields: listNames(fields.map((f) => f.name)) });
          return unknownAt(range);
        }
      }
    }
    const enumName = expectedEnum(hint);
    const field = bareField(this.scope, name);
    const enumModel = enumName === undefined ? undefined : this.scope.types.get(enumName);
    if (enumName !== undefined && enumModel?.kind === 'enum' && enumModel.members.includes(name)) {
      if (field !== undefined && this.scope.bare !== undefined) {
        this.reporter.report('ORX5031', range, { name, enumName, root: this.scope.bare });
      }
      return { kind: 'enumMember', enumName, member: name, type: { kind: 'enum', name: enumName }, range };
    }
    if (field !== undefined && this.scope.bare !== undefined) {
      return this.fieldRef(this.scope.bare, this.scope[this.scope.bare] ?? [], this.scope.bare, [node], range);
    }
    if (isBuiltinFunction(name)) {
      this.reporter.report('ORX5019', range, { name, signature: SIGNATURES[name].usage });
      return unknownAt(range);
    }
    if (enumName !== undefined) {
      // An enum the checker of types reports as unresolved: no second message here.
      if (enumModel?.kind !== 'enum') return unknownAt(range);
      this.reporter.report('ORX5027', range, {
        name,
        enumName,
        didYouMean: didYouMean(name, enumModel.members),
        members: listNames(enumModel.members, 20),
      });
      return unknownAt(range);
    }
    const enums = this.enumsWithMember(name);
    if (enums.length > 0) {
      if (hint?.kind !== 'unknown') {
        const expected = hint === undefined ? '' : ` (expected ${formatExprType(hint)})`;
        this.reporter.report('ORX5026', range, { name, enums: enums.join(' and '), expected });
      }
      return unknownAt(range);
    }
    this.reporter.report('ORX5011', range, {
      name,
      didYouMean: didYouMean(name, scopeNames(this.scope)),
      available: describeScope(this.scope),
    });
    return unknownAt(range);
  }

  private rootUnavailable(root: string, range: TextRange): TypedExpr {
    this.reporter.report('ORX5012', range, { root, available: describeScope(this.scope) });
    return unknownAt(range);
  }

  private enumsWithMember(name: string): string[] {
    const found: string[] = [];
    for (const t of this.scope.types.values()) if (t.kind === 'enum' && t.members.includes(name)) found.push(t.name);
    return found.sort();
  }

  /** Whether a bare identifier names something in scope (a root, a bare field or a function). */
  private isKnownName(name: string): boolean {
    return isRootName(this.scope, name) || bareField(this.scope, name) !== undefined || isBuiltinFunction(name);
  }

  /** `a.b.c`: a chain of field reads starting at a root or a bare field. */
  private member(node: MemberSyntax): TypedExpr {
    const segments: MemberSyntax[] = [];
    let base: SyntaxNode = node;
    while (base.kind === 'member') {
      segments.push(base);
      base = base.object;
    }
    segments.reverse();
    if (base.kind !== 'identifier') {
      const object = this.check(base, undefined);
      return this.noFields(object.range, object.type, segments[0]);
    }
    const name = base.name;
    if (isRootName(this.scope, name)) {
      if (!hasRoot(this.scope, name)) return this.rootUnavailable(name, base.range);
      if (isRecordRoot(name)) return this.fieldRef(name, this.scope[name] ?? [], name, segments, node.range);
      const item = this.scope.item;
      if (name === 'item' && item?.kind === 'unknown') return unknownAt(node.range);
      if (name === 'item' && item?.kind === 'value') {
        const model = this.scope.types.get(item.name);
        // A value type the type checker reports as unresolved: no second message here.
        if (model?.kind !== 'value') return unknownAt(node.range);
        return this.fieldRef('item', model.fields, `item (${model.name})`, segments, node.range);
      }
      const object = this.identifier(base, undefined);
      return this.noFields(base.range, object.type, segments[0]);
    }
    if (bareField(this.scope, name) !== undefined && this.scope.bare !== undefined) {
      return this.fieldRef(this.scope.bare, this.scope[this.scope.bare] ?? [], this.scope.bare, [base, ...segments], node.range);
    }
    const object = this.identifier(base, undefined);
    return object.type.kind === 'unknown' ? unknownAt(node.range) : this.noFields(base.range, object.type, segments[0]);
  }

  private noFields(objectRange: TextRange, type: ExprType, segment: MemberSyntax | undefined): TypedExpr {
    const range = { start: objectRange.start, end: segment?.range.end ?? objectRange.end };
    if (type.kind !== 'unknown' && segment !== undefined) {
      this.reporter.report('ORX5014', segment.nameRange, {
        target: this.reporter.quote(objectRange),
        type: formatExprType(type),
        field: segment.name,
      });
    }
    return unknownAt(range);
  }

  /**
   * Resolves the field path `segments` (identifiers or member nodes, each naming one field) from
   * `root`, whose fields are `rootFields` (`owner` names it in messages), through value objects. A
   * field read from an optional value object is optional too (emitted as `?.`) unless narrowing
   * says that object is present.
   */
  private fieldRef(
    root: RecordRoot | 'item',
    rootFields: readonly ExprField[],
    rootOwner: string,
    segments: readonly (MemberSyntax | IdentifierSyntax)[],
    range: TextRange,
  ): TypedExpr {
    let fields: readonly ExprField[] = rootFields;
    let owner: string = rootOwner;
    const path: string[] = [];
    let optionalAccess: number[] | undefined;
    let type: TypeRef | undefined;
    let absent = false;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      if (segment === undefined) break;
      const nameRange = segment.kind === 'member' ? segment.nameRange : segment.range;
      if (type !== undefined) {
        const model = type.kind === 'value' ? this.scope.types.get(type.name) : undefined;
        if (type.kind !== 'value') {
          const readSoFar = { start: range.start, end: (segments[i - 1]?.range ?? nameRange).end };
          return this.noFields(readSoFar, absent ? optionalOf(type) : type, segment.kind === 'member' ? segment : undefined);
        }
        // A value type the type checker reports as unresolved: no second message here.
        if (model?.kind !== 'value') return unknownAt(range);
        fields = model.fields;
        owner = `${model.name} (${refKey(root, path)})`;
        if (absent) (optionalAccess ??= []).push(i);
      }
      const field = findField(fields, segment.name);
      if (field === undefined) {
        const names = fields.map((f) => f.name);
        this.reporter.report('ORX5013', nameRange, {
          owner,
          field: segment.name,
          didYouMean: didYouMean(segment.name, names),
          fields: listNames(names),
        });
        return unknownAt(range);
      }
      path.push(field.name);
      type = field.type;
      absent = (absent || field.optional) && !this.#facts.isPresent(refKey(root, path));
    }
    if (type === undefined) return unknownAt(range);
    return this.ref(root, path, absent ? optionalOf(type) : type, range, optionalAccess);
  }

  private ref(root: ScopeRoot, path: string[], type: ExprType, range: TextRange, optionalAccess?: number[]): RefExpr {
    return optionalAccess === undefined
      ? { kind: 'ref', root, path, type, range }
      : { kind: 'ref', root, path, type, range, optionalAccess };
  }

  // --- operators -----------------------------------------------------------------------------

  private unary(node: UnarySyntax): TypedExpr {
    const operand = this.check(node.operand, undefined);
    const { operator, range } = node;
    if (operator === '!') {
      this.operand(operand, '!', 'a boolean', isBoolean);
      return { kind: 'unary', operator, operand, type: BOOLEAN, range };
    }
    const t = this.operand(operand, '-', 'a number', (x) => isNumeric(x) || isDuration(x));
    return { kind: 'unary', operator, operand, type: t, range };
  }

  /** Checks one operand; returns its type, or `unknown` when it was wrong (reported here). */
  private operand(expr: TypedExpr, operator: string, expected: string, accepts: (t: ExprType) => boolean): ExprType {
    const t = this.valueType(expr, `with '${operator}'`);
    if (t.kind === 'unknown') return t;
    if (accepts(t)) return t;
    this.reporter.report('ORX5020', expr.range, { operator, expected, got: formatExprType(t) });
    return UNKNOWN;
  }

  private binary(node: BinarySyntax): TypedExpr {
    const { operator, range } = node;
    if (operator === '&&' || operator === '||') {
      const left = this.check(node.left, undefined);
      this.operand(left, operator, 'a boolean', isBoolean);
      const [whenTrue, whenFalse] = this.#narrowing.split(left, this.#facts);
      const right = this.under(operator === '&&' ? whenTrue : whenFalse, () => this.check(node.right, undefined));
      this.operand(right, operator, 'a boolean', isBoolean);
      return { kind: 'binary', operator, left, right, type: BOOLEAN, range };
    }
    if (COMPARISONS.has(operator)) {
      const [left, right] = this.pair(node.left, node.right, (other) => other);
      if (this.comparison(operator, node.operatorRange, left, right) && (operator === '==' || operator === '!=')) {
        this.decided(left, right, operator, node.operatorRange);
      }
      return { kind: 'binary', operator, left, right, type: BOOLEAN, range };
    }
    const left = this.check(node.left, undefined);
    const right = this.check(node.right, undefined);
    const type = operator === '+' || operator === '-' ? this.additive(operator, left, right) : this.arithmetic(operator, left, right);
    return { kind: 'binary', operator, left, right, type, range };
  }

  /**
   * An equality that earlier checks already decide (TypeScript would reject it as a comparison
   * without overlap): `state.status == closed` after `requires: state.status == open`.
   */
  private decided(left: TypedExpr, right: TypedExpr, operator: string, at: TextRange): boolean {
    if (!this.#narrowing.neverEqual(left, right, this.#facts)) return false;
    const subject = left.kind === 'ref' || right.kind !== 'ref' ? left : right;
    const possible = this.#narrowing.possible(subject, this.#facts);
    this.reporter.report('ORX5035', at, {
      text: this.reporter.quote(subject.range),
      values: describeConstants(possible.values),
      other: this.reporter.quote((subject === left ? right : left).range),
      outcome: operator === '!=' ? 'always true' : 'never true',
    });
    return true;
  }

  /**
   * `+` and `-`: numbers add and subtract (integer if both are); `+` concatenates text; dates and
   * datetimes move by durations; `date - date` is whole days (integer), `datetime - datetime` a
   * duration; durations add and subtract.
   */
  private additive(operator: '+' | '-', left: TypedExpr, right: TypedExpr): ExprType {
    const use = `with '${operator}'`;
    const l = this.valueType(left, use);
    const r = this.valueType(right, use);
    if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
    if (isNumeric(l) && isNumeric(r)) return numericResult(l, r);
    if (isDuration(l) && isDuration(r)) return DURATION;
    if (isTime(l) && isDuration(r)) return l;
    if (operator === '+' && isDuration(l) && isTime(r)) return r;
    if (operator === '-' && isTime(l) && sameType(l, r)) return isPrimitive(l, 'date') ? INTEGER : DURATION;
    // Text concatenates, a date or datetime with other text too; two times never do.
    if (operator === '+' && isText(l) && isText(r) && !(isTime(l) && isTime(r))) return STRING;
    const wrong = (e: TypedExpr, t: ExprType, expected: string): void =>
      this.reporter.report('ORX5020', e.range, { operator, expected, got: formatExprType(t) });
    if (isTime(l)) wrong(right, r, operator === '+' ? 'a duration' : `a duration or a ${formatExprType(l)}`);
    else if (isDuration(l)) wrong(right, r, operator === '+' ? 'a duration, a date or a datetime' : 'a duration');
    else if (isNumeric(l)) wrong(right, r, 'a number');
    else if (operator === '+' && isText(l)) wrong(right, r, 'a string');
    else if (isNumeric(r)) wrong(left, l, 'a number');
    else if (isDuration(r)) wrong(left, l, operator === '+' ? 'a duration, a date or a datetime' : 'a duration, a date or a datetime');
    else if (operator === '+' && isText(r)) wrong(left, l, 'a string');
    else {
      const expected = operator === '+' ? 'a number or a string' : 'a number';
      wrong(left, l, expected);
      wrong(right, r, expected);
    }
    return UNKNOWN;
  }

  /**
   * `* / %`: numbers only (`%` integers only); `/` always gives a number. A duration may be
   * multiplied by an integer (`nights * 1d`).
   */
  private arithmetic(operator: BinaryOperator, left: TypedExpr, right: TypedExpr): ExprType {
    if (operator === '*' && (isDuration(left.type) || isDuration(right.type))) {
      const [duration, factor] = isDuration(left.type) ? [left, right] : [right, left];
      const f = this.operand(factor, '*', 'an integer', (t) => isPrimitive(t, 'integer'));
      return f.kind === 'unknown' && !isDuration(duration.type) ? UNKNOWN : DURATION;
    }
    const integerOnly = operator === '%';
    const expected = integerOnly ? 'an integer' : 'a number';
    const accepts = integerOnly ? (t: ExprType) => isPrimitive(t, 'integer') : isNumeric;
    const l = this.operand(left, operator, expected, accepts);
    const r = this.operand(right, operator, expected, accepts);
    if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
    if (operator === '/') return NUMBER;
    return numericResult(l, r);
  }

  /** Checks the operand types of a comparison; true when they fit (nothing was reported). */
  private comparison(operator: BinaryOperator, at: TextRange, left: TypedExpr, right: TypedExpr): boolean {
    if (isConstant(left) && isConstant(right)) {
      this.reporter.report('ORX5034', at, { operator });
      return false;
    }
    const equality = operator === '==' || operator === '!=';
    const l = equality ? left.type : this.valueType(left, `with '${operator}'`);
    const r = equality ? right.type : this.valueType(right, `with '${operator}'`);
    if (l.kind === 'unknown' || r.kind === 'unknown') return false;
    if (equality) {
      // `x == null` tests presence, whatever x is; otherwise arrays and value objects have no `==`.
      const composite = isComposite(stripOptional(l)) ? stripOptional(l) : stripOptional(r);
      if (l.kind !== 'null' && r.kind !== 'null' && isComposite(composite)) {
        this.reporter.report('ORX5028', at, { operator, type: formatExprType(composite) });
        return false;
      }
      // A field known present only because an earlier check said so may still be tested again.
      const mayBeAbsent = (e: TypedExpr, t: ExprType): boolean =>
        t.kind === 'optional' || t.kind === 'null' || (e.kind === 'ref' && this.#facts.isPresent(refKey(e.root, e.path)));
      const nullVsRequired = (l.kind === 'null' && !mayBeAbsent(right, r)) || (r.kind === 'null' && !mayBeAbsent(left, l));
      if (!nullVsRequired && isEqualityComparable(stripOptional(l), stripOptional(r))) return true;
    } else if (isOrderable(l, r)) {
      return true;
    }
    if (this.literalFormatError(right, l) || this.literalFormatError(left, r)) return false;
    this.reporter.report('ORX5022', at, { operator, left: formatExprType(l), right: formatExprType(r) });
    return false;
  }

  private conditional(node: ConditionalSyntax, hint: ExprType | undefined): TypedExpr {
    const test = this.check(node.test, undefined);
    this.operand(test, '? :', 'a boolean', isBoolean);
    const [whenTrueFacts, whenFalseFacts] = this.#narrowing.split(test, this.#facts);
    const checkTrue = (h: ExprType | undefined): TypedExpr => this.under(whenTrueFacts, () => this.check(node.whenTrue, h));
    const checkFalse = (h: ExprType | undefined): TypedExpr => this.under(whenFalseFacts, () => this.check(node.whenFalse, h));
    let whenTrue: TypedExpr;
    let whenFalse: TypedExpr;
    if (hint !== undefined) {
      whenTrue = checkTrue(hint);
      whenFalse = checkFalse(hint);
    } else if (this.needsContext(node.whenTrue) && !this.needsContext(node.whenFalse)) {
      whenFalse = checkFalse(undefined);
      whenTrue = checkTrue(whenFalse.type);
    } else {
      whenTrue = checkTrue(undefined);
      whenFalse = checkFalse(whenTrue.type);
    }
    let type = join(whenTrue.type, whenFalse.type);
    if (type === undefined) {
      this.reporter.report('ORX5030', whenFalse.range, {
        whenTrue: formatExprType(whenTrue.type),
        whenFalse: formatExprType(whenFalse.type),
      });
      type = UNKNOWN;
    }
    return { kind: 'conditional', test, whenTrue, whenFalse, type, range: node.range };
  }

  private array(node: ArraySyntax, hint: ExprType | undefined): ArrayExpr {
    const h = hint === undefined ? undefined : stripOptional(hint);
    // `status: [checkedIn]`: YAML made a list where one value is expected. Say that, not what its elements are.
    if (node.yaml === true && h !== undefined && h.kind !== 'array' && h.kind !== 'unknown') {
      const [only] = node.elements;
      this.reporter.report('ORX5040', node.range, {
        text: this.reporter.quote(node.range),
        expected: formatExprType(h),
        single: node.elements.length === 1 && only !== undefined ? this.reporter.quote(only.range) : undefined,
      });
      return { kind: 'array', elements: [], type: UNKNOWN, range: node.range };
    }
    let elementHint = h === undefined ? undefined : elementHintOf(h);
    const elements: TypedExpr[] = new Array<TypedExpr>(node.elements.length);
    // Without a hint, the first element that types on its own types the others (`[open, state.status]`).
    let first = 0;
    if (elementHint === undefined) {
      const index = node.elements.findIndex((e) => !this.needsContext(e));
      first = index < 0 ? 0 : index;
    }
    let element: ExprType | undefined;
    for (let k = 0; k < node.elements.length; k++) {
      const i = (first + k) % node.elements.length;
      const syntax = node.elements[i];
      if (syntax === undefined) continue;
      const e = this.check(syntax, elementHint);
      elements[i] = e;
      const t = this.valueType(e, 'as an array element');
      if (element === undefined) {
        element = t;
        elementHint ??= t;
        continue;
      }
      const joined = join(element, t);
      if (joined === undefined) {
        this.reporter.report('ORX5029', e.range, { expected: formatExprType(element), got: formatExprType(t) });
      } else {
        element = joined;
      }
    }
    const ref = element === undefined ? undefined : asTypeRef(element);
    const type: ExprType = ref !== undefined ? arrayOf(ref) : h?.kind === 'array' ? h : EMPTY_ARRAY;
    return { kind: 'array', elements, type, range: node.range };
  }

  /**
   * `{ amount: nights * rate, currency: EUR }` where a value object is expected: every field is
   * checked against the value type (unknown ones with "did you mean", each value against its
   * field's type); required fields may not be left out; fields with a default take it.
   */
  private object(node: ObjectSyntax, hint: ExprType | undefined): TypedExpr {
    const expected = hint === undefined ? undefined : stripOptional(hint);
    const model = expected?.kind === 'value' ? this.scope.types.get(expected.name) : undefined;
    if (expected?.kind !== 'unknown' && model?.kind !== 'value') {
      this.reporter.report('ORX5036', node.range, {
        expected: expected === undefined ? undefined : formatExprType(expected),
        yaml: node.yaml === true,
      });
    }
    if (model?.kind !== 'value') {
      // A YAML mapping in the wrong place is one mistake: its values are not read as expressions too.
      if (node.yaml !== true) for (const f of node.fields) this.check(f.value, UNKNOWN);
      return unknownAt(node.range);
    }
    const given = new Map<string, TypedExpr>();
    let failed = false;
    for (const f of node.fields) {
      const field = findField(model.fields, f.name);
      if (given.has(f.name)) {
        this.reporter.report('ORX5038', f.nameRange, { field: f.name, type: model.name });
        failed = true;
      }
      if (field === undefined) {
        const names = model.fields.map((x) => x.name);
        this.reporter.report('ORX5013', f.nameRange, {
          owner: model.name,
          field: f.name,
          didYouMean: didYouMean(f.name, names),
          fields: listNames(names),
        });
        this.check(f.value, UNKNOWN);
        failed = true;
        continue;
      }
      const value = this.check(f.value, field.optional ? optionalOf(field.type) : field.type);
      const before = this.reporter.errorCount;
      this.expectAssignable(value, field.type, field.optional);
      if (this.reporter.errorCount > before) failed = true;
      given.set(f.name, value);
    }
    const fields: { name: string; value: TypedExpr }[] = [];
    const missing: string[] = [];
    for (const field of model.fields) {
      const value = given.get(field.name);
      if (value !== undefined) fields.push({ name: field.name, value });
      else if (field.default !== undefined) {
        fields.push({ name: field.name, value: { kind: 'constant', value: field.default.value, type: field.type, range: node.range } });
      } else if (!field.optional) missing.push(field.name);
    }
    if (missing.length > 0) {
      this.reporter.report('ORX5037', node.range, { type: model.name, missing: missing.map((m) => `'${m}'`).join(', ') });
      failed = true;
    }
    if (failed) return unknownAt(node.range);
    return { kind: 'object', fields, type: { kind: 'value', name: model.name }, range: node.range };
  }

  /**
   * `x in [a, b]` is `x == a || x == b` (bare enum members allowed, each compared as `==` would);
   * `x in list` for an array value is `contains(list, x)`. `not in` negates either.
   */
  private membership(node: InSyntax): TypedExpr {
    const { negated, range } = node;
    const operator = negated ? 'not in' : 'in';
    if (node.list.kind === 'array') {
      const element = this.check(node.element, undefined);
      const hint = element.type.kind === 'unknown' ? UNKNOWN : stripOptional(element.type);
      if (node.list.elements.length === 0) {
        this.reporter.report('ORX5039', node.list.range, { operator, outcome: negated ? 'true' : 'false' });
      }
      // Each element is compared in turn, knowing the earlier ones did not match (as `||` would).
      let facts = this.#facts;
      const elements: TypedExpr[] = [];
      for (const syntax of node.list.elements) {
        const e = this.check(syntax, hint);
        elements.push(e);
        if (this.comparison('==', e.range, element, e)) {
          this.under(facts, () => this.decided(element, e, '==', e.range));
        }
        facts = this.#narrowing.split({ kind: 'binary', operator: '==', left: element, right: e, type: BOOLEAN, range }, facts)[1];
      }
      const list: ArrayExpr = { kind: 'array', elements, type: EMPTY_ARRAY, range: node.list.range };
      return { kind: 'in', negated, element, list, type: BOOLEAN, range };
    }
    const [list, element] = this.pair(
      node.list,
      node.element,
      (elementType) => {
        const ref = asTypeRef(elementType);
        return ref !== undefined ? arrayOf(ref) : elementType.kind === 'unknown' ? elementType : undefined;
      },
      (arrayType) => elementHintOf(stripOptional(arrayType)),
    );
    const result: TypedExpr = { kind: 'in', negated, element, list, type: BOOLEAN, range };
    const listType = this.valueType(list, `after '${operator}'`);
    const elementType = this.valueType(element, `before '${operator}'`);
    if (listType.kind === 'unknown' || elementType.kind === 'unknown') return result;
    if (listType.kind !== 'array') {
      this.reporter.report('ORX5020', list.range, { operator, expected: 'a list', got: formatExprType(listType) });
      return result;
    }
    if (!isOpenArray(listType) && !isScalar(listType.element)) {
      this.reporter.report('ORX5020', list.range, {
        operator,
        expected: 'a list of strings, numbers, booleans or enum values',
        got: formatExprType(listType),
      });
      return result;
    }
    if (!isOpenArray(listType) && !isEqualityComparable(elementType, listType.element)) {
      if (!this.literalFormatError(element, listType.element)) {
        this.reporter.report('ORX5022', node.operatorRange, {
          operator,
          left: formatExprType(elementType),
          right: formatExprType(listType),
        });
      }
    }
    return result;
  }

  // --- calls ---------------------------------------------------------------------------------

  private call(node: CallSyntax, hint: ExprType | undefined): TypedExpr {
    const { callee, args, range } = node;
    const name = callee.kind === 'identifier' ? callee.name : undefined;
    if (name === undefined || !isBuiltinFunction(name)) {
      if (name === undefined || this.isKnownName(name)) {
        this.reporter.report('ORX5018', callee.range, { name: name ?? this.reporter.quote(callee.range) });
      } else {
        this.reporter.report('ORX5015', callee.range, { name, didYouMean: didYouMean(name, Object.keys(SIGNATURES)) });
      }
      for (const a of args) this.check(a, undefined);
      return unknownAt(range);
    }
    const signature = SIGNATURES[name];
    if (args.length !== signature.arity) {
      const extra = args[signature.arity];
      const last = args[args.length - 1];
      const at = extra !== undefined && last !== undefined ? { start: extra.range.start, end: last.range.end } : callee.range;
      this.reporter.report('ORX5016', at, { name, expected: signature.arity, got: args.length, signature: signature.usage });
      const checked = args.map((a) => this.check(a, undefined));
      return { kind: 'call', callee: name, args: checked, type: signature.result ?? UNKNOWN, range };
    }
    switch (name) {
      case 'len':
      case 'lower':
      case 'upper':
        return this.textCall(node, name);
      case 'min':
      case 'max':
        return this.numericCall(node, name);
      case 'date':
      case 'days':
      case 'hours':
      case 'minutes':
      case 'seconds':
        return this.timeCall(node, name);
      default:
        return this.arrayCall(node, name, hint);
    }
  }

  /** `date(datetime)`: its UTC day; `days`/`hours`/`minutes`/`seconds(duration)`: whole units. */
  private timeCall(node: CallSyntax, name: 'date' | 'days' | 'hours' | 'minutes' | 'seconds'): TypedExpr {
    const args = node.args.map((a) => this.check(a, undefined));
    const [arg] = args;
    if (arg !== undefined) {
      if (name === 'date') this.argument(name, 1, arg, 'a datetime', (t) => isPrimitive(t, 'datetime'));
      else this.argument(name, 1, arg, 'a duration', isDuration);
    }
    return { kind: 'call', callee: name, args, type: SIGNATURES[name].result ?? UNKNOWN, range: node.range };
  }

  private argument(name: BuiltinFunction, position: number, expr: TypedExpr, expected: string, accepts: (t: ExprType) => boolean): ExprType {
    const t = this.valueType(expr, `as an argument of ${name}`);
    if (t.kind === 'unknown' || accepts(t)) return t;
    this.wrongArgument(name, position, expr, expected, t);
    return UNKNOWN;
  }

  private wrongArgument(name: BuiltinFunction, position: number, expr: TypedExpr, expected: string, got: ExprType | string): void {
    this.reporter.report('ORX5017', expr.range, {
      name,
      position,
      expected,
      got: typeof got === 'string' ? got : formatExprType(got),
      signature: SIGNATURES[name].usage,
    });
  }

  private textCall(node: CallSyntax, name: 'len' | 'lower' | 'upper'): TypedExpr {
    const args = node.args.map((a) => this.check(a, undefined));
    const [arg] = args;
    if (arg !== undefined) {
      if (name === 'len') this.argument(name, 1, arg, 'a string or an array', (t) => isText(t) || t.kind === 'array');
      else this.argument(name, 1, arg, 'a string', isText);
    }
    return { kind: 'call', callee: name, args, type: name === 'len' ? INTEGER : STRING, range: node.range };
  }

  private numericCall(node: CallSyntax, name: 'min' | 'max'): TypedExpr {
    const args = node.args.map((a) => this.check(a, undefined));
    const types = args.map((a, i) => this.argument(name, i + 1, a, 'a number', isNumeric));
    const [a, b] = types;
    const type = a === undefined || b === undefined || a.kind === 'unknown' || b.kind === 'unknown' ? UNKNOWN : numericResult(a, b);
    return { kind: 'call', callee: name, args, type, range: node.range };
  }

  /** contains / append / remove: (array, element), each typing the other (`append(state.tags, 'x')`). */
  private arrayCall(node: CallSyntax, name: 'contains' | 'append' | 'remove', hint: ExprType | undefined): TypedExpr {
    const [arraySyntax, elementSyntax] = node.args;
    if (arraySyntax === undefined || elementSyntax === undefined) return unknownAt(node.range);
    const [array, element] = this.pair(
      arraySyntax,
      elementSyntax,
      (elementType) => {
        const ref = asTypeRef(elementType);
        return ref !== undefined ? arrayOf(ref) : name === 'append' ? hint : elementType.kind === 'unknown' ? elementType : undefined;
      },
      (arrayType) => elementHintOf(stripOptional(arrayType)),
    );
    const args = [array, element];
    const fallback: ExprType = name === 'contains' ? BOOLEAN : UNKNOWN;
    const result = (type: ExprType): TypedExpr => ({ kind: 'call', callee: name, args, type, range: node.range });
    const arrayType = this.argument(name, 1, array, 'an array', (t) => t.kind === 'array');
    const elementType = this.valueType(element, `as an argument of ${name}`);
    if (arrayType.kind !== 'array') return result(fallback);
    const elementOfArray = arrayType.element;
    const open = isOpenArray(arrayType);
    if (name === 'append') {
      if (open) {
        const ref = asTypeRef(elementType);
        return result(ref === undefined ? UNKNOWN : arrayOf(ref));
      }
      this.requireAssignable(element, elementType, elementOfArray, () =>
        this.wrongArgument(name, 2, element, formatExprType(elementOfArray), elementType),
      );
      return result(arrayType);
    }
    if (array.kind === 'array' && array.elements.length === 0) {
      this.wrongArgument(name, 1, array, 'an array with elements', 'an empty array literal');
      return result(fallback);
    }
    if (!open && !isScalar(elementOfArray)) {
      this.wrongArgument(name, 1, array, 'an array of strings, numbers, booleans or enum values', arrayType);
      return result(fallback);
    }
    if (!open && !isEqualityComparable(elementType, elementOfArray)) {
      if (!this.literalFormatError(element, elementOfArray)) {
        this.wrongArgument(name, 2, element, formatExprType(elementOfArray), elementType);
      }
    }
    return result(name === 'contains' ? BOOLEAN : arrayType);
  }

  // --- helpers -------------------------------------------------------------------------------

  /**
   * Checks two operands that give each other context: a bare enum member, a quoted literal or
   * `[]` takes its type from the other side, whichever side it is on.
   */
  private pair(
    a: SyntaxNode,
    b: SyntaxNode,
    hintForA: (bType: ExprType) => ExprType | undefined,
    hintForB: (aType: ExprType) => ExprType | undefined = hintForA,
  ): [TypedExpr, TypedExpr] {
    if (this.needsContext(a) && !this.needsContext(b)) {
      const tb = this.check(b, undefined);
      return [this.check(a, hintForA(tb.type)), tb];
    }
    const ta = this.check(a, undefined);
    return [ta, this.check(b, hintForB(ta.type))];
  }

  /** Whether the node's type depends on what is expected (so it should be checked second). */
  private needsContext(node: SyntaxNode): boolean {
    switch (node.kind) {
      case 'identifier':
        return !this.isKnownName(node.name);
      case 'string':
      case 'object':
        return true;
      case 'array':
        return node.elements.length === 0 || node.elements.some((e) => this.needsContext(e));
      case 'conditional':
        return this.needsContext(node.whenTrue) && this.needsContext(node.whenFalse);
      default:
        return false;
    }
  }

  /** Runs `run` with `facts` holding (a branch, the right side of `&&`/`||`). */
  private under<T>(facts: Facts, run: () => T): T {
    const saved = this.#facts;
    this.#facts = facts;
    try {
      return run();
    } finally {
      this.#facts = saved;
    }
  }
}

const stripOptional = (t: ExprType): ExprType => (t.kind === 'optional' ? t.inner : t);
const unknownAt = (range: TextRange): TypedExpr => ({ kind: 'literal', value: null, type: UNKNOWN, range });
const isConstant = (e: TypedExpr): boolean => (e.kind === 'literal' || e.kind === 'enumMember') && e.type.kind !== 'unknown';
const isComposite = (t: ExprType): boolean => t.kind === 'array' || t.kind === 'value';
const isTime = (t: ExprType): boolean => isPrimitive(t, 'date') || isPrimitive(t, 'datetime');

/** `open`, `open or closed`, `open, pending or closed` (for messages). */
function describeConstants(values: ReadonlySet<Constant> | undefined): string {
  const shown = [...(values ?? [])].map((v) => (typeof v === 'string' ? v : String(v)));
  if (shown.length <= 1) return shown[0] ?? 'nothing';
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1) ?? ''}`;
}

/**
 * The hint for the elements of an array expected to have type `t`. An error's `unknown` passes
 * through (to silence follow-on errors); the open element of `[]` is no hint at all.
 */
function elementHintOf(t: ExprType): ExprType | undefined {
  if (t.kind === 'unknown') return t;
  return t.kind === 'array' && !isOpenArray(t) ? t.element : undefined;
}
