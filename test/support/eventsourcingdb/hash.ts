import { createHash } from 'node:crypto';
import type { JsonObject } from './protocol.js';

/** The predecessor hash of the store's first event. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface HashedFields {
  readonly specversion: string;
  readonly id: string;
  readonly predecessorhash: string;
  readonly time: string;
  readonly source: string;
  readonly subject: string;
  readonly type: string;
  readonly datacontenttype: string;
  readonly data: JsonObject;
}

/** `sha256hex(sha256hex(metadata joined by '|') + sha256hex(JSON.stringify(data)))`, as in the reference. */
export function eventHash(event: HashedFields): string {
  const metadata = [
    event.specversion,
    event.id,
    event.predecessorhash,
    event.time,
    event.source,
    event.subject,
    event.type,
    event.datacontenttype,
  ].join('|');
  return sha256hex(sha256hex(metadata) + sha256hex(JSON.stringify(event.data)));
}
