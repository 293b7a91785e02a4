/**
 * EventSourcingDB subjects and event types are built from words of `[0-9A-Za-z_-]`. This escaping
 * fits any string into such a word, reversibly: letters, digits and `-` stay; every other UTF-8 byte
 * (the escape character `_` included) becomes `_` plus two upper-case hex digits. `a_b.c` -> `a_5Fb_2Ec`.
 * The result may be empty (for an empty input); callers give the empty word its own spelling.
 */
const plain = /[0-9A-Za-z-]/u;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function escapeWord(text: string): string {
  let result = '';
  for (const character of text) {
    if (plain.test(character)) {
      result += character;
      continue;
    }
    for (const byte of encoder.encode(character)) result += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return result;
}

/** Reverses escapeWord. Lenient: a `_` not followed by two hex digits stays as it is. */
export function unescapeWord(word: string): string {
  let result = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) result += decoder.decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (let index = 0; index < word.length; ) {
    const hex = word.slice(index + 1, index + 3);
    if (word[index] === '_' && /^[0-9A-Fa-f]{2}$/u.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 3;
      continue;
    }
    flush();
    result += word[index] ?? '';
    index += 1;
  }
  flush();
  return result;
}
