/**
 * Subjects are absolute slash paths whose segments are words of `[0-9A-Za-z_-]` (the official
 * clients validate with this pattern; a trailing slash is tolerated). Event types are reverse-domain
 * names with at least three dot-separated words.
 */
const word = '[0-9A-Za-z_-]+';
const subjectPattern = new RegExp(`^/(${word}/)*(${word}/?)?$`, 'u');
const eventTypePattern = /^[0-9A-Za-z_-]{2,}\.(?:[0-9A-Za-z_-]+\.)+[0-9A-Za-z_-]+$/u;
const eventIdPattern = /^(0|[1-9][0-9]*)$/u;

export const isValidSubject = (subject: unknown): subject is string =>
  typeof subject === 'string' && subjectPattern.test(subject);

export const isValidEventType = (type: unknown): type is string =>
  typeof type === 'string' && eventTypePattern.test(type);

export const isValidEventId = (id: unknown): id is string => typeof id === 'string' && eventIdPattern.test(id);

/** `/a/b/` and `/a/b` name the same subject. */
export const normalizeSubject = (subject: string): string =>
  subject.length > 1 && subject.endsWith('/') ? subject.slice(0, -1) : subject;

/** Recursive matching is by whole segment: `/books` covers `/books/42`, never `/bookshelf`. */
export function subjectMatches(subject: string, base: string, recursive: boolean): boolean {
  const normalizedBase = normalizeSubject(base);
  if (subject === normalizedBase) return true;
  if (!recursive) return false;
  if (normalizedBase === '/') return true;
  return subject.startsWith(`${normalizedBase}/`);
}

/** `/a/b/c` -> `['/', '/a', '/a/b', '/a/b/c']`. */
export function subjectWithAncestors(subject: string): string[] {
  const segments = subject.split('/').filter((segment) => segment !== '');
  const result = ['/'];
  for (let index = 1; index <= segments.length; index += 1) {
    result.push(`/${segments.slice(0, index).join('/')}`);
  }
  return result;
}
