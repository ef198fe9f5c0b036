// Before anything of a run starts: every planned step's file read (strict UTF-8, the server's flavor) and
// checked for statements the engine refuses to run.
import type { Issue } from '../errors.js';
import type { Step } from '../model.js';
import { shownPath, type MigrationSource } from '../repository/index.js';
import type { Flavor } from '../sql/flavor.js';
import { refusals } from '../sql/refusals.js';
import { unitsOf } from '../sql/units.js';
import type { ParsedStatement } from '../statements.js';
import type { LoadedStep } from './executor.js';

export interface LoadOptions {
  readonly flavor: Flavor;
  /** The service's database: `ALTER DATABASE` of it is DDL, of any other refused. */
  readonly database: string;
  /** Workspace root: paths in messages are relative to it. */
  readonly root: string | undefined;
}

/** The file of a step, as messages show it. */
export function fileOf(step: Step, root: string | undefined): string {
  return shownPath(step.direction === 'up' ? step.migration.upPath : step.migration.downPath, root);
}

export async function loadSteps(source: MigrationSource, steps: readonly Step[], options: LoadOptions): Promise<LoadedStep[]> {
  const loaded: LoadedStep[] = [];
  for (const step of steps) {
    const statements = await source.load(step.migration, step.direction, { flavor: options.flavor, database: options.database });
    // A new row records the checksum in the format of the migration's snapshot (see MigrationSource.ledgerChecksum).
    const checksum = step.direction === 'up' && step.resume === undefined && source.ledgerChecksum ? await source.ledgerChecksum(step.migration) : step.migration.checksum;
    const migration = checksum === step.migration.checksum ? step.migration : { ...step.migration, checksum };
    loaded.push({ step: { ...step, migration }, statements, file: fileOf(step, options.root) });
  }
  return loaded;
}

/**
 * What `check` and `migrate` refuse before anything runs: statements that would change the engine's session
 * (USE, SET autocommit, LOCK TABLES...), and transaction blocks that could not run as one unit (never
 * closed, DDL inside, a nested START...). One issue per statement, with file, line and what to write instead.
 */
export function statementRefusals(statements: readonly ParsedStatement[], file: string): Issue[] {
  const refused = refusals(statements, { file }).map((r): Issue => ({ code: 'REFUSED_STATEMENT', severity: 'error', message: `${r.message}:\n    ${r.excerpt}`, hint: r.hint }));
  const units = unitsOf(statements).findings.map((f): Issue => ({
    code: 'REFUSED_STATEMENT', severity: 'error', message: `${file}:${f.line}: statement ${f.index}: ${f.message}; nothing of this file runs.`,
    hint: 'START TRANSACTION (or BEGIN) ... COMMIT must hold only statements that do not commit by themselves, and be closed in the same file.',
  }));
  return [...refused, ...units];
}

/** The refusals of every loaded step, each naming its migration. */
export function refusalsOf(loaded: readonly LoadedStep[]): Issue[] {
  return loaded.flatMap(({ step, statements, file }) => statementRefusals(statements, file).map((issue) => ({ ...issue, migrationId: step.migration.id })));
}
