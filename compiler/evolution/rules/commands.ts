import type { AggregateModel, CommandModel, DomainModel } from '../../model/model.js';
import { formatTypeRef } from '../../model/type-ref.js';
import { matchByName, type Comparison, type DomainPair } from '../context.js';
import { changeSpans, compareRecords, describeChange, type FieldChange } from '../records.js';
import { aggregatePath, commandPath } from '../spec-version.js';

interface Placed {
  readonly name: string;
  readonly command: CommandModel;
  readonly aggregate: AggregateModel;
}

const commandsOf = (domain: DomainModel): Placed[] =>
  domain.aggregates.flatMap((aggregate) => aggregate.commands.map((command) => ({ name: command.name, command, aggregate })));

/** The fields a caller passes, as one comparable string: a renamed command keeps it. */
const signature = (c: Placed): string =>
  [`${c.aggregate.id.name}:${formatTypeRef(c.aggregate.id.type)}`, ...c.command.fields.map((f) => `${f.name}:${formatTypeRef(f.type)}`)].join(',');

/**
 * Commands are the domain's input: callers name them and send their fields. Command names are
 * unique in a domain, so a command that moved to another aggregate is still the same command.
 * Commands of an aggregate that was removed or added are covered by that aggregate's finding.
 */
export function compareCommands(cmp: Comparison, pair: DomainPair): void {
  const beforeAggregates = new Set(pair.before.aggregates.map((a) => a.name));
  const afterAggregates = new Map(pair.after.aggregates.map((a) => [a.name, a]));
  const { removed, added, kept } = matchByName(commandsOf(pair.before), commandsOf(pair.after));
  for (const gone of removed) {
    const aggregate = afterAggregates.get(gone.aggregate.name);
    if (aggregate === undefined) continue;
    const renamedTo = added.find((c) => signature(c) === signature(gone) && c.aggregate.name === gone.aggregate.name);
    const at =
      renamedTo?.command.span ??
      cmp.after.at(aggregate.span, [...aggregatePath(aggregate.name), aggregate.commands.length > 0 ? 'commands' : 'state']);
    cmp.report(
      'ORX9601',
      at,
      { command: gone.name, aggregate: gone.aggregate.name, renamed: renamedTo === undefined ? '' : ` (renamed to '${renamedTo.name}'?)` },
      gone.command.span,
    );
  }
  for (const fresh of added) {
    if (beforeAggregates.has(fresh.aggregate.name)) cmp.report('ORX9802', fresh.command.span, { command: fresh.name, aggregate: fresh.aggregate.name });
  }
  for (const [before, after] of kept) {
    if (afterAggregates.has(before.aggregate.name)) compareCommand(cmp, pair, before, after);
  }
}

function compareCommand(cmp: Comparison, pair: DomainPair, before: Placed, after: Placed): void {
  const command = after.name;
  // A command that moved to another aggregate takes that aggregate's id field (an id renamed in
  // place is reported once for the aggregate, rules/aggregates.ts).
  if (before.aggregate.name !== after.aggregate.name && before.aggregate.id.name !== after.aggregate.id.name) {
    cmp.report('ORX9604', after.command.span, { command, field: before.aggregate.id.name }, before.command.span);
    cmp.report('ORX9602', after.command.span, { command, field: after.aggregate.id.name }, before.command.span);
  }
  const changes = compareRecords(
    {
      before: before.command.fields,
      after: after.command.fields,
      beforeTypes: pair.beforeTypes,
      afterTypes: pair.afterTypes,
      at: cmp.after.at(after.command.span, [...commandPath(after.aggregate.name, command), 'fields']),
    },
    'input',
  );
  for (const change of changes) reportInputChange(cmp, command, change);
}

function reportInputChange(cmp: Comparison, command: string, change: FieldChange): void {
  const { at, was } = changeSpans(change);
  const record = `command '${command}'`;
  const text = describeChange(change);
  switch (change.kind) {
    case 'pii':
      // Commands are not stored: marking input as personal data changes nothing a caller sends.
      return;
    case 'added':
      if (change.required) cmp.report('ORX9602', at, { command, field: change.path }, was);
      else cmp.report('ORX9801', at, { record, field: change.path });
      return;
    case 'removed':
      cmp.report('ORX9604', at, { command, field: change.path }, was);
      return;
    case 'members':
      if (change.removed.length > 0) cmp.report('ORX9603', at, { command, change: text }, was);
      else cmp.report('ORX9808', at, { record, change: text }, was);
      return;
    case 'type':
    case 'required':
    case 'constraint':
      if (change.direction === 'widened') cmp.report('ORX9808', at, { record, change: text }, was);
      else cmp.report('ORX9603', at, { command, change: text }, was);
      return;
  }
}
