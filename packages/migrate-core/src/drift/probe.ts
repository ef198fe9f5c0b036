// The server rewrites the expressions of CHECK constraints and generated columns when it stores them (`!=` is
// `<>`, `a || b` is `a <> 0 or b <> 0`, `not a` is `a = 0`), so the text a migration wrote and the text the
// catalog shows can differ for the same expression. Where they differ, drift asks the server how it stores the
// migration's text: on a session-only temporary copy of the table, which nobody else sees and which changes
// nothing in the database.
import type { Session } from '../db/session.js';
import { quoteIdentifier } from '../db/identifiers.js';
import { canonicalExpression } from '../schema/canonical/defaults.js';
import type { CanonicalColumn, CanonicalSchema, CanonicalTable } from '../schema/canonical/model.js';

const TEMPORARY = '_migrate_core_probe';

interface Probe {
  readonly kind: 'check' | 'generated';
  readonly sql: string;
  readonly column?: CanonicalColumn;
}

/** The text inside the parenthesis that opens at or after `from` (balanced, quotes respected). */
function groupAfter(text: string, from: number): string | undefined {
  const open = text.indexOf('(', from);
  if (open === -1) return undefined;
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return undefined;
}

/** How the server prints each probe's expression, read from SHOW CREATE TABLE of the temporary copy. */
async function probeTable(session: Session, table: string, probes: readonly Probe[]): Promise<Array<string | undefined>> {
  const copy = quoteIdentifier(TEMPORARY);
  await session.query(`CREATE TEMPORARY TABLE ${copy} LIKE ${quoteIdentifier(table)}`)
    .catch(() => session.query(`CREATE TEMPORARY TABLE ${copy} AS SELECT * FROM ${quoteIdentifier(table)} LIMIT 0`));
  try {
    const added = await Promise.all(probes.map(async (probe, i) => {
      const name = quoteIdentifier(`_migrate_core_probe_${i}`);
      const clause = probe.kind === 'check' ? `ADD CONSTRAINT ${name} CHECK (${probe.sql})`
        : `ADD COLUMN ${name} ${probe.column!.type} GENERATED ALWAYS AS (${probe.sql}) ${probe.column!.generated!.stored ? 'STORED' : 'VIRTUAL'}`;
      return session.query(`ALTER TABLE ${copy} ${clause}`).then(() => true, () => false);
    }));
    const rows = await session.query<Array<Record<string, string>>>(`SHOW CREATE TABLE ${copy}`);
    const text = rows[0]?.['Create Table'] ?? '';
    return probes.map((probe, i) => {
      if (!added[i]) return undefined;
      const at = text.indexOf(quoteIdentifier(`_migrate_core_probe_${i}`));
      return at === -1 ? undefined : groupAfter(text, text.indexOf(probe.kind === 'check' ? 'CHECK' : ' AS ', at));
    });
  } finally {
    await session.query(`DROP TEMPORARY TABLE IF EXISTS ${copy}`).catch(() => undefined);
  }
}

function probesOf(expected: CanonicalTable, actual: CanonicalTable): Probe[] {
  const probes: Probe[] = [];
  for (const check of expected.checks) {
    const live = actual.checks.find((other) => other.name === check.name);
    if (live && live.normalized !== check.normalized) probes.push({ kind: 'check', sql: check.sql });
  }
  for (const column of expected.columns) {
    const live = actual.columns.find((other) => other.name === column.name);
    if (column.generated && live?.generated && live.generated.normalized !== column.generated.normalized) probes.push({ kind: 'generated', sql: column.generated.sql, column });
  }
  return probes;
}

function withProbed(table: CanonicalTable, probes: readonly Probe[], printed: ReadonlyArray<string | undefined>): CanonicalTable {
  const expression = (sql: string) => {
    const text = printed[probes.findIndex((probe) => probe.sql === sql)];
    return text === undefined ? undefined : canonicalExpression(text, table.name).normalized;
  };
  return {
    ...table,
    checks: table.checks.map((check) => ({ ...check, normalized: expression(check.sql) ?? check.normalized })),
    columns: table.columns.map((column) => (column.generated
      ? { ...column, generated: { ...column.generated, normalized: expression(column.generated.sql) ?? column.generated.normalized } } : column)),
  };
}

/**
 * `expected` with the CHECK and generated-column expressions whose text differs from the database's replaced by
 * the server's own rendering of them; a note when the server could not be asked (no CREATE TEMPORARY TABLES).
 */
export async function alignExpressions(session: Session, expected: CanonicalSchema, actual: CanonicalSchema): Promise<{ schema: CanonicalSchema; notes: string[] }> {
  const notes: string[] = [];
  const live = new Map(actual.tables.map((table) => [table.name, table]));
  const tables: CanonicalTable[] = [];
  for (const table of expected.tables) {
    const found = live.get(table.name);
    const probes = found ? probesOf(table, found) : [];
    if (probes.length === 0) {
      tables.push(table);
      continue;
    }
    try {
      tables.push(withProbed(table, probes, await probeTable(session, table.name, probes)));
    } catch (error) {
      notes.push(`expressions of \`${table.name}\` compared as text: the server could not print them (${(error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message})`);
      tables.push(table);
    }
  }
  return { schema: { ...expected, tables }, notes };
}
