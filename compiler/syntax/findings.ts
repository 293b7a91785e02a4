import type { z } from 'zod';
import type { DocPath } from '../load/source.js';
import { suggest } from '../diagnostics/suggest.js';
import { expectedNoun, quoteList } from './describe.js';
import {
  chooseBranch,
  knownKeysAt,
  knownKeysOf,
  requiredKeysOf,
  type Schema,
  schemaAt,
  unionOptions,
  valueAt,
} from './zod-walk.js';

/**
 * Zod issues -> findings: one per problem, attached to the document path it concerns, with union
 * issues narrowed to the branch the value meant. Findings are code-agnostic; the DSL and the config
 * file turn them into their own diagnostics.
 */
export type Finding =
  | { readonly kind: 'unknownKey'; readonly path: DocPath; readonly key: string; readonly known: readonly string[]; readonly suggestion: string | undefined }
  /** `keys`: the missing key, or several when the value needs any one of them. */
  | { readonly kind: 'missingKey'; readonly path: DocPath; readonly keys: readonly string[] }
  | { readonly kind: 'wrongType'; readonly path: DocPath; readonly expected: string }
  | { readonly kind: 'outOfRange'; readonly path: DocPath; readonly expected: string }
  | { readonly kind: 'notAllowed'; readonly path: DocPath; readonly allowed: readonly string[]; readonly suggestion: string | undefined }
  | { readonly kind: 'badFormat'; readonly path: DocPath; readonly problem: string; readonly atKey: boolean }
  | { readonly kind: 'rule'; readonly path: DocPath; readonly problem: string };

type Issue = z.core.$ZodIssue;

export interface FindingReport {
  readonly findings: readonly Finding[];
  /** Every issue was an unknown key: dropping those keys makes the value valid (as far as Zod saw). */
  readonly onlyUnknownKeys: boolean;
}

export function findingsOf(root: Schema, value: unknown, issues: readonly Issue[]): FindingReport {
  const collector = new Collector(root, value);
  collector.collect(issues, []);
  const findings = suppressCoveredMissingKeys(dedupe(collector.findings));
  return { findings, onlyUnknownKeys: collector.findings.every((f) => f.kind === 'unknownKey') };
}

const toDocPath = (path: readonly PropertyKey[]): (string | number)[] =>
  path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');

class Collector {
  readonly findings: Finding[] = [];

  constructor(
    private readonly root: Schema,
    private readonly value: unknown,
  ) {}

  collect(issues: readonly Issue[], base: DocPath): void {
    for (const issue of issues) this.issue(issue, [...base, ...toDocPath(issue.path)]);
  }

  private issue(issue: Issue, path: DocPath): void {
    const here = valueAt(this.value, path);
    switch (issue.code) {
      case 'invalid_union':
        this.union(issue.errors, path, here);
        return;
      case 'unrecognized_keys': {
        const known = knownKeysAt(this.root, this.value, path);
        for (const key of issue.keys) this.unknownKey([...path, key], key, known);
        return;
      }
      case 'invalid_type':
        if (here === undefined && path.length > 0) {
          this.push({ kind: 'missingKey', path: path.slice(0, -1), keys: [String(path.at(-1))] });
        } else if (issue.expected === 'int' && typeof here === 'number') {
          this.push({ kind: 'outOfRange', path, expected: this.expected(path) });
        } else this.push({ kind: 'wrongType', path, expected: this.expected(path) });
        return;
      case 'too_small':
      case 'too_big':
        this.push({ kind: 'outOfRange', path, expected: this.range(issue, path) });
        return;
      case 'invalid_value': {
        const allowed = issue.values.map(String);
        const suggestion = typeof here === 'string' ? suggest(here, allowed) : undefined;
        this.push({ kind: 'notAllowed', path, allowed, suggestion });
        return;
      }
      case 'invalid_format':
        this.push({ kind: 'badFormat', path, problem: formatProblem(issue), atKey: false });
        return;
      case 'invalid_key': {
        const inner = issue.issues[0];
        const problem = inner === undefined ? 'this key is not allowed here' : formatProblem(inner);
        this.push({ kind: 'badFormat', path, problem, atKey: true });
        return;
      }
      default:
        this.push({ kind: 'rule', path, problem: issue.message });
    }
  }

