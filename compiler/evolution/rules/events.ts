import type { AggregateModel, EventModel, EventVersionModel, SubjectRef } from '../../model/model.js';
import { matchByName, type Comparison, type DomainPair } from '../context.js';
import { changeSpans, compareRecords, describeChange, type FieldChange } from '../records.js';
import { eventPath } from '../spec-version.js';

/**
 * Events are stored data: every version that was ever written must stay readable as it was
 * written. Each version present in both spec versions is compared field by field.
 */
export function compareEvents(cmp: Comparison, pair: DomainPair, before: AggregateModel, after: AggregateModel): void {
  const { removed, added, kept } = matchByName(before.events, after.events);
  for (const event of removed) {
    const at = cmp.after.at(after.span, ['aggregates', after.name, 'events']);
    cmp.report('ORX9503', at, { aggregate: before.name, what: `event '${event.name}' was removed` }, event.span);
  }
  for (const event of added) cmp.report('ORX9803', event.span, { event: event.name, aggregate: after.name });
  for (const [b, a] of kept) compareEvent(cmp, pair, after.name, b, a);
}

/** The fields of version `version` of an event: the current ones, or an entry of `previous`. */
const versionOf = (event: EventModel, version: number): EventVersionModel | undefined =>
  version === event.version ? event : event.previous.find((p) => p.version === version);

function compareEvent(cmp: Comparison, pair: DomainPair, aggregate: string, before: EventModel, after: EventModel): void {
  const path = eventPath(aggregate, after.name);
  const versionAt = cmp.after.at(after.span, [...path, 'version']);
  if (after.version < before.version) {
    cmp.report(
      'ORX9503',
      versionAt,
      { aggregate, what: `event '${after.name}' went back from version ${before.version} to ${after.version}` },
      cmp.before.at(before.span, [...eventPath(aggregate, before.name), 'version']),
    );
  } else if (after.version > before.version) {
    cmp.report('ORX9805', versionAt, { event: after.name, from: before.version, to: after.version });
  }
  for (let version = 1; version <= Math.min(before.version, after.version); version++) {
    const was = versionOf(before, version);
    const now = versionOf(after, version);
    if (was === undefined || now === undefined) continue;
    // The version that is current in both specs changed in place; any other one is a `previous` entry.
    const inPlace = version === before.version && version === after.version;
    const fieldsPath = inPlace ? [...path, 'fields'] : [...path, 'previous', String(version), 'fields'];
    const changes = compareRecords(
      { before: was.fields, after: now.fields, beforeTypes: pair.beforeTypes, afterTypes: pair.afterTypes, at: cmp.after.at(after.span, fieldsPath) },
      'stored',
    );
    for (const change of changes) reportStoredChange(cmp, after.name, version, inPlace, change);
    compareSubjects(cmp, `event '${after.name}' version ${version}`, was, now);
  }
}

function reportStoredChange(cmp: Comparison, event: string, version: number, inPlace: boolean, change: FieldChange): void {
  const { at, was } = changeSpans(change);
  const text = describeChange(change);
  const record = `event '${event}' version ${version}`;
  const reshaped = (): void => {
    if (inPlace) cmp.report('ORX9501', at, { event, version, change: text }, was);
    else cmp.report('ORX9502', at, { event, version, change: text, ref: cmp.ref }, was);
  };
  switch (change.kind) {
    case 'members':
      // Reported once per enum, where the enum is declared (rules/types.ts).
      return;
    case 'pii':
      cmp.report(change.became ? 'ORX9506' : 'ORX9507', at, { event, version, path: change.path }, was);
      return;
    case 'added':
      if (change.required) reshaped();
      else cmp.report('ORX9801', at, { record, field: change.path });
      return;
    case 'removed':
      reshaped();
      return;
    case 'type':
      if (change.direction === 'widened') cmp.report('ORX9808', at, { record, change: text }, was);
      else if (change.direction === 'narrowed') cmp.report('ORX9505', at, { event, version, change: text }, was);
      else reshaped();
      return;
    case 'required':
    case 'constraint':
      if (change.direction === 'widened') cmp.report('ORX9808', at, { record, change: text }, was);
      else cmp.report('ORX9505', at, { event, version, change: text }, was);
      return;
  }
}

/**
 * Ciphertexts name their key, so a stored value stays readable when its subject changes; but it
 * stays under the earlier subject's key, which `forget` of the new subject does not destroy.
 */
function compareSubjects(cmp: Comparison, record: string, before: EventVersionModel, after: EventVersionModel): void {
  const earlier = new Map(before.piiPaths.map((p) => [p.path.join('.'), p.subject]));
  for (const path of after.piiPaths) {
    const key = path.path.join('.');
    const subject = earlier.get(key);
    if (subject === undefined || sameSubject(subject, path.subject)) continue;
    const field = after.fields.find((f) => f.name === path.path[0]);
    const was = before.fields.find((f) => f.name === path.path[0]);
    if (field === undefined) continue;
    const params = { record, path: key.replaceAll('.[]', '[]'), before: describeSubject(subject), after: describeSubject(path.subject) };
    cmp.report('ORX9702', field.span, params, was?.span);
  }
}

const sameSubject = (a: SubjectRef, b: SubjectRef): boolean =>
  a.kind === b.kind && (a.kind === 'id' || a.kind === 'inherited' || (b.kind !== 'id' && b.kind !== 'inherited' && a.name === b.name));

export function describeSubject(subject: SubjectRef): string {
  switch (subject.kind) {
    case 'id':
      return 'the aggregate id';
    case 'field':
      return `field '${subject.name}'`;
    case 'state':
      return `state field '${subject.name}'`;
    case 'inherited':
      return 'the subject of the record holding it';
  }
}
