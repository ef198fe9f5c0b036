/** Character classes of MySQL's lexer, on UTF-16 code units. */

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Space, tab, LF, VT, FF, CR. */
export const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** Identifier characters: ASCII letters, digits, `_`, `$`, and anything beyond ASCII. */
export const isWordChar = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 128;
