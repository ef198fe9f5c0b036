// What a rollback would destroy: the destructive statements of the down migrations it would run, with the rows
// they would take away, counted on the database. Rollback asks before it runs them. A statement may name a table
// of another database (`archive.logs`): its rows are counted there, with the name as written, so that the server
// resolves it (case, lower_case_table_names) as it will for the statement itself. A destructive statement whose
// table or column cannot be read, or that the server will not count, is listed as not counted: it may take anything.
import type { Session } from '../db/session.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { isServerError } from '../db/server-errors.js';
import type { MigrationFile, MigrationId, Step } from '../model.js';
import type { MigrationSnapshot, MigrationSource } from '../repository/index.js';
import { dataLossOf, tableAlteredBy, type ColumnTypeOf, type DataLoss, type DataLossReadOptions, type TableName } from '../schema/data-loss.js';
import { toKitSnapshot, type KitSnapshot } from '../schema/drizzle/kit-snapshot.js';
import type { Flavor } from '../sql/flavor.js';

export interface DownDataLoss extends DataLoss {
  readonly migrationId: MigrationId;
  /** The statement's position in down.sql, and its line. */
  readonly statement: number;
  readonly line: number;
  /** Rows in the table now; null when the table does not exist, or when they were not counted (`uncounted`). */
  readonly rows: number | null;
  /** For a dropped or narrowed column: rows where it holds a value (not NULL). */
  readonly values?: number | null;
  /**
   * Why nothing was counted: the statement's table or column could not be read from it, or the server would not
   * count its rows. What it destroys is unknown, so it counts as destroying data.
   */
  readonly uncounted?: string;
}

export interface DownDataLossInput {
  /** The database's session (under the migration lock, when called by rollback's guard). */
  readonly session: Pick<Session, 'query' | 'database'>;
  readonly source: MigrationSource;
  /** The steps rollback planned; only their down steps count, from the statement each starts at. */
  readonly steps: readonly Step[];
  /** A migration's snapshot (the schema a down statement runs against), to judge a narrowed column. */
  readonly snapshotOf?: (migration: MigrationFile) => MigrationSnapshot | undefined;
  /** The server's flavor: which executable comments of the down files are code, as when they run. @default DEFAULT_FLAVOR */
  readonly flavor?: Flavor;
}

type Reader = DownDataLossInput['session'];

/** A table named by a statement, as the server reads it: in the database it names, else in the session's. */
const qualified = (session: Reader, name: TableName) => `${quoteIdentifier(name.database ?? session.database)}.${quoteIdentifier(name.table)}`;

/** Whether a statement's table is in another database than the session's (the one the snapshots describe). */
const elsewhere = (session: Reader, name: TableName | undefined): name is TableName & { database: string } =>
  name?.database !== undefined && name.database !== session.database;

/** The server will not let this user read the table: its rows cannot be counted, which says nothing of them. */
const denied = (error: unknown) => isServerError(error, 'ER_TABLEACCESS_DENIED_ERROR', 'ER_COLUMNACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR');

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Counted {
  readonly rows: number | null;
  readonly values: number | null;
  readonly uncounted?: string;
}

