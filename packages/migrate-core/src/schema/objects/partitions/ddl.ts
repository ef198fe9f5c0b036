import { quoteIdentifier } from '../../../db/identifiers.js';

/** Partitions an existing table (or partitions it anew); the server copies its rows. */
export function partitionTable(table: string, clause: string): string {
  return `ALTER TABLE ${quoteIdentifier(table)} ${clause}`;
}

export function removePartitioning(table: string): string {
  return `ALTER TABLE ${quoteIdentifier(table)} REMOVE PARTITIONING`;
}
