// Seed rows for the shadow database: migrate.config.json's `seed` lists SQL files, each loaded right after the
// migration it names (`after`), so that data-dependent failures (a UNIQUE over duplicates, NOT NULL over rows)
// show before production meets them.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ServiceContext } from '../../config/load.js';
import type { Session } from '../../db/session.js';
import type { MigrationId } from '../../model.js';
import { splitStatements, type ParsedStatement } from '../../statements.js';
import type { CheckProblem } from '../problems.js';
import { describeServerError } from './server.js';

export interface Seed {
  /** Relative to the workspace root. */
  readonly file: string;
  readonly after: MigrationId;
  readonly statements: readonly ParsedStatement[];
}

const configFile = (service: ServiceContext) => relative(service.root, service.configFile);

function readSeed(service: ServiceContext, path: string): { statements?: ParsedStatement[]; error?: string } {
  try {
    return { statements: splitStatements(readFileSync(join(service.dir, path), 'utf8')) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { error: e.code === 'ENOENT' ? 'does not exist' : e.message };
  }
}

/** The service's seed files, read and split; a problem for each one missing, unreadable or after an unknown migration. */
export function loadSeeds(service: ServiceContext, ids: readonly MigrationId[]): { seeds: Seed[]; problems: CheckProblem[] } {
  const seeds: Seed[] = [];
  const problems: CheckProblem[] = [];
  for (const [i, entry] of (service.config.seed ?? []).entries()) {
    const file = relative(service.root, join(service.dir, entry.file));
    const where = `seed.${i} of ${configFile(service)}`;
    if (!ids.includes(entry.after)) {
      problems.push({ code: 'SEED', severity: 'error', file: configFile(service), message: `${where} loads ${file} after ${entry.after}, which is not a migration of this service.`,
        hint: `Name the migration after which its tables exist, e.g. "after": "${ids[0] ?? '<migration id>'}".` });
      continue;
    }
    const read = readSeed(service, entry.file);
    if (read.statements === undefined) {
      problems.push({ code: 'SEED', severity: 'error', file, message: `${file} (${where}) ${read.error}.`, hint: `Create it, or remove it from "seed" in ${configFile(service)}.` });
      continue;
    }
    seeds.push({ file, after: entry.after, statements: read.statements });
  }
  return { seeds, problems };
}

/** Runs a seed's statements on the shadow session; a SEED problem naming the statement the server refused. */
export async function runSeed(session: Session, seed: Seed, server: string): Promise<CheckProblem | undefined> {
  for (const statement of seed.statements) {
    try {
      await session.query(statement.sql);
    } catch (error) {
      const reason = describeServerError(error);
      return { code: 'SEED', severity: 'error', file: seed.file, line: statement.line, statement: statement.index, message: `${seed.file}:${statement.line}: statement ${statement.index} failed on the shadow database (${server}) after ${seed.after}: ${reason}`,
        hint: `Make the seed's rows fit the schema as it is after ${seed.after}, or load the file after a later migration ("after").` };
    }
  }
  return undefined;
}
