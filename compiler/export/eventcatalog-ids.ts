import type { DomainModel } from '../model/model.js';

/** EventCatalog versions are semver; an event's schema version N is `N.0.0`, everything else `1.0.0`. */
export const VERSION = '1.0.0';
export const schemaVersion = (version: number): string => `${version}.0.0`;
/** Ids are `<domain>-<Name>`: names are unique across kinds within a domain, so ids are unique across domains and kinds. */
export const resourceId = (domain: DomainModel, name: string): string => `${domain.name}-${name}`;
/** An aggregate is both a service (its behaviour) and an entity (its state). */
export const entityId = (domain: DomainModel, aggregate: string): string => `${domain.name}-${aggregate}-state`;
/** A read model is a data store (its rows) and a flow (the events that change them). */
export const projectionFlowId = (domain: DomainModel, readModel: string): string => `${domain.name}-${readModel}-projection`;

export const PERSONAL_DATA_BADGE = { content: 'Personal data', backgroundColor: 'red', textColor: 'white' } as const;

/** The first sentence of a description (EventCatalog shows summaries in lists), else a fallback. */
export function summaryOf(description: string | undefined, fallback: string): string {
  if (description === undefined) return fallback;
  const text = description.trim().replace(/\s+/g, ' ');
  const end = text.search(/[.!?](\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Inline code in MDX: a code span is never read as JSX; a longer fence holds text with backticks. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}
