import { parse as parseYaml, stringify } from 'yaml';
import type { AggregateModel, DomainModel, FieldModel, NamedTypeModel } from '../model/model.js';
import { formatTypeRef, type TypeRef } from '../model/type-ref.js';
import { entityId, PERSONAL_DATA_BADGE, resourceId, schemaVersion, summaryOf, VERSION } from './eventcatalog-ids.js';
import { readSidePages } from './eventcatalog-read-side.js';
import { messageJsonSchema, messageSchemas, type MessageSchema } from './schemas.js';

/**
 * An EventCatalog catalogue of the domains, in the folder and front-matter format EventCatalog and
 * its SDK read: per domain a domain page, an entity (`aggregateRoot: true`) and a service per
 * aggregate (receiving its commands, sending its events), every event version and command with
 * its JSON Schema, and the read side (eventcatalog-read-side.ts: a flow per automation, a data
 * store and a flow per read model). Ids are `<domain>-<Name>` (entities
 * `<domain>-<Aggregate>-state`, read model flows `<domain>-<ReadModel>-projection`), unique across
 * domains and kinds.
 *
 * Re-exporting keeps what people wrote: text outside the generated block of a page, and
 * front-matter keys Orchestrix does not set (`owners`, `badges` of your own, ...), stay as they are.
 */

/** Reads an existing catalogue file (relative path), or undefined. */
export type ExistingFile = (path: string) => string | undefined;

/** The generated part of a page's body; everything around it belongs to the reader. */
export const BLOCK_START = '{/* orchestrix:begin — written by `orchestrix export eventcatalog`; edit outside this block */}';
export const BLOCK_END = '{/* orchestrix:end */}';

