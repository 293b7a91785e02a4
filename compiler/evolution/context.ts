import { createDiagnostic, type DiagnosticParams } from '../diagnostics/catalog/index.js';
import type { EvolutionCode } from '../diagnostics/catalog/evolution.js';
import { plainSpan, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { DomainModel } from '../model/model.js';
import { TypeTable } from './shapes.js';
import { SpecLocator, type SpecVersion } from './spec-version.js';

/** The two versions being compared and where findings go. */
export class Comparison {
  readonly before: SpecLocator;
  readonly after: SpecLocator;
  readonly #diagnostics: Diagnostic[] = [];

  constructor(before: SpecVersion, after: SpecVersion) {
    this.before = new SpecLocator(before);
    this.after = new SpecLocator(after);
  }

  /** How the earlier version is named in messages. */
  get ref(): string {
    return this.before.version.label;
  }

  /** Reports a change at `at` in the current specs, naming the place it was at in the earlier version. */
  report<C extends EvolutionCode>(code: C, at: Span, params: DiagnosticParams<C>, was?: Span): void {
    const related = was === undefined ? [] : [{ message: `as it was in ${this.ref}`, span: plainSpan(was) }];
    this.#diagnostics.push(createDiagnostic(code, plainSpan(at), params, related));
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.#diagnostics;
  }
}

/** One domain in both versions, with their type tables. */
export interface DomainPair {
  readonly before: DomainModel;
  readonly after: DomainModel;
  readonly beforeTypes: TypeTable;
  readonly afterTypes: TypeTable;
}

export const domainPair = (before: DomainModel, after: DomainModel): DomainPair => ({
  before,
  after,
  beforeTypes: new TypeTable(before),
  afterTypes: new TypeTable(after),
});

/** Entries of two lists matched by name: removed (only before), added (only after), and kept (both). */
export function matchByName<T extends { readonly name: string }>(
  before: readonly T[],
  after: readonly T[],
): { readonly removed: readonly T[]; readonly added: readonly T[]; readonly kept: readonly (readonly [T, T])[] } {
  const afterByName = new Map(after.map((a) => [a.name, a]));
  const beforeNames = new Set(before.map((b) => b.name));
  const kept: (readonly [T, T])[] = [];
  const removed: T[] = [];
  for (const b of before) {
    const a = afterByName.get(b.name);
    if (a === undefined) removed.push(b);
    else kept.push([b, a]);
  }
  return { removed, added: after.filter((a) => !beforeNames.has(a.name)), kept };
}

/** The first few items and how many more: "a, b, c and 2 more". */
export function summarizeList(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
