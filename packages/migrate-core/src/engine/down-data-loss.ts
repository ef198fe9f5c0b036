// What a rollback would destroy: the destructive statements of the down migrations it would run, with the rows
// they would take away, counted on the database. Rollback asks before it runs them.
import type { Session } from '../db/session.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { isServerError } from '../db/server-errors.js';
import type { MigrationFile, MigrationId, Step } from '../model.js';
import type { MigrationSnapshot, MigrationSource } from '../repository/index.js';
import { dataLossOf, type DataLoss } from '../schema/data-loss.js';
import { toKitSnapshot } from '../schema/drizzle/kit-snapshot.js';

export interface DownDataLoss extends DataLoss {
  readonly migrationId: MigrationId;
  /** The statement's position in down.sql, and its line. */
  readonly statement: number;
  readonly line: number;
  /** Rows in the table now; null when the table does not exist. */
  readonly rows: number | null;
  /** For a dropped or narrowed column: rows where it holds a value (not NULL). */
  readonly values?: number | null;
}

export interface DownDataLossInput {
  /** The database's session (under the migration lock, when called by rollback's guard). */
  readonly session: Pick<Session, 'query' | 'database'>;
  readonly source: MigrationSource;
  /** The steps rollback planned; only their down steps count, from the statement each starts at. */
  readonly steps: readonly Step[];
  /** A migration's snapshot (the schema a down statement runs against), to judge a narrowed column. */
  readonly snapshotOf?: (migration: MigrationFile) => MigrationSnapshot | undefined;
}

/** SELECT COUNT(*) [, COUNT(column)] of a table; nulls when the table or column is not there. */
async function countRows(session: DownDataLossInput['session'], table: string, column: string | undefined): Promise<{ rows: number | null; values: number | null }> {
  const from = `${quoteIdentifier(session.database)}.${quoteIdentifier(table)}`;
  const values = column === undefined ? '' : `, COUNT(${quoteIdentifier(column)}) AS \`values\``;
  try {
    const [row] = await session.query<Array<{ rows: number | string; values?: number | string }>>(`SELECT COUNT(*) AS \`rows\`${values} FROM ${from}`);
    return { rows: Number(row?.rows ?? 0), values: row?.values === undefined ? null : Number(row.values) };
  } catch (error) {
    // The table or column is gone already (an earlier, interrupted rollback): nothing of it left to lose.
    if (isServerError(error, 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR')) return { rows: null, values: null };
    throw error;
  }
}

/**
 * The destructive statements (drop table, drop column, narrowing, truncate) of the down migrations in `steps`,
 * each with the rows it would take away, read from the database. Read-only.
 *
 * @example
 * const planned = await migrator.preview('rollback', { target: { kind: 'steps', n: 1 } });
 * const losses = await downDataLoss({ session, source, steps: planned.steps });
 * // [{ migrationId, statement: 1, line: 1, kind: 'drop-table', table: 'test', what: 'drops table `test` ...', rows: 3 }]
 */
export async function downDataLoss(input: DownDataLossInput): Promise<DownDataLoss[]> {
  const losses: DownDataLoss[] = [];
  for (const step of input.steps.filter((candidate) => candidate.direction === 'down')) {
    const snapshot = input.snapshotOf?.(step.migration);
    const before = snapshot === undefined ? undefined : toKitSnapshot(snapshot);
    const statements = (await input.source.load(step.migration, 'down')).filter((statement) => statement.index >= step.startAt && statement.class === 'ddl');
    for (const statement of statements) {
      for (const loss of dataLossOf(statement.sql, before)) {
        const counted = await countRows(input.session, loss.table, loss.kind === 'drop-column' || loss.kind === 'narrow-column' ? loss.column : undefined);
        losses.push({
          ...loss, migrationId: step.migration.id, statement: statement.index, line: statement.line, rows: counted.rows,
          ...(loss.column === undefined ? {} : { values: counted.values }),
        });
      }
    }
  }
  return losses;
}
