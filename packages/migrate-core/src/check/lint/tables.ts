// Pure: the tables of one migration, followed statement by statement as it creates, renames and drops them, so
// that the rules about existing rows know a table under whatever name it has when a statement runs. A table
// renamed (RENAME TABLE, ALTER TABLE ... RENAME) keeps its rows and its columns of the snapshot under its new
// name, and its old name then names nothing; a table the migration made stays empty under every name.
import type { TableName } from '../../schema/data-loss.js';
import type { KitSnapshot } from '../../schema/drizzle/kit-snapshot.js';
import type { DdlShape } from './ddl.js';

/** A table as a migration's statements see it: one object under each name it takes. */
export interface LintTable {
  /** It may hold rows: it was there before the migration, under this name or another. */
  readonly holdsRows: boolean;
  /** Its name in the snapshot the migration runs against, when that describes it. */
  readonly before?: string;
}

/** What a name stands for at some point of the migration: a table, and whether one is there at all. */
interface Entry {
  readonly table: LintTable;
  readonly exists: boolean;
}

/**
 * The key of a table's name. Names compare without case, as a server with lower_case_table_names 1 or 2 does
 * (with 0 a migration naming `T` and `t` as two tables is not followed). A name in the service's own database,
 * written with it (`shop`.`t`) or without, is one key; a name in another database is another. Without the own
 * database's name, every database a statement names is taken to be the own one.
 */
export function tableKey(name: TableName, database: string | undefined): string {
  return `${inOtherDatabase(name, database) ? fold(name.database!) : ''}\u0000${fold(name.table)}`;
}

const fold = (name: string) => name.toLowerCase();

function inOtherDatabase(name: TableName, database: string | undefined): boolean {
  return name.database !== undefined && database !== undefined && fold(name.database) !== fold(database);
}

export class MigrationTables {
  private readonly entries = new Map<string, Entry>();
  private readonly snapshotNames = new Map<string, string>();

  /**
   * `known` holds the keys of the tables earlier migrations left (whether the snapshot knows them or not);
   * `database` is the service's own database, when known.
   */
  constructor(private readonly known: Set<string>, before: KitSnapshot, private readonly database: string | undefined) {
    for (const name of Object.keys(before.tables)) this.snapshotNames.set(this.key({ table: name }), name);
  }

  private key(name: TableName): string {
    return tableKey(name, this.database);
  }

  /** What a name stands for before the migration touches it. A table of another database may hold rows: no snapshot describes it. */
  private entry(name: TableName): Entry {
    const key = this.key(name);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const before = this.snapshotNames.get(key);
      const exists = before !== undefined || this.known.has(key) || inOtherDatabase(name, this.database);
      entry = { table: before === undefined ? { holdsRows: exists } : { holdsRows: true, before }, exists };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private rename(from: TableName, to: TableName): void {
    const entry = this.entry(from);
    this.entries.set(this.key(from), { table: { holdsRows: false }, exists: false });
    this.entries.set(this.key(to), entry);
  }

  /**
   * One statement, in the migration's order: the table it acts on (for CREATE TABLE the table it makes), then what
   * it does to the names. `dropped` are the tables it drops.
   */
  step(shape: DdlShape, dropped: readonly TableName[]): LintTable | undefined {
    const table = this.act(shape);
    for (const name of dropped) this.entries.set(this.key(name), { table: { holdsRows: false }, exists: false });
    return table;
  }

  private act(shape: DdlShape): LintTable | undefined {
    switch (shape.kind) {
      case 'create-table': {
        const table: LintTable = { holdsRows: false };
        this.entries.set(this.key(shape), { table, exists: true });
        return table;
      }
      case 'alter-table': {
        const table = this.entry(shape).table;
        const to = shape.clauses.findLast((clause) => clause.to !== undefined)?.to;
        if (to !== undefined) this.rename(shape, to);
        return table;
      }
      case 'create-index': case 'drop-index': return this.entry(shape).table;
      case 'rename-table':
        for (const { from, to } of shape.renames) this.rename(from, to);
        return undefined;
      default: return undefined;
    }
  }

  /** The tables the migration leaves, for the migrations after it: made or renamed to are added, dropped or renamed from removed. */
  leave(): void {
    for (const [key, entry] of this.entries) {
      if (entry.exists) this.known.add(key);
      else this.known.delete(key);
    }
  }
}
