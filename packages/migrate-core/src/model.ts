/** A migration's id: its folder name, `<UTC yyyymmddHHMMSS>_<slug>`. Ids sort in creation order. */
export type MigrationId = string;

export type Direction = 'up' | 'down';

/** One SQL statement of a migration file, with where it stands in the file. */
export interface Statement {
  /** 1-based position in the file. */
  readonly index: number;
  readonly sql: string;
  /** 1-based line of the file where the statement starts. */
  readonly line: number;
  /** `dml` statements run in a transaction together with their ledger update; `ddl` ones commit implicitly. */
  readonly kind: 'ddl' | 'dml';
}

/**
 * A migration folder as found on disk: `<migrations>/<id>/{up.sql, down.sql, snapshot.json}`. The one type every
 * reader of a migrations folder uses (engine, generate, check, drift, adopt, plan); bodies are read on demand.
 */
export interface MigrationFolder {
  readonly id: MigrationId;
  readonly dir: string;
  readonly upPath: string;
  readonly downPath: string;
  readonly snapshotPath: string;
  readonly hasUp: boolean;
  readonly hasDown: boolean;
  readonly hasSnapshot: boolean;
}

/** A migration the engine can run: a folder with an up.sql, and that file's checksum. */
export interface MigrationFile extends MigrationFolder {
  /** Checksum of up.sql as stored in ledgers (see checksum.ts). */
  readonly checksum: string;
  /** Earlier checksums of up.sql accepted by `generate --accept-edits`: a ledger holding one still verifies. */
  readonly acceptedChecksums?: readonly string[];
  /**
   * Whether `stored` is one of the same file's checksums in the first format (`sha256:`, with and without its
   * directive lines), which ledgers written by earlier versions hold; they verify as well. Computed only when
   * asked: a ledger written by this version never needs them.
   */
  readonly matchesLegacy?: (stored: string) => boolean;
}

export type LedgerState = 'running' | 'applied' | 'failed';

/** One row of a database's ledger table. */
export interface LedgerRow {
  readonly id: MigrationId;
  /** Order of application (1, 2, ...); rollback goes from the highest down. */
  readonly seq: number;
  readonly checksum: string;
  readonly state: LedgerState;
  /** Direction of the last operation on this row: a `running`/`failed` down is an interrupted rollback. */
  readonly direction: Direction;
  readonly statementsDone: number;
  readonly statementsTotal: number;
  /** `sha256:<hex>` of the statements done so far; guards against edits to them before a resume. */
  readonly doneChecksum: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  readonly appliedBy: string | null;
  /**
   * The statement that may have started without its progress being recorded, and the signature of the objects
   * it names taken just before (see PreState); null when none is pending. Rows of earlier versions have null.
   */
  readonly preIndex?: number | null;
  readonly preState?: string | null;
}

export type Target =
  | { readonly kind: 'latest' }
  | { readonly kind: 'base' }
  | { readonly kind: 'to'; readonly id: MigrationId }
  | { readonly kind: 'steps'; readonly n: number };

/** One migration to run in one direction. */
export interface Step {
  readonly migration: MigrationFile;
  readonly direction: Direction;
  /** 1-based statement to start at: 1 for a fresh step, k for a resume. */
  readonly startAt: number;
  /**
   * The row was left `running` by a process that died: statement `startAt` may or may not have taken effect;
   * the engine runs it again only once it proves it did not (src/engine/proof.ts).
   */
  readonly afterCrash: boolean;
  /** Set when the step resumes an existing ledger row. */
  readonly resume?: LedgerRow;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
