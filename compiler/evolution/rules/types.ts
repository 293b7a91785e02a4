import type { DomainModel, EventModel } from '../../model/model.js';
import type { Comparison, DomainPair } from '../context.js';
import { summarizeList } from '../context.js';
import { quoteList } from '../records.js';
import type { TypeTable } from '../shapes.js';

/**
 * Enum members are values in stored events: a member removed (or renamed) from an enum that stored
 * events use leaves those events with a value the new code does not know. Reported once per enum,
 * where it is declared; commands that take the enum are reported per field (rules/commands.ts).
 */
export function compareEnums(cmp: Comparison, pair: DomainPair): void {
  const afterTypes = new Map(pair.after.types.map((t) => [t.name, t]));
  for (const before of pair.before.types) {
    const after = afterTypes.get(before.name);
    if (before.kind !== 'enum' || after?.kind !== 'enum') continue;
    const removed = before.members.filter((m) => !after.members.includes(m));
    const added = after.members.filter((m) => !before.members.includes(m));
    const enumAt = cmp.after.at(after.span, ['types', after.name, 'enum']);
    if (removed.length > 0) {
      const users = storedUsers(pair.before, pair.beforeTypes, before.name);
      if (users.length > 0) {
        // A member replaced at the same position, with as many members as before, was most likely renamed.
        const renames = removed
          .map((m) => [m, after.members[before.members.indexOf(m)]] as const)
          .filter(([, to]) => to !== undefined && added.includes(to) && before.members.length === after.members.length);
        const renamed = renames.length === 0 ? '' : ` (renamed: ${renames.map(([from, to]) => `'${from}' to '${to ?? ''}'`).join(', ')}?)`;
        cmp.report('ORX9504', enumAt, { enumName: after.name, members: quoteList(removed), users: summarizeList(users, 4), renamed }, before.span);
      }
    }
    if (added.length > 0) {
      const first = after.members.indexOf(added[0] ?? '');
      cmp.report('ORX9804', cmp.after.at(after.span, ['types', after.name, 'enum', first], 'value'), { enumName: after.name, members: quoteList(added) });
    }
  }
}

/** The events (and versions) of a domain whose stored data can hold a member of `enumName`. */
function storedUsers(domain: DomainModel, types: TypeTable, enumName: string): string[] {
  const users: string[] = [];
  for (const aggregate of domain.aggregates) {
    for (const event of aggregate.events) {
      const versions = [...event.previous, event].filter((v) => v.fields.some((f) => types.uses(f.type, enumName)));
      if (versions.length > 0) users.push(describeVersions(event, versions.map((v) => v.version)));
    }
  }
  return users;
}

const describeVersions = (event: EventModel, versions: readonly number[]): string =>
  event.version === 1 ? event.name : `${event.name} v${versions.join(', v')}`;
