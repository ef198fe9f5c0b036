// Pure: what is wrong with one migration folder, given its files' text and the snapshot before it.
import { checksumMatches } from '../sql/checksum.js';
import { ALLOW_DATA_LOSS, dataLossOf } from '../schema/data-loss.js';
import type { KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import type { MigrationSnapshot } from '../repository/index.js';
import type { Finding } from '../findings.js';
import type { MigrationId } from '../model.js';
import { splitStatements } from '../statements.js';
import type { LintCode } from '../config/lint-codes.js';
import { parseSql, refusalProblems } from './sql-problems.js';

export type CheckProblemCode =
  | 'SCHEMA_CHANGED' | 'NO_UP' | 'NO_DOWN' | 'EMPTY_DOWN' | 'NO_SNAPSHOT' | 'CORRUPT_SNAPSHOT' | 'SNAPSHOT_ID'
  | 'EDITED' | 'CONFLICT' | 'DATA_LOSS' | 'MARIADB_INVALID' | 'BAD_FOLDER' | 'BAD_DIRECTIVE'
  /** Not valid UTF-8, or SQL the scanner cannot read (an unterminated quote or comment, a block never closed). */
  | 'BAD_SQL'
  /** A statement migrate refuses to run (USE, SET autocommit, LOCK TABLES...), or a transaction block it cannot run as one. */
  | 'REFUSED_STATEMENT'
  /** Two services of the workspace resolve to the same database. */
  | 'SHARED_DATABASE'
  /** The shadow proof (shadow/): a statement the server refused, a down that does not restore, seeds. */
  | 'SHADOW_UP' | 'SHADOW_DOWN' | 'SHADOW_DOWN_DIFFERS' | 'SHADOW_REDO' | 'SEED'
  /** The shadow proof: the schema after an up is not the one its snapshot.json records. */
  | 'SNAPSHOT_MISMATCH'
  /** A lint finding at level `error`. */
  | LintCode;

/** What fails the check: a Finding of severity `error`, always with what to do about it. */
export interface CheckProblem extends Finding<CheckProblemCode> {
  readonly hint: string;
}

/** A migration folder as check reads it; paths relative to the workspace root. */
export interface MigrationFolderText {
  readonly id: MigrationId;
  readonly dir: string;
  readonly up?: string | undefined;
  readonly down?: string | undefined;
  readonly snapshot?: MigrationSnapshot | undefined;
  readonly snapshotError?: string | undefined;
  /** The snapshot of the migration before it (the state its up.sql runs against). */
  readonly before: KitSnapshot;
}

/** SQL that MariaDB 10.11 refuses, as drizzle-kit (or a person) may write it. */
const MARIADB_REJECTS: readonly { pattern: RegExp; what: string; fix: string }[] = [
  { pattern: /\bserial\s+AUTO_INCREMENT\b/i, what: '`serial AUTO_INCREMENT` (drizzle\'s serial(); drizzle-orm#3333)',
    fix: 'write `bigint unsigned AUTO_INCREMENT` instead (generate does this now), or use int().autoincrement() in the schema' },
];

function editProblems(folder: MigrationFolderText, generate: string): CheckProblem[] {
  const recorded = folder.snapshot?.migrateCore;
  if (folder.snapshot === undefined || recorded?.custom) return [];
  const acceptHint = `If the edit is deliberate: \`${generate} --accept-edits ${folder.id}\`. Otherwise restore the file: git checkout -- <file>.`;
  if (recorded === undefined) {
    return [{ code: 'EDITED', severity: 'error', migrationId: folder.id, file: `${folder.dir}/snapshot.json`, message: `${folder.dir}/snapshot.json records no checksums of up.sql and down.sql.`, hint: acceptHint }];
  }
  return (['up', 'down'] as const).flatMap((side) => {
    const text = folder[side];
    // Directive lines never count: adding `allow-data-loss` after review is not an edit (see checksumMatches).
    if (text === undefined || checksumMatches(recorded[side], text, `${folder.dir}/${side}.sql`)) return [];
    const file = `${folder.dir}/${side}.sql`;
    return [{ code: 'EDITED', severity: 'error', migrationId: folder.id, file, message: `${file} was edited after generate wrote it (its checksum differs from snapshot.json).`, hint: acceptHint.replace('<file>', file) }];
  });
}

function statementProblems(folder: MigrationFolderText, side: 'up' | 'down', generate: string): CheckProblem[] {
  const text = folder[side];
  if (text === undefined) return [];
  const file = `${folder.dir}/${side}.sql`;
  const { statements, problems } = parseSql(text, file, folder.id);
  return [...problems, ...refusalProblems(statements, file, folder.id), ...statements.flatMap((statement) => {
    const found: CheckProblem[] = MARIADB_REJECTS.filter((rule) => rule.pattern.test(statement.sql)).map((rule) => ({
      code: 'MARIADB_INVALID', severity: 'error', migrationId: folder.id, file, line: statement.line, statement: statement.index, message: `${file}:${statement.line}: statement ${statement.index} uses ${rule.what}, which MariaDB rejects.`,
      hint: `${rule.fix[0]!.toUpperCase()}${rule.fix.slice(1)}; then accept the edit: \`${generate} --accept-edits ${folder.id}\`.` }));
    if (side === 'up' && !statement.directives.includes(ALLOW_DATA_LOSS)) {
      for (const loss of dataLossOf(statement.sql, folder.before)) {
        found.push({ code: 'DATA_LOSS', severity: 'error', migrationId: folder.id, file, line: statement.line, statement: statement.index, message: `${file}:${statement.line}: statement ${statement.index} ${loss.what}, and is not acknowledged.`,
          hint: `Review it. If the loss is intended, add the line \`-- migrate-core: ${ALLOW_DATA_LOSS}\` right above it (line ${statement.line}).` });
      }
    }
    return found;
  })];
}

/** How many statements a file holds; 0 when it cannot be read (reported as BAD_SQL). */
const countStatements = (text: string) => parseSql(text, '', '').statements.length;

function presenceProblems(folder: MigrationFolderText, generate: string): CheckProblem[] {
  const problems: CheckProblem[] = [];
  const at = (file: string) => `${folder.dir}/${file}`;
  if (folder.up === undefined) problems.push({ code: 'NO_UP', severity: 'error', migrationId: folder.id, file: at('up.sql'), message: `${folder.dir} has no up.sql.`, hint: 'Restore it from git, or delete the folder if the migration was never applied.' });
  if (folder.down === undefined) {
    problems.push({ code: 'NO_DOWN', severity: 'error', migrationId: folder.id, file: at('down.sql'), message: `${folder.dir} has no down.sql: it could not be rolled back.`,
      hint: `Write down.sql (the statements that undo up.sql) and run \`${generate} --accept-edits ${folder.id}\`; or, if it was never applied, delete the folder and generate it again.` });
  } else if (folder.up !== undefined && countStatements(folder.up) > 0 && countStatements(folder.down) === 0) {
    problems.push({ code: 'EMPTY_DOWN', severity: 'error', migrationId: folder.id, file: at('down.sql'), message: `${at('down.sql')} has no statements, but up.sql has: a rollback would undo nothing.`,
      hint: 'Write the statements that undo up.sql, in reverse order.' });
  }
  if (folder.snapshot === undefined) {
    const missing = folder.snapshotError?.includes('missing') ?? true;
    problems.push({ code: missing ? 'NO_SNAPSHOT' : 'CORRUPT_SNAPSHOT', severity: 'error', migrationId: folder.id, file: at('snapshot.json'), message: `${folder.dir}: ${folder.snapshotError ?? 'snapshot.json is missing'}.`,
      hint: `Restore it from git: git checkout -- ${at('snapshot.json')} (snapshots are written by generate, never by hand).` });
  } else if (folder.snapshot.id !== folder.id) {
    problems.push({ code: 'SNAPSHOT_ID', severity: 'error', migrationId: folder.id, file: at('snapshot.json'), message: `${at('snapshot.json')} says it is migration ${String(folder.snapshot.id)}, not ${folder.id} (a renamed or copied folder).`,
      hint: 'Give the folder its original name back, or delete it and generate the migration again.' });
  }
  return problems;
}

/**
 * Every problem of one migration folder: missing or corrupt files, hand edits since generate wrote it,
 * unacknowledged destructive up statements, SQL MariaDB rejects, an empty down.
 */
export function folderProblems(folder: MigrationFolderText, generate: string): CheckProblem[] {
  return [...presenceProblems(folder, generate), ...editProblems(folder, generate), ...statementProblems(folder, 'up', generate), ...statementProblems(folder, 'down', generate)];
}
