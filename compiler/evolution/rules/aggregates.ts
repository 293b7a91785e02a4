import type { Span } from '../../diagnostics/diagnostic.js';
import type { AggregateModel } from '../../model/model.js';
import { matchByName, summarizeList, type Comparison, type DomainPair } from '../context.js';
import { compareRecords, describeChange } from '../records.js';
import { primitiveDirection } from '../shapes.js';
import { aggregatePath } from '../spec-version.js';
import { compareEvents } from './events.js';

/**
 * Aggregates name their streams (`<domain>/<Aggregate>/<id>`): one that is gone, or renamed, leaves
 * its stored streams behind. Kept aggregates are compared by id, state and events.
 */
export function compareAggregates(cmp: Comparison, pair: DomainPair): void {
  const { removed, added, kept } = matchByName(pair.before.aggregates, pair.after.aggregates);
  for (const gone of removed) {
    const renamedTo = added.find((a) => sameNames(a, gone));
    const at = renamedTo?.span ?? whereRemoved(cmp, pair, gone);
    cmp.report(
      'ORX9508',
      at,
      { aggregate: gone.name, domain: pair.before.name, renamed: renamedTo === undefined ? '' : ` (renamed to '${renamedTo.name}'?)` },
      gone.span,
    );
  }
  for (const fresh of added) cmp.report('ORX9806', fresh.span, { aggregate: fresh.name });
  for (const [before, after] of kept) {
    compareId(cmp, before, after);
    compareState(cmp, pair, before, after);
    compareEvents(cmp, pair, before, after);
  }
}

/** Same events, or same commands: most likely the same aggregate under a new name. */
function sameNames(a: AggregateModel, b: AggregateModel): boolean {
  const names = (x: AggregateModel): string => [...x.events.map((e) => e.name), '|', ...x.commands.map((c) => c.name)].join(',');
  return a.events.length + a.commands.length > 0 && names(a) === names(b);
}

/** `aggregates:` in the current file at the removed aggregate's path, else in the domain's first file. */
function whereRemoved(cmp: Comparison, pair: DomainPair, gone: AggregateModel): Span {
  const sameFile = cmp.after.sameFile(cmp.before.version.localPath(gone.span.file));
  const file = sameFile?.file ?? pair.after.sources[0];
  return (file === undefined ? undefined : cmp.after.inFile(file, ['aggregates'])) ?? gone.span;
}

function compareId(cmp: Comparison, before: AggregateModel, after: AggregateModel): void {
  const at = cmp.after.at(after.span, [...aggregatePath(after.name), 'id']);
  const was = cmp.before.at(before.span, [...aggregatePath(before.name), 'id']);
  if (before.id.name !== after.id.name) {
    const change = `its field was renamed from '${before.id.name}' to '${after.id.name}', so every command of '${after.name}' now needs '${after.id.name}' and callers sending '${before.id.name}' are rejected`;
    cmp.report('ORX9605', at, { aggregate: after.name, change }, was);
  }
  const from = before.id.type;
  const to = after.id.type;
  if (from.kind !== 'primitive' || to.kind !== 'primitive') return;
  const direction = primitiveDirection(from.name, to.name);
  if (direction === 'widened') {
    cmp.report('ORX9808', at, { record: `aggregate '${after.name}'`, change: `the id type widened from ${from.name} to ${to.name}` }, was);
  } else if (direction !== 'same') {
    const change = `its type went from ${from.name} to ${to.name}; streams stored under ids that are not valid ${to.name} values can no longer be addressed, and callers sending them are rejected`;
    cmp.report('ORX9605', at, { aggregate: after.name, change }, was);
  }
}

/** Snapshots and cached states record the state schema hash; another hash means they are rebuilt. */
function compareState(cmp: Comparison, pair: DomainPair, before: AggregateModel, after: AggregateModel): void {
  if (before.stateSchemaHash === after.stateSchemaHash) return;
  const changes = compareRecords(
    { before: before.state, after: after.state, beforeTypes: pair.beforeTypes, afterTypes: pair.afterTypes, at: after.span },
    'stored',
  ).map(describeChange);
  const at = cmp.after.at(after.span, [...aggregatePath(after.name), 'state']);
  const was = cmp.before.at(before.span, [...aggregatePath(before.name), 'state']);
  cmp.report('ORX9701', at, { aggregate: after.name, changes: changes.length === 0 ? 'the order of its fields' : summarizeList(changes) }, was);
}
