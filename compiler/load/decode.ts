/** Bytes -> text: UTF-8 only, a leading byte-order mark removed. */

export type Decoded =
  | { readonly ok: true; readonly text: string }
  /** `validPrefix` is the text before the first invalid byte, for locating it as line and column. */
  | { readonly ok: false; readonly byteOffset: number; readonly byte: number; readonly validPrefix: string };

const BOM = '\uFEFF';
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(content: string | Uint8Array): Decoded {
  if (typeof content === 'string') return { ok: true, text: stripBom(content) };
  try {
    return { ok: true, text: stripBom(decoder.decode(content)) };
  } catch {
    const byteOffset = firstInvalidUtf8Byte(content);
    const prefix = decoder.decode(content.subarray(0, byteOffset));
    return { ok: false, byteOffset, byte: content[byteOffset] ?? 0, validPrefix: stripBom(prefix) };
  }
}

const stripBom = (text: string): string => (text.startsWith(BOM) ? text.slice(1) : text);

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (overlong
 * forms, surrogates and code points above U+10FFFF are ill-formed, as for TextDecoder).
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += length;
  }
  return bytes.length;
}