/** SELECT COUNT(*) [, COUNT(column)] of a table; nulls when the server says the table or column is not there. */
async function countRows(session: Reader, table: TableName, column: string | undefined): Promise<Counted> {
  const from = qualified(session, table);
  const values = column === undefined ? '' : `, COUNT(${quoteIdentifier(column)}) AS \`values\``;
  try {
    const [row] = await session.query<Array<{ rows: number | string; values?: number | string }>>(`SELECT COUNT(*) AS \`rows\`${values} FROM ${from}`);
    return { rows: Number(row?.rows ?? 0), values: row?.values === undefined ? null : Number(row.values) };
  } catch (error) {
    // The table or column is gone already (an earlier, interrupted rollback), or the database the statement
    // names does not exist: nothing of it left to lose.
    if (isServerError(error, 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR', 'ER_BAD_DB_ERROR')) return { rows: null, values: null };
    if (denied(error)) return { rows: null, values: null, uncounted: `the server would not count them: ${messageOf(error)}` };
    throw error;
  }
}

/** The column types of a table as they are now, by lower-cased name (column names ignore case); none when it is not there. */
async function liveColumnTypes(session: Reader, table: TableName): Promise<Map<string, string>> {
  try {
    const rows = await session.query<Array<{ Field: string; Type: string }>>(`SHOW COLUMNS FROM ${qualified(session, table)}`);
    return new Map(rows.map((row) => [String(row.Field).toLowerCase(), String(row.Type)]));
  } catch (error) {
    if (isServerError(error, 'ER_NO_SUCH_TABLE', 'ER_BAD_DB_ERROR') || denied(error)) return new Map();
    throw error;
  }
}

/**
 * The column types a down statement runs against, to judge a narrowing: the migration's snapshot for the service's
 * own tables; for a table of another database, which no snapshot of the service describes, or a column the
 * snapshot does not know (no snapshot, a column made by hand-written SQL), the type it has now.
 */
async function columnTypesFor(session: Reader, sql: string, before: KitSnapshot | undefined, options: DataLossReadOptions): Promise<KitSnapshot | ColumnTypeOf | undefined> {
  // Only a MODIFY or CHANGE narrows a column: an ALTER without either (a DROP COLUMN) needs no types.
  if (!/\b(?:MODIFY|CHANGE)\b/i.test(sql)) return before;
  const altered = tableAlteredBy(sql, options);
  if (altered === undefined) return before;
  const live = await liveColumnTypes(session, altered);
  const snapshot = elsewhere(session, altered) ? undefined : before;
  return (table, column) => snapshot?.tables[table.table]?.columns[column]?.type ?? live.get(column.toLowerCase());
}

/** What a loss takes now: counted on the server, unless its table or column could not be read. */
async function countLoss(session: Reader, loss: DataLoss): Promise<Counted> {
  if (loss.unread !== undefined) return { rows: null, values: null, uncounted: loss.unread };
  return countRows(session, loss, loss.kind === 'drop-column' || loss.kind === 'narrow-column' ? loss.column : undefined);
}

/**
 * The destructive statements (drop table, drop column, narrowing, truncate) of the down migrations in `steps`,
 * each with the rows it would take away, read from the database, or from the database the statement names
 * (`database` set). Read-only.
 *
 * @example
 * const planned = await migrator.preview('rollback', { target: { kind: 'steps', n: 1 } });
 * const losses = await downDataLoss({ session, source, steps: planned.steps });
 * // [{ migrationId, statement: 1, line: 1, kind: 'drop-table', table: 'test', what: 'drops table `test` ...', rows: 3 }]
 */
export async function downDataLoss(input: DownDataLossInput): Promise<DownDataLoss[]> {
  const losses: DownDataLoss[] = [];
  const options: DataLossReadOptions = input.flavor === undefined ? {} : { flavor: input.flavor };
  for (const step of input.steps.filter((candidate) => candidate.direction === 'down')) {
    const snapshot = input.snapshotOf?.(step.migration);
    const before = snapshot === undefined ? undefined : toKitSnapshot(snapshot);
    // Every statement, not only those the scanner classes as DDL: `DROP /*!32312 IF EXISTS*/ TABLE t` is not
    // DDL to it, and is still meant to drop a table.
    const loaded = await input.source.load(step.migration, 'down', { ...options, database: input.session.database });
    for (const statement of loaded.filter((candidate) => candidate.index >= step.startAt && candidate.class !== 'data')) {
      for (const loss of dataLossOf(statement.sql, await columnTypesFor(input.session, statement.sql, before, options), options)) {
        const counted = await countLoss(input.session, loss);
        losses.push({
          ...loss, migrationId: step.migration.id, statement: statement.index, line: statement.line, rows: counted.rows,
          ...(loss.column === undefined ? {} : { values: counted.values }),
          ...(counted.uncounted === undefined ? {} : { uncounted: counted.uncounted }),
        });
      }
    }
  }
  return losses;
}