/** Every file of the catalogue for these domains, path -> content, merged with what `existing` holds. */
export function eventCatalogFiles(domains: readonly DomainModel[], existing: ExistingFile): Map<string, string> {
  const files = new Map<string, string>();
  const page = (path: string, frontmatter: Record<string, unknown>, body: string): void => {
    files.set(path, mergePage(existing(path), frontmatter, body));
  };
  for (const domain of domains) {
    const root = `domains/${domain.name}`;
    const types = new Map(domain.types.map((t) => [t.name, t]));
    const messages = messageSchemas(domain);
    const readSide = readSidePages(domain, root);
    const flows = [...readSide.flows, ...othersFlows(existing(`${root}/index.mdx`), domain)];
    page(
      `${root}/index.mdx`,
      {
        id: domain.name,
        name: domain.name,
        version: VERSION,
        summary: summaryOf(domain.description, `The ${domain.name} domain.`),
        services: domain.aggregates.map((a) => ({ id: resourceId(domain, a.name), version: VERSION })),
        entities: domain.aggregates.map((a) => ({ id: entityId(domain, a.name), version: VERSION })),
        ...(flows.length === 0 ? {} : { flows }),
      },
      [domain.description ?? '', `Generated from ${domain.sources.map((s) => `\`${s}\``).join(', ')} by Orchestrix.`, '<NodeGraph />'].filter((p) => p !== '').join('\n\n'),
    );
    for (const aggregate of domain.aggregates) {
      const own = messages.filter((m) => m.aggregate === aggregate);
      const latest = (kind: MessageSchema['kind']) => own.filter((m) => m.kind === kind && m.latest).map((m) => ({ id: resourceId(domain, m.name), version: messageVersion(m) }));
      page(
        `${root}/entities/${aggregate.name}/index.mdx`,
        {
          id: entityId(domain, aggregate.name),
          name: aggregate.name,
          version: VERSION,
          summary: summaryOf(aggregate.description, `The state of one ${aggregate.name}.`),
          identifier: aggregate.id.name,
          aggregateRoot: true,
          properties: [
            { name: aggregate.id.name, type: formatTypeRef(aggregate.id.type), required: true, description: `The ${aggregate.name}'s id; its stream is ${domain.name}/${aggregate.name}/<${aggregate.id.name}>.` },
            ...aggregate.state.map((f) => entityProperty(f, types)),
          ],
        },
        `${aggregate.description ?? `The state of one ${aggregate.name}, rebuilt from its events.`}`,
      );
      page(
        `${root}/services/${aggregate.name}/index.mdx`,
        {
          id: resourceId(domain, aggregate.name),
          name: aggregate.name,
          version: VERSION,
          summary: `Handles the commands of one ${aggregate.name} and records its events.`,
          receives: latest('command'),
          sends: latest('event'),
          entities: [{ id: entityId(domain, aggregate.name), version: VERSION }],
        },
        [serviceText(domain, aggregate), '<NodeGraph />'].join('\n\n'),
      );
      for (const message of own) {
        const folder = `${root}/${message.kind === 'event' ? 'events' : 'commands'}/${message.name}${message.latest ? '' : `/versioned/${messageVersion(message)}`}`;
        const schema = messageJsonSchema(domain, message);
        files.set(`${folder}/schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
        const pii = message.fields.some((f) => f.pii !== undefined) || messageHasNestedPii(message, types);
        page(
          `${folder}/index.mdx`,
          {
            id: resourceId(domain, message.name),
            name: message.name,
            version: messageVersion(message),
            summary: summaryOf(message.description, messageSummary(message)),
            schemaPath: 'schema.json',
            ...(pii ? { badges: [PERSONAL_DATA_BADGE] } : {}),
          },
          [messageText(domain, message, pii), '<SchemaViewer file="schema.json" title="Payload" />'].join('\n\n'),
        );
      }
    }
    for (const readSidePage of readSide.pages) page(readSidePage.path, readSidePage.frontmatter, readSidePage.body);
    for (const [path, content] of readSide.files) files.set(path, content);
  }
  return files;
}

/**
 * Flows someone listed on a domain page that are not the export's (ours are `<domain>-<Name>`):
 * kept after ours, in their order, so a hand-written flow stays on its domain.
 */
function othersFlows(existingPage: string | undefined, domain: DomainModel): unknown[] {
  if (existingPage === undefined) return [];
  const listed = splitPage(existingPage).frontmatter['flows'];
  if (!Array.isArray(listed)) return [];
  return listed.filter((pointer: unknown) => {
    const id = typeof pointer === 'object' && pointer !== null ? (pointer as { id?: unknown }).id : undefined;
    return typeof id !== 'string' || !id.startsWith(`${domain.name}-`);
  });
}

const messageVersion = (message: MessageSchema): string => schemaVersion(message.version);

function messageSummary(message: MessageSchema): string {
  if (message.kind === 'command') return `A command of ${message.aggregate.name}.`;
  return message.latest ? `An event of ${message.aggregate.name}.` : `An event of ${message.aggregate.name}, as stored at version ${message.version}.`;
}

function messageText(domain: DomainModel, message: MessageSchema, pii: boolean): string {
  const parts: string[] = [];
  if (message.description !== undefined) parts.push(message.description);
  if (message.kind === 'command') {
    parts.push(`Executed with \`execute('${message.name}', { ${message.aggregate.id.name}, ... })\` on the \`${domain.name}\` domain.`);
  } else {
    parts.push(
      message.latest
        ? `Recorded in the stream \`${domain.name}/${message.aggregate.name}/<${message.aggregate.id.name}>\` at schema version ${message.version}.`
        : `Version ${message.version}, as stored; readers get it upcast to the current version.`,
    );
  }
  if (pii) parts.push('Fields marked `x-personal-data` in the schema are encrypted per data subject and erased when the subject is forgotten.');
  return parts.join('\n\n');
}

function serviceText(domain: DomainModel, aggregate: AggregateModel): string {
  const commands = aggregate.commands.map((c) => `\`${c.name}\``).join(', ');
  const events = aggregate.events.map((e) => `\`${e.name}\``).join(', ');
  return [
    `The \`${aggregate.name}\` aggregate of the \`${domain.name}\` domain (generated by Orchestrix).`,
    commands === '' ? '' : `Commands: ${commands}.`,
    events === '' ? '' : `Events: ${events}.`,
  ]
    .filter((p) => p !== '')
    .join('\n\n');
}

