import { commandHint, type Issue } from '../errors.js';
import type { LedgerRow, MigrationFile } from '../model.js';
import { shownPath } from '../repository/index.js';

/** The row left `running` or `failed` by an interrupted or failed step, if any. */
export function dirtyRows(rows: readonly LedgerRow[]): LedgerRow[] {
  return rows.filter((row) => row.state !== 'applied');
}

/** The next position in the order of application: one past the highest `seq` in the ledger. */
export function nextSeqOf(rows: readonly LedgerRow[]): number {
  return Math.max(0, ...rows.map((row) => row.seq)) + 1;
}

/** Pending = no ledger row, decided by id (never by a high-water timestamp). */
export function pendingFiles(files: readonly MigrationFile[], rows: readonly LedgerRow[]): MigrationFile[] {
  const known = new Set(rows.map((row) => row.id));
  return files.filter((file) => !known.has(file.id));
}

/** Pending migrations that sort before the newest applied one: merged from an older branch. */
export function outOfOrderFiles(files: readonly MigrationFile[], rows: readonly LedgerRow[]): MigrationFile[] {
  const newest = rows.map((row) => row.id).sort().at(-1);
  if (newest === undefined) return [];
  return pendingFiles(files, rows).filter((file) => file.id < newest);
}

/** How the ledger's `error` of a run stopped on request (Ctrl-C, SIGTERM) begins: nothing failed, there is nothing to fix. */
export const STOPPED_ON_REQUEST = 'stopped on request';

export function describeDirty(row: LedgerRow, interrupted: boolean): Issue {
  const what = row.direction === 'up' ? 'migrate' : 'rollback';
  const at = `statement ${row.statementsDone + 1} of ${row.statementsTotal}`;
  const stopped = !interrupted && row.error?.startsWith(STOPPED_ON_REQUEST) === true;
  const cause = interrupted ? 'was interrupted (the process stopped)' : stopped ? `was ${row.error}` : `failed: ${row.error ?? 'unknown error'}`;
  const resume = row.direction === 'up' ? 'migrate' : 'rollback';
  const resumes = `it resumes at ${at} (statements before it are not re-run)`;
  return {
    code: 'DIRTY', severity: 'error',
    migrationId: row.id,
    message: `${row.id}: ${what} ${cause}${stopped ? '' : ` at ${at}`}.`,
    hint: (stopped ? `Run ${commandHint(resume)} to continue: ${resumes}. ` : `Fix the cause, then run ${commandHint(resume)} again: ${resumes}. `) +
      `Or, after repairing by hand: ${commandHint('resolve', row.id, '--applied')} or ${commandHint('resolve', row.id, '--rolled-back')}.`,
  };
}

/**
 * Several unfinished rows of migrations, as an interrupted round trip of migrations sent together leaves them
 * (src/engine/shared-ledger.ts), possibly settled or resolved by hand one by one since: all up. They are taken
 * up in the order of application, each from its own statement in doubt, as one such row is. Unfinished rows of a
 * rollback among them block.
 */
export function sentTogether(dirty: readonly LedgerRow[]): LedgerRow[] | undefined {
  if (dirty.length < 2 || dirty.some((row) => row.direction !== 'up')) return undefined;
  return [...dirty].sort((a, b) => a.seq - b.seq);
}

/** The DIRTY issue of the running rows of migrations sent together (sentTogether) that an interruption left. */
export function describeInterruptedTogether(rows: readonly LedgerRow[]): Issue {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  return {
    code: 'DIRTY', severity: 'error',
    migrationId: first.id,
    message: `${rows.length} migrations sent to the server together were interrupted (the process stopped): ${first.id} to ${last.id} are recorded in progress.`,
    hint: `Run ${commandHint('migrate')} again: it proves from the schema which of them took effect and records those, then runs the others ` +
      '(a statement is run again only once it is proven not to have taken effect).',
  };
}

/** Whether a stored checksum is the file's, in the current format or the first one. */
function matchesFile(file: MigrationFile, checksum: string): boolean {
  return checksum === file.checksum || file.matchesLegacy?.(checksum) === true;
}

/**
 * Integrity of what was applied against the files: checksum mismatches and files that are gone. The row of
 * a failed or interrupted migrate is exempt from the checksum check: fixing its file is how one resumes it.
 * `root`: the workspace root, that files are named relative to.
 */
export function verifyApplied(files: readonly MigrationFile[], rows: readonly LedgerRow[], root?: string): Issue[] {
  const byId = new Map(files.map((file) => [file.id, file]));
  const issues: Issue[] = [];
  for (const row of rows) {
    const file = byId.get(row.id);
    if (file === undefined) {
      issues.push({
        code: 'MISSING_FILE', severity: 'error',
        migrationId: row.id,
        message: `${row.id} is recorded in the ledger but its folder is missing from the migrations folder.`,
        hint: 'Check out the branch that has it. If it was removed on purpose and its changes undone by hand, run ' +
          `${commandHint('resolve', row.id, '--rolled-back')}.`,
      });
      continue;
    }
    if (row.state !== 'applied' && row.direction === 'up') continue;
    if (!matchesFile(file, row.checksum) && !(file.acceptedChecksums ?? []).includes(row.checksum)) {
      issues.push({
        code: 'CHECKSUM_MISMATCH', severity: 'error',
        migrationId: row.id,
        file: shownPath(file.upPath, root),
        message: `${shownPath(file.upPath, root)} was edited after it was applied (ledger ${row.checksum.slice(0, 19)}…, file ${file.checksum.slice(0, 19)}…).`,
        hint: 'Restore the file (git checkout) and put the change in a new migration. If the edit is deliberate and changes ' +
          (file.hasSnapshot
            ? `nothing that ran, accept it with ${commandHint('generate', '--accept-edits', row.id)} and commit its snapshot.json.`
            // generate --accept-edits records accepted edits in snapshot.json, which a hand-written migration may not have.
            : `nothing that ran: it has no snapshot.json to record that in, so record the file as it is now in this database's ledger with ${commandHint('resolve', row.id, '--applied')} (in each database that applied it).`),
      });
    }
  }
  return issues;
}

/**
 * The files with the other checksums they still verify against (earlier ones their snapshots accept with
 * `generate --accept-edits`, and a `sha256:` one of an earlier version the file still matches), worked out only
 * for the migrations whose ledger checksum differs from the file's: the common case reads nothing more.
 */
export async function withAcceptedChecksums(files: readonly MigrationFile[], rows: readonly LedgerRow[],
  accepted: (file: MigrationFile, stored?: string) => Promise<readonly string[]>): Promise<MigrationFile[]> {
  const recorded = new Map(rows.map((row) => [row.id, row.checksum]));
  return Promise.all(files.map(async (file) => {
    const checksum = recorded.get(file.id);
    if (checksum === undefined || matchesFile(file, checksum)) return file;
    return { ...file, acceptedChecksums: await accepted(file, checksum) };
  }));
}
