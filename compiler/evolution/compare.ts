import { compareDiagnostics, startOfFile, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DomainModel } from '../model/model.js';
import { Comparison, domainPair, matchByName } from './context.js';
import { compareAggregates } from './rules/aggregates.js';
import { compareCommands } from './rules/commands.js';
import { compareEnums } from './rules/types.js';
import type { SpecVersion } from './spec-version.js';

/**
 * Compares the current specs with an earlier version of them, as resolved models, and reports
 * every change as a diagnostic at its place in the current specs (naming the place in the earlier
 * version): ORX95xx break stored data, ORX96xx break callers (errors), ORX97xx are notices
 * (warnings), ORX98xx are compatible (info). Sorted by file and position.
 */
export function compareVersions(before: SpecVersion, after: SpecVersion): readonly Diagnostic[] {
  const cmp = new Comparison(before, after);
  for (const [domain, errors] of before.broken) {
    const at = declaration(before, domain) ?? startOfFile(before.label);
    cmp.report('ORX9703', at, { domain, ref: before.label, errors });
  }
  const { removed, added, kept } = matchByName(before.domains, after.domains);
  for (const gone of removed) {
    // A domain whose current specs have errors is reported by the check itself, not as removed.
    if (after.broken.has(gone.name) || gone.sources.some((f) => after.unreadable.has(before.localPath(f)))) continue;
    const renamedTo = added.find((d) => sameAggregates(d, gone));
    const was = cmp.before.domainSpan(gone);
    const at = (renamedTo === undefined ? undefined : cmp.after.domainSpan(renamedTo)) ?? sameFileDomainSpan(cmp, gone) ?? was;
    if (at === undefined) continue;
    cmp.report('ORX9509', at, { domain: gone.name, renamed: renamedTo === undefined ? '' : ` (renamed to '${renamedTo.name}'?)` }, was);
  }
  for (const fresh of added) {
    const at = cmp.after.domainSpan(fresh);
    if (!before.broken.has(fresh.name) && at !== undefined) cmp.report('ORX9807', at, { domain: fresh.name });
  }
  for (const [b, a] of kept) {
    const pair = domainPair(b, a);
    compareEnums(cmp, pair);
    compareAggregates(cmp, pair);
    compareCommands(cmp, pair);
  }
  return [...cmp.diagnostics].sort(compareDiagnostics);
}

const aggregateNames = (d: DomainModel): string => d.aggregates.map((a) => a.name).join(',');
const sameAggregates = (a: DomainModel, b: DomainModel): boolean => a.aggregates.length > 0 && aggregateNames(a) === aggregateNames(b);

/** The `domain:` of a current file at the path where the removed domain was declared. */
function sameFileDomainSpan(cmp: Comparison, gone: DomainModel) {
  for (const file of gone.sources) {
    const doc = cmp.after.sameFile(cmp.before.version.localPath(file));
    if (doc !== undefined) return cmp.after.inFile(doc.file, ['domain'], 'value');
  }
  return undefined;
}

/** Where some file of `version` declares `domain` (for domains without a model). */
function declaration(version: SpecVersion, domain: string) {
  for (const doc of version.documents) {
    const value = doc.value;
    if (typeof value === 'object' && value !== null && (value as { domain?: unknown }).domain === domain) return doc.span(['domain'], 'value');
  }
  return undefined;
}