function messageHasNestedPii(message: MessageSchema, types: ReadonlyMap<string, NamedTypeModel>): boolean {
  const holds = (type: TypeRef): boolean => {
    if (type.kind === 'array') return holds(type.element);
    if (type.kind !== 'value') return false;
    const value = types.get(type.name);
    return value?.kind === 'value' && value.containsPii;
  };
  return message.fields.some((f) => holds(f.type));
}

interface EntityProperty {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly properties?: readonly EntityProperty[];
  readonly items?: { readonly type: string; readonly properties?: readonly EntityProperty[] };
}

function entityProperty(field: FieldModel, types: ReadonlyMap<string, NamedTypeModel>): EntityProperty {
  const description = [field.description, field.pii === undefined ? undefined : 'Personal data.'].filter((d) => d !== undefined).join(' ');
  return {
    name: field.name,
    type: formatTypeRef(field.type),
    required: !field.optional,
    ...(description === '' ? {} : { description }),
    ...typeDetails(field.type, types),
  };
}

function typeDetails(type: TypeRef, types: ReadonlyMap<string, NamedTypeModel>): Pick<EntityProperty, 'enum' | 'properties' | 'items'> {
  if (type.kind === 'array') {
    const element = typeDetails(type.element, types);
    return { items: { type: formatTypeRef(type.element), ...(element.properties === undefined ? {} : { properties: element.properties }) } };
  }
  if (type.kind !== 'enum' && type.kind !== 'value') return {};
  const named = types.get(type.name);
  if (named?.kind === 'enum') return { enum: named.members };
  if (named?.kind === 'value') return { properties: named.fields.map((f) => entityProperty(f, types)) };
  return {};
}

/**
 * A page with our front matter and generated block, merged into what the file holds: our keys
 * replace theirs (in our order), other keys follow in their order; the body keeps everything outside
 * the generated block. A page without the markers (they were deleted) keeps its body as written.
 */
export function mergePage(existing: string | undefined, frontmatter: Record<string, unknown>, body: string): string {
  const block = `${BLOCK_START}\n\n${body.trim()}\n\n${BLOCK_END}`;
  let data: Record<string, unknown> = { ...frontmatter };
  let content = block;
  if (existing !== undefined) {
    const parsed = splitPage(existing);
    for (const [key, value] of Object.entries(parsed.frontmatter)) if (!(key in frontmatter)) data[key] = value;
    const start = parsed.body.indexOf(BLOCK_START);
    const end = parsed.body.indexOf(BLOCK_END, start);
    content = start < 0 || end < 0 ? parsed.body.trim() : `${parsed.body.slice(0, start)}${block}${parsed.body.slice(end + BLOCK_END.length)}`.trim();
  }
  return `---\n${stringify(data, { lineWidth: 0, aliasDuplicateObjects: false })}---\n\n${content}\n`;
}

/** Front matter (YAML between `---` lines) and body of a page; a page without front matter is all body. */
export function splitPage(text: string): { readonly frontmatter: Record<string, unknown>; readonly body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (match === null) return { frontmatter: {}, body: text };
  try {
    const parsed: unknown = parseYaml(match[1] ?? '');
    const frontmatter = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    return { frontmatter, body: match[2] ?? '' };
  } catch {
    // Unreadable front matter is the reader's to fix; ours replaces it, their body stays.
    return { frontmatter: {}, body: match[2] ?? '' };
  }
}

/** Whether a page holds only what Orchestrix wrote (so it may be deleted when its resource is gone). */
export function isUntouched(text: string, generatedKeys: ReadonlySet<string>): boolean {
  const { frontmatter, body } = splitPage(text);
  const start = body.indexOf(BLOCK_START);
  const end = body.indexOf(BLOCK_END, start);
  if (start < 0 || end < 0) return false;
  const outside = `${body.slice(0, start)}${body.slice(end + BLOCK_END.length)}`.trim();
  return outside === '' && Object.keys(frontmatter).every((k) => generatedKeys.has(k));
}

/** Every front-matter key the exporter sets on some page. */
export const GENERATED_KEYS: ReadonlySet<string> = new Set([
  'id', 'name', 'version', 'summary', 'services', 'entities', 'identifier', 'aggregateRoot', 'properties', 'receives', 'sends', 'schemaPath', 'badges',
  'flows', 'steps', 'container_type', 'authoritative',
]);
