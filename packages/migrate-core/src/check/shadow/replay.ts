// The shadow proof itself: with the real engine (createMysqlMigrator, as `migrate` and `rollback` run), every
// migration up (seed rows loaded where the config says; the schema after each compared with its snapshot.json),
// then each down newest first, comparing the schema after down k with the schema before up k, then every
// migration up again. Stops at the first failure: what follows it would run against a state no real database
// has. An up that does not make its snapshot is no such failure: every database built from the migrations is in
// that state, so the replay goes on.
import { relative } from 'node:path';
import type { Session } from '../../db/session.js';
import type { Migrator } from '../../engine/migrator.js';
import { createMysqlMigrator } from '../../engine/mysql-migrator.js';
import type { RunReport } from '../../engine/report.js';
import { whereOf } from '../../findings.js';
import { introspectDatabase, type Introspection } from '../../introspect/introspect.js';
import type { MigrationFile, MigrationId } from '../../model.js';
import type { MigrationSnapshot, MigrationSource } from '../../repository/index.js';
import { diffSchemas } from '../../schema/canonical/compare.js';
import type { CanonicalSchema } from '../../schema/canonical/model.js';
import type { CheckProblem } from '../problems.js';
import { adviceFor } from './advice.js';
import { listDifferences, type Sides } from './differences.js';
import { runSeed, type Seed } from './seeds.js';
import { SnapshotMatch } from './snapshot-match.js';

export interface ReplayInput {
  readonly session: Session;
  readonly source: MigrationSource;
  readonly files: readonly MigrationFile[];
  readonly ledgerTable: string;
  readonly root: string;
  readonly seeds: readonly Seed[];
  /** The server, for messages: `MariaDB 10.11.19 (a throwaway server)`. */
  readonly server: string;
  /** How hints name generate, e.g. `migrate-core generate`. */
  readonly generate: string;
  /** Each migration's snapshot.json, when it has a readable one: the schema its up must make. */
  readonly snapshots: ReadonlyMap<MigrationId, MigrationSnapshot>;
  /** The service's tablesFilter: tables outside it are in no snapshot. */
  readonly tablesFilter?: readonly string[] | undefined;
}

/** What the replay found: the failure that stopped it, and the ups that did not make their snapshots. */
export interface ReplayOutcome {
  readonly failure?: CheckProblem;
  readonly mismatches: readonly CheckProblem[];
  /** How many ups were compared with their snapshot.json. */
  readonly snapshots: number;
}

/** How the comparison after a down names its sides (the one after the second pass too). */
const AFTER_DOWN: Sides = { extra: 'left by the down', missing: 'not restored by the down', expected: 'before the up', actual: 'after the down' };

class Replay {
  readonly migrator: Migrator;
  readonly match: SnapshotMatch;
  readonly mismatches: CheckProblem[] = [];
  constructor(private readonly input: ReplayInput) {
    this.migrator = createMysqlMigrator({
      session: input.session, source: input.source, ledgerTable: input.ledgerTable, root: input.root, appliedBy: 'migrate-core check (shadow)', lockTimeoutSeconds: 10,
    });
    this.match = new SnapshotMatch({ session: input.session, root: input.root, tablesFilter: input.tablesFilter, server: input.server, generate: input.generate }, input.snapshots);
  }

  introspect(): Promise<Introspection> {
    return introspectDatabase(this.input.session, { exclude: [this.input.ledgerTable] });
  }

  schema(): Promise<CanonicalSchema> {
    return this.introspect().then((read) => read.schema);
  }

  /** The schema after `file`'s first up, compared with its snapshot (a mismatch is kept, the replay goes on). */
  async schemaAfterUp(file: MigrationFile): Promise<CanonicalSchema> {
    const read = await this.introspect();
    const mismatch = await this.match.after(file, read);
    if (mismatch) this.mismatches.push(mismatch);
    return read.schema;
  }

  /** A problem for a run that did not end `done`: the engine's error (file, statement, line) or its first issue. */
  failure(code: CheckProblem['code'], file: MigrationFile, report: RunReport, hint: string): CheckProblem {
    const { error } = report;
    const what = error?.message ?? (report.issues.map((issue) => issue.message).join(' ') || report.outcome);
    const seeded = this.input.seeds.filter((seed) => seed.after <= file.id).map((seed) => seed.file);
    const rows = seeded.length > 0 && code !== 'SHADOW_DOWN' ? ` (with the rows of ${[...new Set(seeded)].join(', ')} loaded)` : '';
    return { code, severity: 'error', ...(error === undefined ? {} : whereOf(error)), migrationId: file.id,
      message: `shadow database on ${this.input.server}${rows}: ${what}`, hint: `${hint}${adviceFor(what)}` };
  }

