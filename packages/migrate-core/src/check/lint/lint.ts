// Lint: hazards of up migrations that a run on an empty shadow database cannot show, each with its code, file,
// line and safer recipe. Levels come from the service's `lint` config; a statement acknowledges a code with the
// line `-- migrate-core: allow <CODE> ...` above it (directive lines do not change checksums).
import { isLintCode, type LintCode } from '../../config/lint-codes.js';
import type { ServiceConfig } from '../../config/service-config.js';
import type { Finding } from '../../findings.js';
import type { MigrationId } from '../../model.js';
import { dataLossOf } from '../../schema/data-loss.js';
import { splitStatements, type ParsedStatement } from '../../statements.js';
import type { CheckProblem, MigrationFolderText } from '../problems.js';
import { ALLOW_DIRECTIVE, LINT_RECIPES, lintLevel } from './codes.js';
import { ddlShape, type DdlShape } from './ddl.js';
import { statementHits, type ProbeResult } from './rules.js';
import { MigrationTables } from './tables.js';

/** A hazard of one up statement: where it is, and (hint) the safer recipe and how to acknowledge it. */
export interface LintFinding extends Finding<LintCode> {
  readonly migrationId: MigrationId;
  readonly file: string;
  readonly line: number;
  readonly statement: number;
  readonly hint: string;
}

export interface LintReport {
  /** Findings at level `warn`: reported, check still passes. */
  readonly warnings: readonly LintFinding[];
  /** Findings at level `error`, and `allow` directives naming unknown codes: check fails. */
  readonly problems: readonly CheckProblem[];
  /** How many findings `allow` directives acknowledged. */
  readonly acknowledged: number;
}

/** Probe results by `probeKey(id, statement)`. */
export type ProbeResults = ReadonlyMap<string, ProbeResult>;
export const probeKey = (id: MigrationId, statement: number) => `${id}#${statement}`;

/** The codes a statement's `allow` directives acknowledge, and the words that are not codes. */
function allowed(statement: ParsedStatement): { codes: Set<LintCode>; unknown: string[] } {
  const codes = new Set<LintCode>();
  const unknown: string[] = [];
  for (const directive of statement.directives) {
    const [verb, ...words] = directive.split(/[\s,]+/).filter((word) => word !== '');
    if (verb !== ALLOW_DIRECTIVE) continue;
    if (words.length === 0) unknown.push('(nothing)');
    for (const word of words) (isLintCode(word) ? codes.add(word) : unknown.push(word));
  }
  return { codes, unknown };
}

function safeSplit(text: string | undefined): ParsedStatement[] {
  try {
    return text === undefined ? [] : splitStatements(text);
  } catch {
    return [];
  }
}

interface FolderLint {
  readonly findings: LintFinding[];
  readonly problems: CheckProblem[];
  acknowledged: number;
}

function lintFolder(folder: MigrationFolderText, known: Set<string>, database: string | undefined, probes: ProbeResults | undefined): FolderLint {
  const file = `${folder.dir}/up.sql`;
  const statements = safeSplit(folder.up);
  const shapes: DdlShape[] = statements.map((statement) => ddlShape(statement.sql));
  const tables = new MigrationTables(known, folder.before, database);
  const subjects = statements.map((statement, i) => tables.step(shapes[i]!, dataLossOf(statement.sql).filter((loss) => loss.kind === 'drop-table')));
  tables.leave();
  const out: FolderLint = { findings: [], problems: [], acknowledged: 0 };
  statements.forEach((statement, i) => {
    const shape = shapes[i]!;
    const table = subjects[i];
    const primaryKeyAddedLater = () => table !== undefined && shapes.some((later, k) => k > i && later.kind === 'alter-table' && subjects[k] === table
      && later.clauses.some((clause) => clause.action === 'add-primary-key'));
    const hits = statementHits(statement.sql, shape, { table, before: folder.before, probe: probes?.get(probeKey(folder.id, statement.index)), primaryKeyAddedLater });
    const { codes, unknown } = allowed(statement);
    if (unknown.length > 0) {
      out.problems.push({ code: 'BAD_DIRECTIVE', severity: 'error', migrationId: folder.id, file, line: statement.line, statement: statement.index, message: `${file}:${statement.line}: \`-- migrate-core: ${ALLOW_DIRECTIVE}\` above statement ${statement.index} names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a lint code.`,
        hint: `Name the codes to acknowledge, e.g. \`-- migrate-core: ${ALLOW_DIRECTIVE} TABLE_COPY\`; the codes: ${Object.keys(LINT_RECIPES).join(', ')}.` });
    }
    for (const hit of hits) {
      if (codes.has(hit.code)) {
        out.acknowledged++;
        continue;
      }
      out.findings.push({ code: hit.code, severity: 'warning', migrationId: folder.id, file, line: statement.line, statement: statement.index,
        message: `${file}:${statement.line}: statement ${statement.index} ${hit.message}.`,
        hint: `${LINT_RECIPES[hit.code]} Safe here (a small or empty table, a quiet window)? Acknowledge it with the line \`-- migrate-core: ${ALLOW_DIRECTIVE} ${hit.code}\` right above it (line ${statement.line}).` });
    }
  });
  return out;
}

/**
 * Lints every up migration in order. Tables made by earlier migrations count as holding rows, whether their
 * snapshot knows them or not (custom migrations), and so does a table renamed, under its new name. `database`
 * tells the service's own database from others a statement names. `probes` are the shadow server's answers on
 * algorithms.
 */
export function lintMigrations(folders: readonly MigrationFolderText[], config: Pick<ServiceConfig, 'lint' | 'database'>, probes?: ProbeResults): LintReport {
  const known = new Set<string>();
  const warnings: LintFinding[] = [];
  const problems: CheckProblem[] = [];
  let acknowledged = 0;
  for (const folder of folders) {
    const result = lintFolder(folder, known, config.database, probes);
    acknowledged += result.acknowledged;
    problems.push(...result.problems);
    for (const finding of result.findings) {
      const level = lintLevel(config, finding.code);
      if (level === 'warn') warnings.push(finding);
      if (level === 'error') problems.push({ ...finding, severity: 'error' });
    }
  }
  return { warnings, problems, acknowledged };
}
