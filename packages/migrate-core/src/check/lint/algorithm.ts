// Pure: which DDL on an existing table copies it (ALGORITHM=COPY) or blocks writes while it runs, from the
// servers' documented rules. MariaDB 10.6+ ("InnoDB Online DDL Operations with ALGORITHM=INSTANT/INPLACE/NOCOPY")
// and MySQL 8.0 ("Online DDL Operations") agree on every case below: both change a column's type by copying
// the table (except growing a VARCHAR within the same length-byte count and appending ENUM/SET values), both
// copy to add a foreign key while foreign_key_checks is on, to add a CHECK constraint or a STORED generated
// column, to convert the character set and to drop the primary key without adding another, and both block
// writes while they add an AUTO_INCREMENT column or a FULLTEXT or SPATIAL index. The shadow server's answer to
// `ALGORITHM=INSTANT` / `ALGORITHM=INPLACE, LOCK=NONE` probes (probe.ts) replaces these rules when it runs.
import type { KitTable } from '../../schema/drizzle/kit-snapshot.js';
import type { AlterClause, DdlShape } from './ddl.js';

export interface CopyVerdict {
  readonly algorithm: 'copy' | 'locking';
  /** Why, e.g. "changing `users`.`age` from int to bigint". */
  readonly reason: string;
}

/** Bytes per character the length of a VARCHAR counts (utf8mb4, the servers' default). */
const VARCHAR_BYTES = 4;

function normaliseType(type: string): string {
  return type.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, '$1').trim();
}

function listValues(type: string): string[] | undefined {
  const match = /^(?:enum|set)\((.*)\)$/s.exec(type);
  return match ? [...match[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!) : undefined;
}

/** Whether changing a column from `from` to `to` copies the table (the cases done in place are listed above). */
export function typeChangeCopies(from: string, to: string): boolean {
  const [a, b] = [normaliseType(from), normaliseType(to)];
  if (a === b) return false;
  const varchar = /^(varchar|varbinary)\((\d+)\)$/;
  const [va, vb] = [varchar.exec(a), varchar.exec(b)];
  if (va && vb && va[1] === vb[1]) {
    const perChar = va[1] === 'varchar' ? VARCHAR_BYTES : 1;
    const [x, y] = [Number(va[2]) * perChar, Number(vb[2]) * perChar];
    return y < x || (x < 256) !== (y < 256);
  }
  const [la, lb] = [listValues(a), listValues(b)];
  if (la && lb && a.slice(0, 4) === b.slice(0, 4)) return !la.every((value, i) => lb[i] === value);
  return true;
}

function clauseVerdict(table: string, clause: AlterClause, before: KitTable | undefined, all: readonly AlterClause[]): CopyVerdict | undefined {
  const copy = (reason: string): CopyVerdict => ({ algorithm: 'copy', reason });
  const locking = (reason: string): CopyVerdict => ({ algorithm: 'locking', reason });
  switch (clause.action) {
    case 'add-foreign-key': return copy(`adding a foreign key to \`${table}\` while foreign_key_checks is on`);
    case 'add-check': return copy(`adding a CHECK constraint to \`${table}\` (every row is checked)`);
    case 'convert-charset': return copy(`converting \`${table}\` to another character set`);
    case 'drop-primary-key':
      return all.some((other) => other.action === 'add-primary-key') ? undefined : copy(`dropping the primary key of \`${table}\` without adding another`);
    case 'add-fulltext': return locking(`adding a FULLTEXT index to \`${table}\``);
    case 'add-spatial': return locking(`adding a SPATIAL index to \`${table}\``);
    case 'add-column':
      if (clause.definition?.generated === 'stored') return copy(`adding the STORED generated column \`${table}\`.\`${clause.column}\``);
      if (clause.definition?.autoIncrement) return locking(`adding the AUTO_INCREMENT column \`${table}\`.\`${clause.column}\``);
      return undefined;
    case 'modify-column': {
      const old = before?.columns[clause.column ?? '']?.type;
      const type = clause.definition?.type;
      if (old === undefined || type === undefined || !typeChangeCopies(old, type)) return undefined;
      return copy(`changing \`${table}\`.\`${clause.column}\` from ${old} to ${type}`);
    }
    default: return undefined;
  }
}

/**
 * Whether a statement on an existing table copies it or blocks writes, by the documented rules; undefined
 * when it runs instantly or in place without locking (or is not DDL on a table). An explicit ALGORITHM or LOCK
 * clause is taken at its word: the server refuses the statement rather than do more.
 *
 * @example tableCopyOf(ddlShape('ALTER TABLE `t` MODIFY `n` bigint'), before.tables.t)
 * // { algorithm: 'copy', reason: 'changing `t`.`n` from int to bigint' }
 */
export function tableCopyOf(shape: DdlShape, before: KitTable | undefined): CopyVerdict | undefined {
  if (shape.kind === 'create-index') {
    return shape.variant === 'btree' ? undefined : { algorithm: 'locking', reason: `adding a ${shape.variant.toUpperCase()} index to \`${shape.table}\`` };
  }
  if (shape.kind !== 'alter-table') return undefined;
  const algorithm = shape.clauses.find((clause) => clause.action === 'algorithm')?.value;
  const lock = shape.clauses.find((clause) => clause.action === 'lock')?.value;
  if (algorithm === 'COPY') return { algorithm: 'copy', reason: `ALGORITHM=COPY on \`${shape.table}\`` };
  if (lock === 'SHARED' || lock === 'EXCLUSIVE') return { algorithm: 'locking', reason: `LOCK=${lock} on \`${shape.table}\`` };
  if (algorithm !== undefined && algorithm !== 'DEFAULT') return undefined;
  for (const clause of shape.clauses) {
    const verdict = clauseVerdict(shape.table, clause, before, shape.clauses);
    if (verdict) return verdict;
  }
  return undefined;
}