  upHint(file: MigrationFile): string {
    return `\`migrate\` would stop at this statement and leave ${file.id} half applied. Change the statement so that the server accepts it ` +
      `(for generated SQL: change the schema and generate again); after a hand edit, run \`${this.input.generate} --accept-edits ${file.id}\`.`;
  }

  /**
   * Every migration up, one at a time, seeds after the migrations they name; the schema before each (and after
   * all). The first pass compares the schema after each up with its snapshot.
   */
  async upAll(code: 'SHADOW_UP' | 'SHADOW_REDO'): Promise<{ problem?: CheckProblem; schemas: CanonicalSchema[] }> {
    const schemas = code === 'SHADOW_UP' ? [await this.schema()] : [];
    for (const file of this.input.files) {
      const report = await this.migrator.migrate({ target: { kind: 'to', id: file.id } });
      if (report.outcome !== 'done' && report.outcome !== 'noop') {
        const hint = code === 'SHADOW_UP' ? this.upHint(file)
          : `It ran the first time: a down left behind something this up makes again (a procedure, trigger, event or view, which the schema comparison ` +
            `does not cover), most likely the down of ${file.id} itself. Make that down drop it, then run \`${this.input.generate} --accept-edits ${file.id}\`.`;
        return { problem: this.failure(code, file, report, hint), schemas };
      }
      for (const seed of this.input.seeds.filter((candidate) => candidate.after === file.id)) {
        const problem = await runSeed(this.input.session, seed, this.input.server);
        if (problem) return { problem, schemas };
      }
      if (code === 'SHADOW_UP') schemas.push(await this.schemaAfterUp(file));
    }
    return { schemas };
  }

  /** Each down, newest first; after down k the schema must be the one before up k. */
  async downAll(before: readonly CanonicalSchema[]): Promise<CheckProblem | undefined> {
    for (let k = this.input.files.length - 1; k >= 0; k--) {
      const file = this.input.files[k]!;
      const report = await this.migrator.rollback({ target: { kind: 'steps', n: 1 } });
      if (report.outcome !== 'done') {
        return this.failure('SHADOW_DOWN', file, report, `\`rollback\` would stop at this statement of ${file.id}. Fix down.sql so that it runs right after up.sql, ` +
          `then run \`${this.input.generate} --accept-edits ${file.id}\`.`);
      }
      const differences = diffSchemas(before[k]!, await this.schema());
      if (differences.length > 0) {
        const down = relative(this.input.root, file.downPath);
        return { code: 'SHADOW_DOWN_DIFFERS', severity: 'error', migrationId: file.id, file: down,
          message: `shadow database on ${this.input.server}: after ${down} runs, the schema is not what it was before its up:${listDifferences(differences, AFTER_DOWN)}`,
          hint: `Make down.sql undo exactly what up.sql does, then run \`${this.input.generate} --accept-edits ${file.id}\`.` };
      }
    }
    return undefined;
  }
}

/** Up, down (each compared), up again; the first failure, or undefined when every step ran and every down restored the schema before its up. */
async function replayFailure(replay: Replay, input: ReplayInput): Promise<CheckProblem | undefined> {
  const up = await replay.upAll('SHADOW_UP');
  if (up.problem) return up.problem;
  const down = await replay.downAll(up.schemas);
  if (down) return down;
  const again = await replay.upAll('SHADOW_REDO');
  if (again.problem) return again.problem;
  const differences = diffSchemas(up.schemas.at(-1)!, await replay.schema());
  if (differences.length === 0) return undefined;
  const last = input.files.at(-1)!;
  return { code: 'SHADOW_REDO', severity: 'error', migrationId: last.id, message: `shadow database on ${input.server}: running every migration up again after the downs gives another schema:${listDifferences(differences, AFTER_DOWN)}`,
    hint: 'A down left something behind that the next up changes; make each down undo exactly what its up does.' };
}

/**
 * Replays the service's migrations on an empty shadow database: up (each compared with its snapshot), down (each
 * compared with the schema before its up), up again.
 */
export async function replayMigrations(input: ReplayInput): Promise<ReplayOutcome> {
  const replay = new Replay(input);
  const failure = await replayFailure(replay, input);
  return { ...(failure === undefined ? {} : { failure }), mismatches: replay.mismatches, snapshots: replay.match.compared };
}
