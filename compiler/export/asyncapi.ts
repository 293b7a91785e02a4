import { stringify } from 'yaml';
import type { AggregateModel, DomainModel } from '../model/model.js';
import { formatTypeRef } from '../model/type-ref.js';
import { messageJsonSchema, messageSchemas, type MessageSchema } from './schemas.js';

export interface AsyncApiOptions {
  /** `info.version` of the documents. */
  readonly version: string;
}

/** The message key of an event version or a command: its generated type's name (`MoneyDeposited`, `MoneyDepositedV1`, `Deposit`). */
const messageKey = (message: MessageSchema): string => message.typeName;
const eventsChannel = (aggregate: AggregateModel): string => `${aggregate.name}Events`;
const commandsChannel = (aggregate: AggregateModel): string => `${aggregate.name}Commands`;

/**
 * One AsyncAPI 3.1 document per domain: a channel per aggregate's event stream
 * (`<domain>/<Aggregate>/{id}`, every version of every event as a message) and one for the commands
 * it receives; payloads are the JSON Schemas of the generated zod schemas, with descriptions and
 * `x-personal-data` on personal data. Deterministic: the same model gives the same bytes.
 */
export function asyncApiDocument(domain: DomainModel, options: AsyncApiOptions): Record<string, unknown> {
  const messages = messageSchemas(domain);
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const components: Record<string, unknown> = {};
  for (const aggregate of domain.aggregates) {
    const own = messages.filter((m) => m.aggregate === aggregate);
    const events = own.filter((m) => m.kind === 'event');
    const commands = own.filter((m) => m.kind === 'command');
    const refs = (list: readonly MessageSchema[]) => Object.fromEntries(list.map((m) => [messageKey(m), { $ref: `#/components/messages/${messageKey(m)}` }]));
    const id = aggregate.id.name;
    if (events.length > 0) {
      channels[eventsChannel(aggregate)] = {
        address: `${domain.name}/${aggregate.name}/{${id}}`,
        title: `${aggregate.name} events`,
        description: [aggregate.description, `The event stream of one ${aggregate.name}. Stored events of older versions are upcast to the current one when read.`].filter((d) => d !== undefined).join('\n\n'),
        parameters: { [id]: { description: `The ${aggregate.name}'s id (${formatTypeRef(aggregate.id.type)}).` } },
        messages: refs(events),
      };
      operations[`publish${aggregate.name}Events`] = {
        action: 'send',
        channel: { $ref: `#/channels/${eventsChannel(aggregate)}` },
        title: `${aggregate.name} records events`,
        messages: events.map((m) => ({ $ref: `#/channels/${eventsChannel(aggregate)}/messages/${messageKey(m)}` })),
      };
    }
    if (commands.length > 0) {
      channels[commandsChannel(aggregate)] = {
        // Commands reach the domain through `execute`, not through a broker address.
        address: null,
        title: `${aggregate.name} commands`,
        description: `Commands executed on one ${aggregate.name} (\`execute('<Command>', { ${id}, ... })\`).`,
        messages: refs(commands),
      };
      operations[`execute${aggregate.name}Commands`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${commandsChannel(aggregate)}` },
        title: `${aggregate.name} handles commands`,
        messages: commands.map((m) => ({ $ref: `#/channels/${commandsChannel(aggregate)}/messages/${messageKey(m)}` })),
      };
    }
    for (const message of own) components[messageKey(message)] = messageObject(domain, message);
  }
  return {
    asyncapi: '3.1.0',
    info: {
      title: domain.name,
      version: options.version,
      description: domain.description ?? `The ${domain.name} domain.`,
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages: components },
  };
}

function messageObject(domain: DomainModel, message: MessageSchema): Record<string, unknown> {
  const title = message.kind === 'event' ? `${message.name} (version ${message.version})` : message.name;
  const summary =
    message.kind === 'command'
      ? `Command of ${message.aggregate.name}.`
      : message.latest
        ? `Event of ${message.aggregate.name}, current version.`
        : `Event of ${message.aggregate.name} as stored at version ${message.version}; readers get it upcast to the current version.`;
  return {
    name: message.name,
    title,
    summary,
    ...(message.description === undefined ? {} : { description: message.description }),
    contentType: 'application/json',
    ...(message.kind === 'event'
      ? {
          headers: {
            type: 'object',
            description: 'Fields of the stored event envelope.',
            properties: {
              type: { type: 'string', const: message.name },
              schemaVersion: { type: 'integer', const: message.version },
              streamId: { type: 'string', description: `${domain.name}/${message.aggregate.name}/<${message.aggregate.id.name}>` },
            },
          },
        }
      : {}),
    payload: messageJsonSchema(domain, message),
  };
}

/** The document as YAML text. */
export function asyncApiYaml(domain: DomainModel, options: AsyncApiOptions): string {
  return stringify(asyncApiDocument(domain, options), { lineWidth: 0, aliasDuplicateObjects: false });
}
