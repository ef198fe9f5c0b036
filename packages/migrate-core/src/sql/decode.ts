import { SqlDecodeError } from './errors.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** The first invalid UTF-8 sequence: where it starts and how many of its bytes were read before it broke. */
function firstInvalid(bytes: Uint8Array): { at: number; length: number } {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (need === 0) return { at: i, length: 1 };
    // The second byte's range excludes overlong forms and surrogates (Unicode Table 3-7).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return { at: i, length: k };
    }
    i += need + 1;
  }
  return { at: bytes.length, length: 0 };
}

/**
 * A SQL file's text: strict UTF-8 (a byte-order mark dropped). Invalid bytes are an error naming the file,
 * the line and column of the first bad byte and the bytes in hex, never a silent U+FFFD.
 */
export function decodeSqlFile(bytes: Uint8Array, file: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const { at, length } = firstInvalid(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    const col = [...lenient.decode(bytes.subarray(lineStart, at))].length + 1;
    const hex = [...bytes.subarray(at, at + Math.max(length, 1))].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new SqlDecodeError(file, line, col, hex);
  }
}