  /** A union failed: report the issues of the branch the value meant, or why no branch fits. */
  private union(errors: readonly (readonly Issue[])[], path: DocPath, here: unknown): void {
    const schema = schemaAt(this.root, this.value, path);
    const options = schema === undefined ? undefined : unionOptions(schema);
    if (options === undefined || options.length !== errors.length) {
      this.push({ kind: 'wrongType', path, expected: expectedNoun(schema) });
      return;
    }
    const choice = chooseBranch(options, here);
    if (choice.kind === 'none') {
      this.push({ kind: 'wrongType', path, expected: expectedNoun(schema) });
    } else if (choice.kind === 'one') {
      this.collect(errors[choice.index] ?? [], path);
    } else this.tied(choice.indexes.map((i) => options[i]).filter((o) => o !== undefined), path, here);
  }

  /** Several mapping branches fit as well: say which keys would decide (or conflict). */
  private tied(options: readonly Schema[], path: DocPath, here: unknown): void {
    const keys = here !== null && typeof here === 'object' ? Object.keys(here) : [];
    const knownBy = options.map((o) => knownKeysOf(o) ?? []);
    const known = [...new Set(knownBy.flat())];
    const exclusive = keys.filter((k) => knownBy.some((ks) => ks.includes(k)) && !knownBy.every((ks) => ks.includes(k)));
    if (exclusive.length >= 2) {
      this.push({ kind: 'rule', path, problem: `use only one of ${quoteList(exclusive)}` });
      return;
    }
    const missing = [...new Set(options.flatMap((o) => requiredKeysOf(o).filter((k) => !keys.includes(k))))];
    if (missing.length > 0) this.push({ kind: 'missingKey', path, keys: missing });
    for (const key of keys) if (!known.includes(key)) this.unknownKey([...path, key], key, known);
  }

  private unknownKey(path: DocPath, key: string, known: readonly string[]): void {
    this.push({ kind: 'unknownKey', path, key, known, suggestion: suggest(key, known) });
  }

  private expected(path: DocPath): string {
    return expectedNoun(schemaAt(this.root, this.value, path));
  }

  private range(issue: Issue & { code: 'too_small' | 'too_big' }, path: DocPath): string {
    const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const atLeast = issue.code === 'too_small';
    switch (issue.origin) {
      case 'array':
      case 'set':
        return `a list with ${atLeast ? 'at least' : 'at most'} ${bound} ${bound === 1 ? 'item' : 'items'}`;
      case 'string':
        return `text of ${atLeast ? 'at least' : 'at most'} ${bound} ${bound === 1 ? 'character' : 'characters'}`;
      default: {
        // Integers beyond 2^53 are not exact in JavaScript: say so rather than "too big".
        if (issue.origin === 'int' && !atLeast) return `an integer of at most ${bound} (larger ones are not exact)`;
        return this.expected(path);
      }
    }
  }

  private push(finding: Finding): void {
    this.findings.push(finding);
  }
}

/** Zod's own words for a failed pattern are "Invalid string: ..."; the schema's custom message is better. */
function formatProblem(issue: Issue): string {
  if (issue.code === 'invalid_format' && /^Invalid /.test(issue.message)) {
    return issue.format === 'regex' && 'pattern' in issue ? `it must match ${String(issue.pattern)}` : `it is not a valid ${issue.format}`;
  }
  return issue.message;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `chek:` reported as unknown with "did you mean 'check'" already explains the missing `check`. */
function suppressCoveredMissingKeys(findings: readonly Finding[]): Finding[] {
  const suggested = new Set(
    findings.flatMap((f) => (f.kind === 'unknownKey' && f.suggestion !== undefined ? [pathKey([...f.path.slice(0, -1), f.suggestion])] : [])),
  );
  return findings.filter((f) => !(f.kind === 'missingKey' && f.keys.length === 1 && suggested.has(pathKey([...f.path, f.keys[0] ?? '']))));
}

const pathKey = (path: DocPath): string => JSON.stringify(path);
