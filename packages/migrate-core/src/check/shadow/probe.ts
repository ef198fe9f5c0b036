// Asks the shadow server how it would run each DDL statement on an existing table: the statement is sent with
// `ALGORITHM=INSTANT`, then with `ALGORITHM=INPLACE, LOCK=NONE`; the server refuses an algorithm it cannot use
// (ER_ALTER_OPERATION_NOT_SUPPORTED, with its reason) and runs the statement when it can, so each statement runs exactly once
// and the probe database follows the migrations. Exact for that server, unlike the documented rules.
import { isServerError } from '../../db/server-errors.js';
import type { Session } from '../../db/session.js';
import type { MigrationFile } from '../../model.js';
import type { MigrationSource } from '../../repository/index.js';
import { ddlShape, type DdlShape } from '../lint/ddl.js';
import { probeKey, type ProbeResults } from '../lint/lint.js';
import type { ProbeResult } from '../lint/rules.js';
import { describeServerError } from './server.js';

function probeTable(shape: DdlShape): string | undefined {
  if (shape.kind === 'create-index' || shape.kind === 'drop-index') return shape.table;
  if (shape.kind !== 'alter-table' || shape.clauses.some((clause) => clause.action === 'algorithm' || clause.action === 'lock')) return undefined;
  return shape.table;
}

/** The statement with an algorithm clause: after a comma in ALTER TABLE, after a space in CREATE/DROP INDEX. */
function withAlgorithm(sql: string, shape: DdlShape, clause: string): string {
  return shape.kind === 'alter-table' ? `${sql}, ${clause}` : `${sql} ${clause.replace(',', '')}`;
}

async function tablesOf(session: Session): Promise<Set<string>> {
  const rows = await session.query<Array<{ name: string }>>('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [session.database]);
  return new Set(rows.map((row) => row.name));
}

type Attempt = { ran: true } | { ran: false; refused: boolean; reason: string };

async function attempt(session: Session, sql: string): Promise<Attempt> {
  try {
    await session.query(sql);
    return { ran: true };
  } catch (error) {
    return { ran: false, refused: isServerError(error, 'ER_ALTER_OPERATION_NOT_SUPPORTED', 'ER_ALTER_OPERATION_NOT_SUPPORTED_REASON'), reason: (error as { sqlMessage?: string }).sqlMessage ?? describeServerError(error) };
  }
}

/** Runs one statement, probing it first when it alters an existing table; its result, or a note when it failed. */
async function runProbed(session: Session, sql: string, existing: ReadonlySet<string>, server: string): Promise<{ result?: ProbeResult; failed?: string }> {
  const shape = ddlShape(sql);
  const table = probeTable(shape);
  if (table !== undefined && existing.has(table)) {
    const instant = await attempt(session, withAlgorithm(sql, shape, 'ALGORITHM=INSTANT'));
    if (instant.ran) return { result: { algorithm: 'instant', server } };
    if (instant.refused) {
      const inplace = await attempt(session, withAlgorithm(sql, shape, 'ALGORITHM=INPLACE, LOCK=NONE'));
      if (inplace.ran) return { result: { algorithm: 'inplace', server } };
      if (inplace.refused) {
        const plain = await attempt(session, sql);
        return plain.ran ? { result: { algorithm: 'copy', reason: inplace.reason, server } } : { failed: plain.reason };
      }
    }
  }
  const plain = await attempt(session, sql);
  return plain.ran ? {} : { failed: plain.reason };
}

/**
 * Probes every up statement that alters a table that existed before its migration. Stops at a statement the
 * server refuses outright (the replay reports those) with a note; the results gathered so far stand.
 */
export async function probeAlgorithms(session: Session, source: MigrationSource, files: readonly MigrationFile[], server: string): Promise<{ results: ProbeResults; notes: string[] }> {
  const results = new Map<string, ProbeResult>();
  for (const file of files) {
    const existing = await tablesOf(session);
    for (const statement of await source.load(file, 'up')) {
      const outcome = await runProbed(session, statement.sql, existing, server);
      if (outcome.result) results.set(probeKey(file.id, statement.index), outcome.result);
      if (outcome.failed !== undefined) {
        return { results, notes: [`algorithm probes stopped at ${file.id} statement ${statement.index} (${outcome.failed}); later statements are judged by the documented rules`] };
      }
    }
  }
  return { results, notes: [] };
}
