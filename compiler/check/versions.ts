import { didYouMean } from '../diagnostics/suggest.js';
import type { AssignmentModel, PreviousEventVersionModel } from '../model/model.js';
import type { PreviousVersionSpec } from '../syntax/schema.js';
import { orEmpty, recordScope, resolveRecordFields, type AggregateContext } from './context.js';
import { copyProblem, storedEnd } from './copies.js';
import type { ExprScope } from '../expr/index.js';
import { implicitReference, storedFields } from './expressions.js';
import type { ResolvedField } from './fields.js';
import { child, keySpan, valueSpan, type Loc } from './location.js';
import { resolveRecordPii } from './pii.js';
import type { EventDeclaration } from './symbols.js';

/**
 * Event versions. `version: N` (default 1) is the current shape; `previous` holds every older
 * stored shape 1 .. N-1. `previous.K.upcast` lifts version K to K+1: its keys are fields of K+1,
 * its values expressions over `event.x` of version K (nothing else: upcasting sees only the old
 * event). A field of K+1 without an upcast value is copied from the same-named field of K when the
 * copy is allowed, else takes its default, else stays absent if optional; otherwise it is an error.
 */

interface PreviousEntry {
  readonly version: number;
  readonly key: string;
  readonly spec: PreviousVersionSpec;
  readonly loc: Loc;
}

export interface CheckedVersions {
  /** Ascending; only the well-placed entries (1 .. N-1). */
  readonly previous: readonly PreviousEventVersionModel[];
}

export function checkVersions(
  decl: EventDeclaration,
  current: readonly ResolvedField[],
  aggregate: AggregateContext,
): CheckedVersions {
  const { reporter } = aggregate.domain;
  const previousLoc = child(decl.loc, 'previous');
  const version = decl.spec.version ?? 1;
  const entries: PreviousEntry[] = Object.entries(decl.spec.previous ?? {})
    .map(([key, spec]) => ({ version: Number(key), key, spec, loc: child(previousLoc, key) }))
    .sort((a, b) => a.version - b.version);

  const placed = new Map<number, PreviousEntry>();
  if (decl.spec.version === undefined && entries.length > 0) {
    reporter.report('ORX6010', keySpan(previousLoc), { event: decl.name });
  } else {
    for (const entry of entries) {
      if (entry.version >= version) {
        reporter.report('ORX6009', keySpan(entry.loc), { event: decl.name, key: entry.version, version });
      } else {
        placed.set(entry.version, entry);
      }
    }
    const missing: number[] = [];
    for (let v = 1; v < version; v++) if (!placed.has(v)) missing.push(v);
    if (missing.length > 0) {
      const at = decl.spec.previous === undefined ? child(decl.loc, 'version') : previousLoc;
      reporter.report('ORX6008', decl.spec.previous === undefined ? valueSpan(at) : keySpan(at), {
        event: decl.name,
        version,
        missing: asRanges(missing),
      });
    }
  }

  // Every entry's fields are checked, even misplaced ones; only placed ones enter the model.
  const fieldsOf = new Map<PreviousEntry, ResolvedField[]>();
  for (const entry of entries) {
    fieldsOf.set(
      entry,
      resolveRecordFields(entry.spec.fields, child(entry.loc, 'fields'), 'previous', aggregate.domain),
    );
  }

  const previous: PreviousEventVersionModel[] = [];
  for (const entry of placed.values()) {
    const fields = fieldsOf.get(entry) ?? [];
    const nextEntry = placed.get(entry.version + 1);
    const next =
      entry.version + 1 === version ? current : nextEntry === undefined ? undefined : fieldsOf.get(nextEntry);
    const record = resolveRecordPii(recordScope(aggregate, 'previous', fields));
    previous.push({
      version: entry.version,
      fields: record.fields,
      piiPaths: record.piiPaths,
      // Without the next version (reported as missing) there is nothing to upcast to.
      upcast: next === undefined ? orEmpty([]) : checkUpcast(decl, entry, fields, next, aggregate),
    });
  }
  previous.sort((a, b) => a.version - b.version);
  return { previous };
}

function checkUpcast(
  decl: EventDeclaration,
  entry: PreviousEntry,
  fields: readonly ResolvedField[],
  next: readonly ResolvedField[],
  aggregate: AggregateContext,
): readonly AssignmentModel[] {
  const { reporter, expressions } = aggregate.domain;
  const nextVersion = entry.version + 1;
  const nextByName = new Map(next.map((f) => [f.name, f]));
  const ownByName = new Map(fields.map((f) => [f.name, f]));
  const upcastLoc = child(entry.loc, 'upcast');
  const scope: ExprScope = { event: storedFields(fields), types: expressions.types };
  const explicit = new Map<string, AssignmentModel>();
  const written = new Set<string>();

  for (const [name, value] of Object.entries(entry.spec.upcast ?? {})) {
    const at = child(upcastLoc, name);
    written.add(name);
    const target = nextByName.get(name);
    if (target === undefined) {
      reporter.report('ORX3015', keySpan(at), {
        field: name,
        event: decl.name,
        next: nextVersion,
        suggestion: didYouMean(name, nextByName.keys()),
      });
      continue;
    }
    if (!target.typeResolved) continue;
    const expr = expressions.compile(at, value, scope, {
      kind: 'field',
      type: target.type,
      optional: target.readOptional,
    });
    if (expr !== undefined) explicit.set(name, { field: name, value: expr, origin: 'explicit' });
  }

  const assignments: AssignmentModel[] = [];
  for (const target of next) {
    const given = explicit.get(target.name);
    if (given !== undefined) {
      assignments.push(given);
      continue;
    }
    if (written.has(target.name)) continue; // its expression failed and was reported
    const source = ownByName.get(target.name);
    const problem =
      source === undefined
        ? `version ${entry.version} has no field '${target.name}'`
        : !source.typeResolved || !target.typeResolved
          ? undefined
          : copyProblem(storedEnd(source), { type: target.type, optional: target.readOptional });
    if (source !== undefined && problem === undefined) {
      const span = keySpan(entry.loc);
      assignments.push({
        field: target.name,
        value: implicitReference('event', [source.name], source.type, source.readOptional, span),
        origin: 'implicit',
      });
      continue;
    }
    if (target.default !== undefined || target.optional) continue;
    reporter.report(
      'ORX6011',
      keySpan(entry.loc),
      { field: target.name, event: decl.name, version: nextVersion, reason: problem ?? '' },
      [{ message: `field '${target.name}' of version ${nextVersion} is declared here`, span: target.span }],
    );
  }
  return orEmpty(assignments);
}

/** Ascending numbers as ranges, `2-5, 7`: one short line however many are missing. */
export function asRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    const start = numbers[i] ?? 0;
    let end = start;
    while (i + 1 < numbers.length && numbers[i + 1] === end + 1) end = numbers[(i += 1)] ?? end;
    i += 1;
    parts.push(end === start ? `${start}` : end === start + 1 ? `${start}, ${end}` : `${start}-${end}`);
  }
  return parts.join(', ');
}
