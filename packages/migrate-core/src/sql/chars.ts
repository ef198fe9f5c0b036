/**
 * Character classes of MySQL's lexer, on UTF-16 code units. The lexer runs mostly before V8 optimizes it (a
 * command lexes a few hundred small files once), so its loops test classes with one table lookup, not calls.
 */

const DIGIT = 1;
const SPACE = 2;
const WORD = 4;

/** The class bits of each ASCII code unit. */
const CLASSES = (() => {
  const table = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) table[c] = DIGIT | WORD;
  for (let c = 65; c <= 90; c++) table[c] = WORD;
  for (let c = 97; c <= 122; c++) table[c] = WORD;
  table[95] = WORD; // _
  table[36] = WORD; // $
  table[32] = SPACE;
  for (let c = 9; c <= 13; c++) table[c] = SPACE;
  return table;
})();

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Space, tab, LF, VT, FF, CR. */
export const isSpace = (c: number): boolean => c < 128 && (CLASSES[c]! & SPACE) !== 0;

/** Identifier characters: ASCII letters, digits, `_`, `$`, and anything beyond ASCII. */
export const isWordChar = (c: number): boolean => c >= 128 || (CLASSES[c]! & WORD) !== 0;

/** The first position at or after `at` whose code unit is not white space (text.length at the end). */
export function skipSpaces(text: string, at: number): number {
  const length = text.length;
  let end = at;
  for (let c = text.charCodeAt(end); end < length && c < 128 && (CLASSES[c]! & SPACE) !== 0; c = text.charCodeAt(++end));
  return end;
}

/**
 * The end of the word starting at `at`: the first position after `at` whose code unit is not a word character,
 * or where `delimiter` starts ('' for none).
 */
export function wordEnd(text: string, at: number, delimiter: string): number {
  const length = text.length;
  let end = at + 1;
  for (let c = text.charCodeAt(end); end < length && (c >= 128 || (CLASSES[c]! & WORD) !== 0); c = text.charCodeAt(++end)) {
    if (delimiter !== '' && text.startsWith(delimiter, end)) break;
  }
  return end;
}

/** Whether the code units from `at` to `end` are all ASCII digits. */
export function allDigits(text: string, at: number, end: number): boolean {
  for (let i = at; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}
