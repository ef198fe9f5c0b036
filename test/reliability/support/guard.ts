import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from '../../support/cli.js';
import { serverUrl, sql, type TestDatabase } from '../../support/db.js';

/** Databases on the test server whose names start with `prefix`. */
export async function databasesLike(prefix: string): Promise<string[]> {
  const rows = await sql<Array<{ name: string }>>(serverUrl(), 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? ORDER BY 1', [`${prefix}%`]);
  return rows.map((row) => row.name);
}

/**
 * Runs `action` and checks that it changed nothing: every database in `databases` has the same fingerprint
 * (tables, definitions, rows), and no database starting with `prefix` appeared or disappeared.
 */
export async function expectNoChange<T>(databases: readonly TestDatabase[], prefix: string, action: () => Promise<T>): Promise<T> {
  const before = await Promise.all(databases.map((db) => db.fingerprint()));
  const namesBefore = await databasesLike(prefix);
  const result = await action();
  expect(await Promise.all(databases.map((db) => db.fingerprint()))).toEqual(before);
  expect(await databasesLike(prefix)).toEqual(namesBefore);
  return result;
}

/** A clear refusal: the exit code, a message matching `message`, no stack trace, no embedded server started. */
export function expectRefusal(result: CliResult, code: number, message: RegExp, workspaceRoot: string): void {
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.code, output).toBe(code);
  expect(output).toMatch(message);
  expect(output).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
  expect(existsSync(join(workspaceRoot, '.dev-db')), 'the embedded dev database must not start').toBe(false);
}
