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

/**
 * Checksums of every prefix of a migration's statements: element k is the checksum of the first k statements.
 * Linear in the file's size (a migration may hold thousands of statements); resuming compares element k with
 * the ledger to detect edits to statements that already ran.
 */
export function prefixChecksums(statements: readonly { sql: string }[]): string[] {
  const hash = createHash(CHECKSUM_ALGORITHM);
  const out = [`${CHECKSUM_ALGORITHM}:${hash.copy().digest('hex')}`];
  for (const statement of statements) {
    hash.update(normaliseBody(statement.sql)).update('\n;\n');
    out.push(`${CHECKSUM_ALGORITHM}:${hash.copy().digest('hex')}`);
  }
  return out;
}

/** Checksum of the first `count` statements (one element of prefixChecksums). */
export function checksumOfStatements(statements: readonly { sql: string }[], count: number): string {
  return prefixChecksums(statements.slice(0, count))[count]!;
}
