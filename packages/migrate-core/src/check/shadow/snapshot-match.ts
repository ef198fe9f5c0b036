// Whether each up gives the schema generate recorded for it in snapshot.json, compared as drift compares a
// database with its snapshot. generate diffs snapshots, never SQL: when an up does not produce its snapshot (a
// default drizzle-kit left out, an expression the server rewrote), every database built from the migrations
// drifts from the schema, and generate has nothing to write that would mend it.
import { relative } from 'node:path';
import type { Session } from '../../db/session.js';
import { compareWithExpected } from '../../drift/drift.js';
import type { Introspection } from '../../introspect/introspect.js';
import type { MigrationFile, MigrationId } from '../../model.js';
import type { MigrationSnapshot } from '../../repository/index.js';
import type { Difference } from '../../schema/canonical/compare.js';
import { schemaFromSnapshot } from '../../schema/canonical/from-snapshot.js';
import type { CanonicalSchema } from '../../schema/canonical/model.js';
import type { CheckProblem, MigrationFolderText } from '../problems.js';
import { listDifferences, type Sides } from './differences.js';

/** Each migration's snapshot.json, when it has a readable one. */
export function snapshotsOf(folders: readonly MigrationFolderText[]): Map<MigrationId, MigrationSnapshot> {
  return new Map(folders.flatMap((folder) => (folder.snapshot === undefined ? [] : [[folder.id, folder.snapshot] as const])));
}

export interface SnapshotMatchInput {
  readonly session: Session;
  readonly root: string;
  /** The service's tablesFilter: tables outside it are in no snapshot (generate leaves them out), as in drift. */
  readonly tablesFilter?: readonly string[] | undefined;
  /** The server, for messages. */
  readonly server: string;
  /** How hints name generate. */
  readonly generate: string;
}

const AGAINST_SNAPSHOT: Sides = { extra: 'made by up.sql, not in snapshot.json', missing: 'in snapshot.json, not made by up.sql', expected: 'in snapshot.json', actual: 'after up.sql' };

const EMPTY: CanonicalSchema = { tables: [], views: [] };

/** The object a difference is about: `column test count`. */
const objectOf = (difference: Difference) => [difference.kind, difference.table, difference.name ?? ''].join(' ');

/**
 * Compares the shadow's schema after each up with its migration's snapshot. A difference is reported once, at
 * the migration whose up made it: the migrations after it inherit it, and their snapshots still say otherwise
 * (an object that differs, however it differs against a later snapshot, is the same difference).
 * An up that is not held to a snapshot (a custom migration's is the one before it, its SQL written by hand
 * afterwards; a migration without one is reported on its own) is compared with the schema before it, and what
 * it changes is inherited by the migrations after it, not blamed on them.
 */
export class SnapshotMatch {
  /** The objects that differ after the last migration. */
  private inherited: ReadonlySet<string> = new Set();
  /** The schema the last migration's snapshot records (or the one before it); undefined when it could not be read. */
  private expected: CanonicalSchema | undefined = EMPTY;
  /** How many ups were held to their snapshots. */
  compared = 0;

  constructor(private readonly input: SnapshotMatchInput, private readonly snapshots: ReadonlyMap<MigrationId, MigrationSnapshot>) {}

  /** A SNAPSHOT_MISMATCH for the differences `file`'s up made (or CORRUPT_SNAPSHOT); undefined when it makes its snapshot or is not held to one. */
  async after(file: MigrationFile, introspection: Introspection): Promise<CheckProblem | undefined> {
    const snapshot = this.snapshots.get(file.id);
    const held = snapshot !== undefined && snapshot.migrateCore?.custom !== true;
    const shown = relative(this.input.root, file.snapshotPath);
    if (snapshot !== undefined) {
      try {
        this.expected = schemaFromSnapshot(snapshot);
      } catch (error) {
        this.expected = undefined;
        return held ? { code: 'CORRUPT_SNAPSHOT', severity: 'error', migrationId: file.id, file: shown, message: `${shown} has a bad "objects" key (${(error as Error).message}).`,
          hint: `Restore it from git: git checkout -- ${shown} (snapshots are written by generate, never by hand).` } : undefined;
      }
    }
    if (this.expected === undefined) return undefined;
    const { differences } = await compareWithExpected(this.input.session, this.expected, introspection, this.input.tablesFilter);
    const made = differences.filter((difference) => !this.inherited.has(objectOf(difference)));
    this.inherited = new Set(differences.map(objectOf));
    if (!held) return undefined;
    this.compared++;
    if (made.length === 0) return undefined;
    const up = relative(this.input.root, file.upPath);
    return { code: 'SNAPSHOT_MISMATCH', severity: 'error', migrationId: file.id, file: up,
      message: `shadow database on ${this.input.server}: after ${up} runs, the schema is not the one ${shown} records (the schema generate wrote it for):${listDifferences(made, AGAINST_SNAPSHOT)}`,
      hint: `A database built from the migrations would drift from the schema, and generate would not see it. Fix up.sql so that it makes what snapshot.json records, ` +
        `then run \`${this.input.generate} --accept-edits ${file.id}\`; or, if it is the last migration and has run on no shared database, delete its folder and generate it again.` };
  }
}
