import type { Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { ExprField, ExprScope } from '../expr/index.js';
import type { RefExpr, TypedExpr } from '../expr/ast.js';
import type { AggregateModel, CommandModel, EventModel, EventRefModel, FieldModel } from '../model/model.js';
import type { DomainContext } from './context.js';

/**
 * What read models and automations share: they name events and commands of the whole domain (names
 * are unique across kinds), and their expressions see an event as its consumers get it.
 */

export interface FoundEvent {
  readonly event: EventModel;
  readonly aggregate: AggregateModel;
}

export interface FoundCommand {
  readonly command: CommandModel;
  readonly aggregate: AggregateModel;
}

export interface ReadSideContext {
  readonly domain: DomainContext;
  /** Every event of the domain by name (the first declaration of a duplicated name). */
  readonly events: ReadonlyMap<string, FoundEvent>;
  readonly commands: ReadonlyMap<string, FoundCommand>;
}

export function readSideContext(domain: DomainContext, aggregates: readonly AggregateModel[]): ReadSideContext {
  const events = new Map<string, FoundEvent>();
  const commands = new Map<string, FoundCommand>();
  for (const aggregate of aggregates) {
    for (const event of aggregate.events) if (!events.has(event.name)) events.set(event.name, { event, aggregate });
    for (const command of aggregate.commands) {
      if (!commands.has(command.name)) commands.set(command.name, { command, aggregate });
    }
  }
  return { domain, events, commands };
}

/** The kind of another declaration called `name` ('' when there is none), for "X is a command, not an event". */
const otherKind = (ctx: ReadSideContext, name: string): string => ctx.domain.symbols.get(name)?.kind ?? '';

/** The event called `name`, or undefined after reporting ORX6101 at `span` (`where` says who reacts to it). */
export function resolveEvent(name: string, span: Span, where: string, ctx: ReadSideContext): FoundEvent | undefined {
  const found = ctx.events.get(name);
  if (found !== undefined) return found;
  const kind = otherKind(ctx, name);
  const suggestion = kind === '' ? didYouMean(name, ctx.events.keys()) : '';
  ctx.domain.reporter.report('ORX6101', span, { where, name, kind, suggestion });
  return undefined;
}

/** The command called `name`, or undefined after reporting ORX6150 at `span`. */
export function resolveCommand(name: string, span: Span, automation: string, ctx: ReadSideContext): FoundCommand | undefined {
  const found = ctx.commands.get(name);
  if (found !== undefined) return found;
  const kind = otherKind(ctx, name);
  const suggestion = kind === '' ? didYouMean(name, ctx.commands.keys()) : '';
  ctx.domain.reporter.report('ORX6150', span, { automation, name, kind, suggestion });
  return undefined;
}

export const eventRef = (found: FoundEvent): EventRefModel => ({
  name: found.event.name,
  aggregate: found.aggregate.name,
  version: found.event.version,
});

/** Fields of stored data as expressions read them: pii without an `erased:` value may be gone. */
export const readFields = (fields: readonly FieldModel[]): readonly ExprField[] =>
  fields.map((f) => ({ name: f.name, type: f.type, optional: f.readOptional }));

/** The scope of an expression about one event: `event.<field>` at its current version, `id` (its aggregate's id), `time`. */
export const eventScope = (found: FoundEvent, domain: DomainContext): ExprScope => ({
  event: readFields(found.event.fields),
  id: found.aggregate.id.type,
  time: true,
  types: domain.expressions.types,
});

/**
 * Every `ref` node of a typed tree, in source order. The walk is generic (every child node, whatever
 * its kind) so that new kinds of expressions are covered without changes here.
 */
export function refsOf(tree: TypedExpr): readonly RefExpr[] {
  const out: RefExpr[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as { readonly kind?: unknown };
    if (record.kind === 'ref') {
      out.push(node as RefExpr);
      return;
    }
    // `type` and `range` hold types and offsets, never expressions.
    for (const [key, value] of Object.entries(node)) if (key !== 'type' && key !== 'range') visit(value);
  };
  visit(tree);
  return out;
}
