import { createHash } from 'node:crypto';
import { checksumOf } from '../checksum.js';
import { MigrateError } from '../errors.js';
import { decodeSqlFile } from './decode.js';
import { SqlLexError } from './errors.js';
import { breaksLine, directiveOf } from './directive.js';
import { Lexer, type LexOptions } from './lexer.js';
import { isTrivia } from './tokens.js';

/** Stored in ledgers: never change the prefix or the canonical form, or every migration applied with it mismatches. */
export const CHECKSUM_V2 = 'sha256v2';
/** The first format, `sha256:<hex>` of the normalised body (../checksum.ts); still verified, never written by v2 code. */
const CHECKSUM_V1 = 'sha256';

const COMMENTS = new Set(['line-comment', 'block-comment', 'hint']);

/**
 * The canonical form a v2 checksum hashes: the tokens in order, each run of whitespace between them one space
 * (none at the ends). So re-indenting, trailing spaces and CRLF or LF line ends never change it, while
 * - string literals and quoted identifiers count byte for byte (a CR inside a literal is data the server stores);
 * - `-- migrate-core: <directive>` lines count as whitespace (adding `allow-data-loss` is not an edit);
 * - other comments count, with their own whitespace collapsed: they are part of the reviewed file, and
 *   mysqldump's executable comments are code (all of them are read as code here, whatever the server).
 */
export function canonicalSql(text: string, options: LexOptions = {}): string {
  let out = '';
  canonicalPieces(text, options, (piece) => {
    out += piece;
  });
  return out;
}

/** The canonical form, piece by piece (a piece is a whole token or one space), without holding all the tokens. */
function canonicalPieces(text: string, options: LexOptions, emit: (piece: string) => void): void {
  const lexer = new Lexer(text, { ...options, flavor: 'all' });
  let space = false;
  let started = false;
  let codeBefore = false;
  while (!lexer.atEnd) {
    const token = lexer.next();
    if (token.kind === 'space' || directiveOf(token, codeBefore) !== undefined) {
      space = true;
      if (breaksLine(token)) codeBefore = false;
      continue;
    }
    if (space && started) emit(' ');
    emit(COMMENTS.has(token.kind) ? token.text.replace(/\s+/g, ' ').trimEnd() : token.text);
    space = false;
    started = true;
    if (!isTrivia(token)) codeBefore = true;
  }
  lexer.finish();
}

/** sha256 hex of the canonical form, hashed in chunks (a piece never splits a character). */
function canonicalHash(text: string, options: LexOptions): string {
  const hash = createHash('sha256');
  let chunk = '';
  canonicalPieces(text, options, (piece) => {
    chunk += piece;
    if (chunk.length >= 1 << 16) {
      hash.update(chunk);
      chunk = '';
    }
  });
  return hash.update(chunk).digest('hex');
}

/** `sha256v2:<hex>` of a file's bytes (strict UTF-8, see decodeSqlFile), over its canonical form. */
export function fileChecksumV2(bytes: Uint8Array, file: string, options: LexOptions = {}): string {
  return textChecksumV2(decodeSqlFile(bytes, file), file, options);
}

/** `sha256v2:<hex>` of a file's text, already decoded strictly (see fileChecksumV2). */
export function textChecksumV2(text: string, file?: string, options: LexOptions = {}): string {
  try {
    return `${CHECKSUM_V2}:${canonicalHash(text, options)}`;
  } catch (error) {
    throw error instanceof SqlLexError && file !== undefined ? error.inFile(file) : error;
  }
}

/** A `-- migrate-core: <directive>` line with its line end. */
const DIRECTIVE_LINE = /^[ \t]*--[ \t]*migrate-core:[^\r\n]*(\r\n|\n|\r|$)/gm;

/**
 * Whether `text` still matches a checksum stored in a ledger or a snapshot, dispatching on its prefix:
 * `sha256v2:` by textChecksumV2 (directive lines never count), `sha256:` by the first algorithm, over the text
 * as it is or without its directive lines (adding `-- migrate-core: allow-data-loss` after review, as `check`
 * advises, keeps an applied migration verifying). An unknown prefix is a SOURCE error.
 */
export function checksumMatches(stored: string, text: string, file?: string, options: LexOptions = {}): boolean {
  const algorithm = stored.slice(0, stored.indexOf(':'));
  if (algorithm === CHECKSUM_V2) return textChecksumV2(text, file, options) === stored;
  if (algorithm === CHECKSUM_V1) return legacyChecksums(text).includes(stored);
  throw unknownFormat(stored, file ?? 'a migration');
}

/** Whether a stored checksum is in the first format (`sha256:`). */
export const isLegacyChecksum = (stored: string): boolean => stored.startsWith(`${CHECKSUM_V1}:`);

/**
 * A text's checksums in the first format: as it is, without its directive lines, and with only the
 * `allow-data-loss` lines (as generate writes them, before other directives were added after review).
 */
export function legacyChecksums(text: string): string[] {
  const without = text.replace(DIRECTIVE_LINE, '');
  const generated = text.replace(DIRECTIVE_LINE, (line) => (/migrate-core:\s*allow-data-loss\s*$/.test(line.trimEnd()) ? line : ''));
  return [...new Set([text, without, generated])].map(checksumOf);
}

const unknownFormat = (stored: string, file: string) =>
  new MigrateError('SOURCE', `${file}: the stored checksum \`${stored.slice(0, 24)}\` is in a format this version does not know (${CHECKSUM_V1}:, ${CHECKSUM_V2}:).`,
    { hint: 'It was written by a newer migrate-core: upgrade this one.' });

/**
 * Whether a file's bytes still match a checksum stored in a ledger, in the format it was stored with:
 * `sha256:` by the first algorithm, unchanged (the body as Node reads it as UTF-8, then checksumOf), and
 * `sha256v2:` by fileChecksumV2.
 */
export function verifyFileChecksum(stored: string, bytes: Uint8Array, file: string, options: LexOptions = {}): boolean {
  const algorithm = stored.slice(0, stored.indexOf(':'));
  if (algorithm === CHECKSUM_V2) return fileChecksumV2(bytes, file, options) === stored;
  if (algorithm === CHECKSUM_V1) return checksumOf(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) === stored;
  throw unknownFormat(stored, file);
}

/**
 * v2 checksums of every prefix of a file's statements: element k covers the first k (element 0: none). A
 * resume compares element k with the ledger to make sure statements that already ran were not edited since.
 * Each statement is hashed in canonical form, prefixed with its length so that boundaries count.
 */
export function prefixChecksumsV2(statements: readonly { readonly sql: string }[], options: LexOptions = {}): string[] {
  const hash = createHash('sha256');
  const out = [`${CHECKSUM_V2}:${hash.copy().digest('hex')}`];
  for (const statement of statements) {
    const canonical = canonicalSql(statement.sql, options);
    hash.update(`${Buffer.byteLength(canonical)}:${canonical}\n`);
    out.push(`${CHECKSUM_V2}:${hash.copy().digest('hex')}`);
  }
  return out;
}
