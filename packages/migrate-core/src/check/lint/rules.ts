// Pure: the lint rules, one statement at a time. Each hit names its code and says what the statement risks on a
// table that already holds rows; the recipes are in codes.ts.
import type { LintCode } from '../../config/lint-codes.js';
import { dataLossOf } from '../../schema/data-loss.js';
import type { KitSnapshot, KitTable } from '../../schema/drizzle/kit-snapshot.js';
import { tableCopyOf, type CopyVerdict } from './algorithm.js';
import type { AlterClause, DdlShape } from './ddl.js';
import type { LintTable } from './tables.js';

export interface LintHit {
  readonly code: LintCode;
  readonly message: string;
}

/** What the server answered to the algorithm probes of a statement (probe.ts). */
export interface ProbeResult {
  readonly algorithm: 'instant' | 'inplace' | 'copy';
  /** The server's reason when it would copy or lock. */
  readonly reason?: string;
  readonly server: string;
}

export interface RuleContext {
  /**
   * The table the statement acts on, as the migration has it when the statement runs (tables.ts): whether it may
   * hold rows, and its name in `before`, whatever name the statement gives it.
   */
  readonly table: LintTable | undefined;
  /** The snapshot the migration runs against (column types and NULL-ness). */
  readonly before: KitSnapshot;
  /** The shadow server's probe of this statement, when it ran: it replaces the documented rules. */
  readonly probe?: ProbeResult | undefined;
  /** Whether a later statement of the same file adds a primary key to the statement's table, under any name. */
  readonly primaryKeyAddedLater: () => boolean;
}

/** The snapshot's description of the statement's table, when it has one. */
function tableBefore(ctx: RuleContext): KitTable | undefined {
  return ctx.table?.before === undefined ? undefined : ctx.before.tables[ctx.table.before];
}

function notNullHits(table: string, clause: AlterClause, before: KitTable | undefined): LintHit[] {
  const definition = clause.definition;
  if (definition === undefined || !definition.notNull) return [];
  const column = `\`${table}\`.\`${clause.column}\``;
  if (clause.action === 'add-column' && !definition.hasDefault && !definition.autoIncrement && definition.generated === null) {
    return [{ code: 'NOT_NULL_NO_DEFAULT', message: `adds NOT NULL column ${column} without a default to a table that may hold rows: they get an implicit ` +
      `value (0, '', a zero date) or the statement fails, and INSERTs of the running app version that omit it fail` }];
  }
  const old = before?.columns[clause.column ?? ''];
  if (clause.action === 'modify-column' && old !== undefined && !old.notNull) {
    return [{ code: 'NOT_NULL_NO_DEFAULT', message: `makes ${column} NOT NULL: the statement fails if a row holds NULL there, and INSERTs of the running app version that omit it fail` }];
  }
  return [];
}

function uniqueHits(shape: DdlShape): LintHit[] {
  const on = (table: string, what: string): LintHit => ({ code: 'NEW_UNIQUE', message: `adds ${what} on \`${table}\`, which may hold rows: it fails if they hold duplicates` });
  if (shape.kind === 'create-index') return shape.unique ? [on(shape.table, 'a unique index')] : [];
  if (shape.kind !== 'alter-table') return [];
  return shape.clauses.flatMap((clause) => {
    if (clause.action === 'add-unique') return [on(shape.table, 'a unique index')];
    if (clause.action === 'add-primary-key') return [on(shape.table, 'a primary key')];
    if ((clause.action === 'add-column' || clause.action === 'modify-column') && (clause.definition?.unique || clause.definition?.primaryKey)) {
      return [on(shape.table, `a unique column \`${clause.column}\``)];
    }
    return [];
  });
}

function copyHit(verdict: CopyVerdict | undefined, probe: ProbeResult | undefined): LintHit[] {
  if (probe !== undefined) {
    if (probe.algorithm !== 'copy') return [];
    return [{ code: 'TABLE_COPY', message: `copies the table or blocks writes while it runs: ${probe.server} refuses ALGORITHM=INSTANT and ALGORITHM=INPLACE, LOCK=NONE for it (${probe.reason ?? 'no reason given'})` }];
  }
  if (verdict === undefined) return [];
  return [{ code: 'TABLE_COPY', message: verdict.algorithm === 'copy'
    ? `copies the whole table (${verdict.reason}): writes wait, or the copy takes as long as the table is big`
    : `blocks writes to the table while it runs (${verdict.reason})` }];
}

function primaryKeyHits(shape: DdlShape, ctx: RuleContext): LintHit[] {
  if (shape.kind === 'create-table' && shape.hasBody && !shape.temporary && !shape.hasPrimaryKey && !ctx.primaryKeyAddedLater()) {
    return [{ code: 'NO_PRIMARY_KEY', message: `creates table \`${shape.table}\` without a primary key` }];
  }
  if (shape.kind === 'alter-table' && shape.clauses.some((c) => c.action === 'drop-primary-key') && !shape.clauses.some((c) => c.action === 'add-primary-key')
    && !ctx.primaryKeyAddedLater()) {
    return [{ code: 'NO_PRIMARY_KEY', message: `drops the primary key of \`${shape.table}\` and adds none` }];
  }
  return [];
}

const LOSS_CODES = { 'drop-table': 'DROP_TABLE', 'drop-column': 'DROP_COLUMN', 'narrow-column': 'NARROW_TYPE' } as const;

function lossHits(sql: string, ctx: RuleContext): LintHit[] {
  const before = tableBefore(ctx);
  return dataLossOf(sql, ctx.table === undefined ? ctx.before : (_table, column) => before?.columns[column]?.type).flatMap((loss): LintHit[] => {
    if (loss.kind === 'truncate') return [];
    const reader = loss.kind === 'narrow-column' ? '' : ', and the running app version may still use it';
    return [{ code: LOSS_CODES[loss.kind], message: `${loss.what}${reader}` }];
  });
}

/**
 * Every lint hit of one up statement. Rules about existing rows apply only to a table that may hold rows
 * (`ctx.table`): one created by the same migration is empty, under any name a rename gives it.
 */
export function statementHits(sql: string, shape: DdlShape, ctx: RuleContext): LintHit[] {
  const hits = [...primaryKeyHits(shape, ctx), ...lossHits(sql, ctx)];
  const table = shape.kind === 'alter-table' || shape.kind === 'create-index' || shape.kind === 'drop-index' ? shape.table : undefined;
  if (table === undefined || ctx.table?.holdsRows !== true) return hits;
  const before = tableBefore(ctx);
  if (shape.kind === 'alter-table') hits.push(...shape.clauses.flatMap((clause) => notNullHits(table, clause, before)));
  hits.push(...uniqueHits(shape), ...copyHit(tableCopyOf(shape, before), ctx.probe));
  return hits;
}
