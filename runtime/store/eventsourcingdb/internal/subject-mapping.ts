import { escapeWord, unescapeWord } from './word-escaping.js';

/**
 * Stream id <-> EventSourcingDB subject. A stream `banking/Account/42` lives in the subject
 * `/banking/Account/42`: each `/`-separated part of the stream id becomes one subject segment, so a
 * recursive read of `/banking/Account` covers every account. Segments are escaped with escapeWord
 * (`_` + hex for anything outside `[0-9A-Za-z-]`, `_` itself included) and an empty part is spelled
 * `_`. The mapping is injective and reversible; since `_` never starts an escaped segment except as
 * `_XX`, subjects such as `/_orchestrix/...` can never be a stream's and are reserved for the adapter.
 */
const EMPTY_SEGMENT = '_';

export function streamIdToSubject(streamId: string): string {
  return `/${streamId
    .split('/')
    .map((part) => (part === '' ? EMPTY_SEGMENT : escapeWord(part)))
    .join('/')}`;
}

export function subjectToStreamId(subject: string): string {
  return subject
    .slice(1)
    .split('/')
    .map((segment) => (segment === EMPTY_SEGMENT ? '' : unescapeWord(segment)))
    .join('/');
}

/** Subjects under this root hold the adapter's own bookkeeping (idempotency keys), never streams. */
export const RESERVED_SUBJECT_ROOT = '/_orchestrix';

export const isReservedSubject = (subject: string): boolean =>
  subject === RESERVED_SUBJECT_ROOT || subject.startsWith(`${RESERVED_SUBJECT_ROOT}/`);
