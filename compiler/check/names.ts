import type { Span } from '../diagnostics/diagnostic.js';
import type { Reporter } from './reporter.js';
import { CAMEL_CASE, NAME_RULES, PASCAL_CASE } from '../model/name-rules.js';
import { RUNTIME_NAMES, SHADOWED_GLOBALS } from '../model/reserved.js';

/**
 * Naming rules. Names become TypeScript identifiers, type names and property keys in generated
 * code, so they are restricted to plain ASCII identifiers with a fixed casing per kind, and refused
 * only where generated code could not use them safely (see model/reserved.ts; the rules themselves are model/name-rules.ts).
 */

export type DeclarationKind = 'aggregate' | 'command' | 'event' | 'type' | 'read model' | 'automation';

/** What a camelCase name names, for messages. */
export type FieldNameKind = 'field' | 'id field';

export const isPascalCase = (name: string): boolean => PASCAL_CASE.test(name);
export const isCamelCase = (name: string): boolean => CAMEL_CASE.test(name);

/** Splits `account_status`, `account-status`, `accountStatus` into words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** `account_status` -> `AccountStatus`; undefined when no valid PascalCase name comes out. */
export function toPascalCase(name: string): string | undefined {
  const result = words(name).map(capitalize).join('');
  return NAME_RULES.declaration.pattern.test(result) && !NAME_RULES.declaration.refused.has(result) ? result : undefined;
}

/** `Owner_name` -> `ownerName`; undefined when no valid camelCase name comes out. */
export function toCamelCase(name: string): string | undefined {
  const parts = words(name);
  const result = parts.map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w))).join('');
  return NAME_RULES.field.pattern.test(result) && !NAME_RULES.field.refused.has(result) ? result : undefined;
}

const suggestion = (s: string | undefined): string => (s === undefined ? '' : ` (e.g. '${s}')`);

/**
 * Checks a domain name: `[a-z][a-zA-Z0-9]*`. Any such name is safe: generated code only derives
 * names from it (`createBanking`, `Banking`), and those never collide (emit/domain-names.ts).
 */
export function checkDomainName(name: string, span: Span, reporter: Reporter): boolean {
  if (!NAME_RULES.domain.pattern.test(name)) {
    reporter.report('ORX3001', span, { name, suggestion: suggestion(toCamelCase(name)) });
    return false;
  }
  return true;
}

/** Where a refused PascalCase name comes from, for ORX3005. */
const shadowed = (name: string): 'built-in' | 'runtime' | undefined =>
  SHADOWED_GLOBALS.has(name) ? 'built-in' : RUNTIME_NAMES.has(name) ? 'runtime' : undefined;

/** Checks an aggregate, command, event, type, read model or automation name: PascalCase, not shadowing a global. */
export function checkDeclarationName(kind: DeclarationKind, name: string, span: Span, reporter: Reporter): boolean {
  if (!NAME_RULES.declaration.pattern.test(name)) {
    reporter.report('ORX3002', span, { kind, name, suggestion: suggestion(toPascalCase(name)) });
    return false;
  }
  if (NAME_RULES.declaration.refused.has(name)) {
    reporter.report('ORX3005', span, { kind, name, source: shadowed(name) ?? 'built-in' });
    return false;
  }
  return true;
}

/** Checks a field name (state, command, event, previous version, value type) or an id field name. */
export function checkFieldName(name: string, span: Span, reporter: Reporter, kind: FieldNameKind = 'field'): boolean {
  if (!NAME_RULES.field.pattern.test(name)) {
    reporter.report('ORX3003', span, { kind, name, suggestion: suggestion(toCamelCase(name)) });
    return false;
  }
  if (NAME_RULES.field.refused.has(name)) {
    reporter.report('ORX3004', span, { kind, name, reason: 'inherited' });
    return false;
  }
  return true;
}

/** Enum members are identifier-like (`open`, `EUR`, `in_progress`) and not words of the expression language. */
export function checkEnumMember(member: string, enumName: string, span: Span, reporter: Reporter): boolean {
  if (!NAME_RULES.enumMember.pattern.test(member)) {
    reporter.report('ORX3007', span, { member, enumName });
    return false;
  }
  if (NAME_RULES.enumMember.refused.has(member)) {
    reporter.report('ORX3004', span, { kind: 'enum member', name: member, reason: 'expression' });
    return false;
  }
  return true;
}

/** Domain error codes raised by `requires` are PascalCase (`LimitExceeded`) and shadow no global. */
export function checkErrorCode(code: string, span: Span, reporter: Reporter): boolean {
  if (!NAME_RULES.errorCode.pattern.test(code)) {
    reporter.report('ORX3008', span, { code, suggestion: suggestion(toPascalCase(code)) });
    return false;
  }
  if (NAME_RULES.errorCode.refused.has(code)) {
    reporter.report('ORX3005', span, { kind: 'error code', name: code, source: 'built-in' });
    return false;
  }
  return true;
}
