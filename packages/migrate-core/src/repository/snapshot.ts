import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumOf } from '../checksum.js';
import { MigrateError } from '../errors.js';
import type { MigrationId } from '../model.js';
import { DOWN_FILE, SNAPSHOT_FILE, UP_FILE } from './source.js';

/** `prevId` of the first migration's snapshot. */
export const BASE_ID = 'base';

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
  readonly migrateCore?: { readonly up: string; readonly down: string; readonly custom?: boolean };
  readonly [key: string]: unknown;
}

/** One statement of a generated file, with the `-- migrate-core: ...` directives to put above it. */
export interface GeneratedStatement {
  readonly sql: string;
  readonly directives?: readonly string[];
  /** Comment lines (without `-- `) to put above it, e.g. a data-loss warning. */
  readonly comments?: readonly string[];
}

/**
 * Renders a migration file: header comments, then each statement ending in `;`, separated by a blank line.
 * With `tightHeader`, a first statement without comments follows the header directly (the layout of the
 * seed migrations, whose checksums are recorded in databases).
 */
export function renderSqlFile(header: readonly string[], statements: readonly GeneratedStatement[], options: { tightHeader?: boolean } = {}): string {
  const lines = header.map((line) => `-- ${line}`);
  for (const [i, statement] of statements.entries()) {
    const annotated = (statement.comments?.length ?? 0) + (statement.directives?.length ?? 0) > 0;
    if (!(options.tightHeader && i === 0 && !annotated)) lines.push('');
    for (const comment of statement.comments ?? []) lines.push(`-- ${comment}`);
    for (const directive of statement.directives ?? []) lines.push(`-- migrate-core: ${directive}`);
    lines.push(statement.sql.trim().replace(/;\s*$/, '') + ';');
  }
  return `${lines.join('\n')}\n`;
}

export interface MigrationFolderContent {
  readonly id: MigrationId;
  readonly up: string;
  readonly down: string;
  /** Without `migrateCore`: it is added from `up` and `down`. */
  readonly snapshot: MigrationSnapshot;
  /** A custom migration (`generate --custom`): its files are meant to be edited. */
  readonly custom?: boolean;
}

/** Writes `<migrationsDir>/<id>/{up.sql,down.sql,snapshot.json}`; refuses to overwrite an existing folder. */
export function writeMigrationFolder(migrationsDir: string, content: MigrationFolderContent): string {
  const dir = join(migrationsDir, content.id);
  try {
    mkdirSync(migrationsDir, { recursive: true });
    mkdirSync(dir);
  } catch (error) {
    throw new MigrateError('GENERATE', `Cannot create ${dir}: ${(error as Error).message}`);
  }
  const checksums = { up: checksumOf(content.up), down: checksumOf(content.down) };
  const snapshot: MigrationSnapshot = { ...content.snapshot, migrateCore: content.custom ? { ...checksums, custom: true } : checksums };
  writeFileSync(join(dir, UP_FILE), content.up);
  writeFileSync(join(dir, DOWN_FILE), content.down);
  writeFileSync(join(dir, SNAPSHOT_FILE), `${JSON.stringify(snapshot, null, 2)}\n`);
  return dir;
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

/** Reads and parses a snapshot.json, with a clear error for a corrupt one. */
export function readSnapshot(path: string): MigrationSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MigrateError('SOURCE', `Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return parseSnapshot(text);
  } catch (error) {
    throw new MigrateError('SOURCE', `${path} is not a valid snapshot (${(error as Error).message}).`,
      { hint: 'Restore it from git (git checkout -- <file>); snapshots are written by generate, not by hand.' });
  }
}
