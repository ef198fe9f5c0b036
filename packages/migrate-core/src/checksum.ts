import { createHash } from 'node:crypto';

/** Stored in ledgers: never change the prefix or the normalisation, or every applied migration mismatches. */
export const CHECKSUM_ALGORITHM = 'sha256';

/**
 * Normalises a file body so that checkouts on other systems do not look edited: CRLF and CR become LF, a
 * byte-order mark and trailing white space at the end of the file are dropped.
 */
export function normaliseBody(body: string): string {
  return body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}

/** `sha256:<hex>` of the normalised body. */
export function checksumOf(body: string): string {
  return `${CHECKSUM_ALGORITHM}:${createHash(CHECKSUM_ALGORITHM).update(normaliseBody(body)).digest('hex')}`;
}

/** Checksum of the first `count` statements, to detect edits to statements that already ran. */
export function checksumOfStatements(statements: readonly { sql: string }[], count: number): string {
  const hash = createHash(CHECKSUM_ALGORITHM);
  for (const statement of statements.slice(0, count)) hash.update(normaliseBody(statement.sql)).update('\n;\n');
  return `${CHECKSUM_ALGORITHM}:${hash.digest('hex')}`;
}
