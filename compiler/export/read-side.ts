import { DURATION_UNITS } from '../expr/ast.js';
import { printExpression } from '../expr/print.js';
import type { AutomationModel, ProjectionModel } from '../model/model.js';

/** What an automation does besides "on event, execute command", as DSL text. */
export interface AutomationTerms {
  /** `30m`: the durable delay from the event's time. */
  readonly after: string | undefined;
  /** The list `forEach` runs over (`event.lines`); one command per element, in scope as `item`. */
  readonly forEach: string | undefined;
  /** The `when` checked once per event (it does not read `item`). */
  readonly whenOnce: string | undefined;
  /** The `when` checked per element (it reads `item`). */
  readonly whenPerItem: string | undefined;
}

export function automationTerms(automation: AutomationModel): AutomationTerms {
  const when = automation.when === undefined ? undefined : printExpression(automation.when.tree);
  return {
    after: automation.delayMs > 0 ? formatDelay(automation.delayMs) : undefined,
    forEach: automation.forEach === undefined ? undefined : printExpression(automation.forEach.tree),
    whenOnce: automation.whenPerItem ? undefined : when,
    whenPerItem: automation.whenPerItem ? when : undefined,
  };
}

/** The words on the way into an automation (once per event, after any delay) and on the way out to its commands. */
export function automationEdgeWords(terms: AutomationTerms): { readonly into: string[]; readonly out: string[] } {
  const into = terms.whenOnce === undefined ? [] : [`when ${terms.whenOnce}`];
  const out = [
    ...(terms.forEach === undefined ? [] : [`for each item in ${terms.forEach}`]),
    ...(terms.whenPerItem === undefined ? [] : [`when ${terms.whenPerItem}`]),
  ];
  return { into, out };
}

/** What an event does to a read model's row: `set`, `update, key event.customerId, when event.total > 0`. */
export function projectionWords(projection: ProjectionModel): string[] {
  const parts: string[] = [projection.action.kind];
  if (projection.key.origin === 'explicit') parts.push(`key ${printExpression(projection.key.value.tree)}`);
  if (projection.when !== undefined) parts.push(`when ${printExpression(projection.when.tree)}`);
  return parts;
}

/** `after:` as written, in its largest whole unit (`30m`, `2d`, `90s`). */
export function formatDelay(ms: number): string {
  const largestFirst = Object.entries(DURATION_UNITS).sort(([, a], [, b]) => b - a);
  for (const [unit, size] of largestFirst) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
