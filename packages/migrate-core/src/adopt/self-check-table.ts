// The part of adopt's self-check that reads SHOW CREATE TABLE: indexes drizzle-orm cannot declare,
// partitioning, and the table's options.
import type { CanonicalTable } from '../schema/canonical/model.js';
import { drizzleCanDeclare, indexFromDefinition } from '../schema/objects/indexes/definition.js';
import { normalisePartitioning } from '../schema/objects/partitions/normalise.js';
import { firstDifference } from '../schema/objects/text.js';
import { normaliseEngine, normaliseRowFormat } from '../schema/objects/tables/model.js';
import { tokenize } from '../schema/objects/tokens.js';

export interface TableProblem {
  readonly kind: string;
  readonly name: string;
  readonly reason: string;
}

const KEY_LINE = /^\s*(UNIQUE |FULLTEXT |SPATIAL )?KEY `((?:[^`]|``)+)` \((.*)\)(?: USING \w+)?(?: COMMENT '(?:[^'\\]|''|\\.)*')?,?$/;

/** The indexes of SHOW CREATE TABLE, by name, in tables.json's spelling. */
function indexLines(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = KEY_LINE.exec(line);
    if (match) out.set(match[2]!.replace(/``/g, '`'), `${match[1] ?? ''}(${match[3]})`);
  }
  return out;
}

/** `ENGINE`, `ROW_FORMAT` and `COMMENT` of the `) ENGINE=...` line. */
function tableOptionsOf(text: string): Map<string, string> {
  const line = text.split('\n').find((candidate) => /^\) ENGINE=/.test(candidate)) ?? '';
  const tokens = tokenize(line.slice(1));
  const out = new Map<string, string>();
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.kind === 'word' && tokens[i + 1]!.text === '=') out.set(tokens[i]!.value, tokens[i + 2]!.value);
  }
  return out;
}

/** The PARTITION BY clause of SHOW CREATE TABLE (MySQL wraps it in a version comment). */
function partitioningOf(text: string): string | undefined {
  const at = text.search(/(\/\*!\d+\s*)?PARTITION BY\b/);
  return at === -1 ? undefined : text.slice(at).replace(/^\/\*!\d+\s*/, '').replace(/\s*\*\/\s*$/, '').trim();
}

/** Checks one table's read model against its SHOW CREATE TABLE; what fails is taken out of the table. */
export function tableChecks(table: CanonicalTable, text: string): { table: CanonicalTable; problems: TableProblem[] } {
  const problems: TableProblem[] = [];
  const lines = indexLines(text);
  const indexes = table.indexes.filter((index) => {
    if (drizzleCanDeclare(index) || index.definition === undefined) return true;
    const theirs = lines.get(index.name);
    const same = theirs !== undefined && JSON.stringify(indexFromDefinition(index.name, theirs).columns) === JSON.stringify(indexFromDefinition(index.name, index.definition).columns);
    if (!same) problems.push({ kind: 'index', name: `${table.name}.${index.name}`, reason: `${index.definition} does not match SHOW CREATE TABLE (${theirs ?? 'not found'})` });
    return same;
  });
  let partitioning = table.partitioning;
  const theirs = partitioningOf(text);
  if (partitioning !== undefined && (theirs === undefined || normalisePartitioning(theirs) !== normalisePartitioning(partitioning))) {
    problems.push({ kind: 'partitioning', name: table.name, reason: `the clause read differs from SHOW CREATE TABLE at ${firstDifference(normalisePartitioning(partitioning), normalisePartitioning(theirs ?? ''))}` });
    partitioning = undefined;
  }
  const options = tableOptionsOf(text);
  const own = table.options ?? {};
  const engine = options.get('ENGINE');
  const rowFormat = options.get('ROW_FORMAT');
  const optionsMatch = (engine === undefined || own.engine === normaliseEngine(engine)) && (own.rowFormat ?? undefined) === (rowFormat ? normaliseRowFormat(rowFormat) : undefined)
    && (own.comment ?? '') === (options.get('COMMENT') ?? '');
  if (!optionsMatch) problems.push({ kind: 'table options', name: table.name, reason: `read as ${JSON.stringify(own)}, but SHOW CREATE TABLE says ENGINE=${engine} ROW_FORMAT=${rowFormat ?? 'DEFAULT'} COMMENT=${options.get('COMMENT') ?? ''}` });
  const { partitioning: _dropped, ...rest } = table;
  return { table: { ...rest, indexes, ...(partitioning ? { partitioning } : {}) }, problems };
}
