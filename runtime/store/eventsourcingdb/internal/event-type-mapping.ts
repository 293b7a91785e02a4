import { ConfigurationError } from '../../../errors/errors.js';
import { DEFAULT_SOURCE } from '../../../events/envelope.js';
import { escapeWord, unescapeWord } from './word-escaping.js';

/**
 * Our envelope (`source`, `type`, `schemaVersion`) <-> EventSourcingDB's `source` and reverse-domain
 * `type`:
 *
 *   type   = <prefix>.<namespace>.<name>.v<schemaVersion>
 *            io.orchestrix.banking.money-deposited.v2   (source `orchestrix:banking`, MoneyDeposited, v2)
 *   source = encodeURI(our source)                       (`orchestrix:banking` unchanged)
 *
 * - prefix: configurable, default `io.orchestrix`; two or more words.
 * - namespace: informative only (reading never needs it): the domain of an `orchestrix:<domain>`
 *   source in kebab case, `default` for the default source `orchestrix`, otherwise the source reduced
 *   to lower-case words joined by `-`.
 * - name: a PascalCase type (`[A-Z][A-Za-z0-9]*`) in kebab case, one `-` before each capital
 *   (`HTTPCallMade` -> `h-t-t-p-call-made`), which reverses exactly; any other type is `_` plus its
 *   escapeWord form (`order.placed` -> `_order_2Eplaced`).
 * - the schema version is part of the type because EventSourcingDB schemas are write-once per type:
 *   each version of an event gets its own type and schema.
 * Reading back: our type from `name`, the schema version from `v<N>`, our source by decodeURI.
 */
export const DEFAULT_EVENT_TYPE_PREFIX = 'io.orchestrix';

const pascalCase = /^[A-Z][A-Za-z0-9]*$/u;
const prefixPattern = /^[0-9A-Za-z-]{2,}(\.[0-9A-Za-z-]+)+$/u;
const versionPattern = /^v([1-9][0-9]*)$/u;

export interface MappedEventType {
  readonly type: string;
  readonly schemaVersion: number;
}

export interface EventTypeMapping {
  readonly prefix: string;
  toEventSourcingDb(source: string, type: string, schemaVersion: number): string;
  /** Undefined for a type this mapping did not produce. */
  fromEventSourcingDb(eventType: string): MappedEventType | undefined;
  /** The type of the adapter's own bookkeeping events (never one of ours: it has fewer words). */
  readonly bookkeepingType: string;
}

export function namespaceOf(source: string): string {
  if (source === DEFAULT_SOURCE) return 'default';
  const rest = source.startsWith(`${DEFAULT_SOURCE}:`) ? source.slice(DEFAULT_SOURCE.length + 1) : source;
  const words = rest
    .replace(/([a-z0-9])([A-Z])/gu, '$1-$2')
    .toLowerCase()
    .split(/[^0-9a-z]+/u)
    .filter((word) => word !== '');
  return words.length === 0 ? 'default' : words.join('-');
}

export function typeToName(type: string): string {
  if (pascalCase.test(type)) return type.replace(/[A-Z]/gu, (capital, offset: number) => `${offset === 0 ? '' : '-'}${capital.toLowerCase()}`);
  return `_${escapeWord(type)}`;
}

export function nameToType(name: string): string {
  if (name.startsWith('_')) return unescapeWord(name.slice(1));
  return name.replace(/^[a-z]|-[a-z]/gu, (match) => match.slice(-1).toUpperCase());
}

export function createEventTypeMapping(prefix: string = DEFAULT_EVENT_TYPE_PREFIX): EventTypeMapping {
  if (!prefixPattern.test(prefix)) {
    throw new ConfigurationError(
      `EventSourcingDB eventTypePrefix '${prefix}' is invalid: use two or more dot-separated words of letters, digits and '-' (e.g. 'io.orchestrix')`,
    );
  }
  return {
    prefix,
    toEventSourcingDb: (source, type, schemaVersion) => `${prefix}.${namespaceOf(source)}.${typeToName(type)}.v${schemaVersion}`,
    fromEventSourcingDb: (eventType) => {
      if (!eventType.startsWith(`${prefix}.`)) return undefined;
      const words = eventType.slice(prefix.length + 1).split('.');
      const [namespace, name, version] = words;
      const schemaVersion = versionPattern.exec(version ?? '')?.[1];
      if (words.length !== 3 || namespace === undefined || name === undefined || schemaVersion === undefined) return undefined;
      return { type: nameToType(name), schemaVersion: Number(schemaVersion) };
    },
    bookkeepingType: `${prefix}.idempotency-key-recorded`,
  };
}

export const sourceToEventSourcingDb = (source: string): string => encodeURI(source);

export function sourceFromEventSourcingDb(source: string): string {
  try {
    return decodeURI(source);
  } catch {
    return source;
  }
}
