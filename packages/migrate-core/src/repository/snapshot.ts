// The snapshot.json of a migration: the schema after it, as drizzle-kit's MySQL snapshot, plus our own keys.
import type { MigrationId } from '../model.js';
import { BASE_ID } from './files.js';

/**
 * drizzle-kit's MySQL snapshot (version "5"), as `generateMySQLDrizzleJson` returns it, with our own `id`
 * (the migration id) and `prevId` (the previous migration's id, or "base"), plus `migrateCore`: the checksums
 * of up.sql and down.sql when they were written, so `check` can tell a hand edit.
 */
export interface MigrationSnapshot {
  readonly version: string;
  readonly dialect: 'mysql';
  readonly id: MigrationId;
  readonly prevId: MigrationId | typeof BASE_ID;
  readonly tables: Record<string, unknown>;
  readonly views: Record<string, unknown>;
  readonly _meta: { tables: Record<string, unknown>; columns: Record<string, unknown> };
  readonly internal?: Record<string, unknown>;
  /** `custom`: written by `generate --custom`, its SQL is filled in by hand (check then skips the edit test). */
  readonly migrateCore?: {
    readonly up: string;
    readonly down: string;
    readonly custom?: boolean;
    /** Checksums of earlier versions of up.sql accepted by `generate --accept-edits`: ledgers holding them still verify. */
    readonly accepted?: readonly string[];
  };
  readonly [key: string]: unknown;
}

/** Parses a snapshot.json's text; throws an Error saying what is wrong (not JSON, no tables, another version). */
export function parseSnapshot(text: string): MigrationSnapshot {
  let parsed: MigrationSnapshot;
  try {
    parsed = JSON.parse(text) as MigrationSnapshot;
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
  if (typeof parsed.tables !== 'object' || parsed.tables === null) throw new Error('no "tables" object');
  if (parsed.version !== undefined && parsed.version !== '5') throw new Error(`snapshot version ${JSON.stringify(parsed.version)}, expected "5" (drizzle-kit 0.31, MySQL)`);
  return parsed;
}
