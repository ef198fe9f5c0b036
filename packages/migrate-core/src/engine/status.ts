import { commandHint, type Issue } from '../errors.js';
import type { LedgerRow, MigrationFile } from '../model.js';
import type { StatusReport } from './report.js';
import { describeDirty, describeInterruptedTogether, dirtyRows, outOfOrderFiles, pendingFiles, sentTogether, verifyApplied } from './verify.js';

/**
 * Builds the status report from the ledger rows and files (pure). `unknown`: OUTCOME_UNKNOWN issues of rows
 * whose interrupted statement cannot be proven either way; they replace those rows' DIRTY issue.
 */
export function statusOf(database: string, ledgerTable: string, rows: readonly LedgerRow[], files: readonly MigrationFile[], lockedBy: number | null, root?: string,
  unknown: readonly Issue[] = []): StatusReport {
  const applied = rows.filter((row) => row.state === 'applied');
  const unfinished = dirtyRows(rows);
  const dirty = unfinished[0];
  const inProgress = dirty?.state === 'running' && lockedBy !== null;
  const issues: Issue[] = verifyApplied(files, rows, root);
  // The rows of migrations sent together (a run in progress, or one interrupted): one issue for those running.
  const together = sentTogether(unfinished);
  const runningTogether: LedgerRow[] = [];
  for (const row of unfinished) {
    const undecided = unknown.find((issue) => issue.migrationId === row.id);
    if (undecided !== undefined) {
      issues.push(undecided);
      continue;
    }
    if (together !== undefined && row.state === 'running') {
      runningTogether.push(row);
      continue;
    }
    issues.push(inProgress
      ? { code: 'IN_PROGRESS', severity: 'info', migrationId: row.id, message: `${row.id} is being ${row.direction === 'up' ? 'applied' : 'rolled back'} right now (server connection ${lockedBy}), at statement ${row.statementsDone + 1} of ${row.statementsTotal}.` }
      : describeDirty(row, row.state === 'running'));
  }
  if (runningTogether.length > 0) {
    const [first, last] = [runningTogether[0]!, runningTogether.at(-1)!];
    issues.push(lockedBy !== null
      ? { code: 'IN_PROGRESS', severity: 'info', migrationId: first.id, message: `${runningTogether.length === 1 ? `${first.id} is` : `${runningTogether.length} migrations, ${first.id} to ${last.id}, are`} being applied right now (server connection ${lockedBy}), sent together.` }
      : runningTogether.length === 1 ? describeDirty(first, true) : describeInterruptedTogether(runningTogether));
  }
  for (const file of outOfOrderFiles(files, rows)) {
    issues.push({ code: 'OUT_OF_ORDER', severity: 'error', migrationId: file.id, message: `${file.id} is pending but sorts before migrations already applied.`,
      hint: `Apply it with ${commandHint('migrate', '--allow-out-of-order')} if it does not depend on them; if no shared environment ran it yet, ${commandHint('rebase', file.id)} gives it a new id after them.` });
  }
  return {
    database,
    ledgerTable,
    current: applied.map((row) => row.id).sort().at(-1) ?? null,
    applied: applied.map((row) => ({ id: row.id, checksum: row.checksum, appliedAt: row.finishedAt?.toISOString() ?? null, durationMs: row.durationMs })),
    pending: pendingFiles(files, rows).map((file) => ({ id: file.id })),
    dirty: dirty === undefined ? null : {
      id: dirty.id, direction: dirty.direction, statement: dirty.statementsDone + 1, statements: dirty.statementsTotal,
      error: dirty.error ?? (inProgress ? 'in progress' : 'interrupted: the process stopped during this migration'), state: dirty.state === 'running' ? 'running' : 'failed',
      ...(unknown.some((issue) => issue.migrationId === dirty.id) ? { outcome: 'unknown' as const } : {}),
    },
    issues,
    lockedBy,
  };
}
