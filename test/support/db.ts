import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { inject } from 'vitest';

/** The test server, without a database: mysql://root@127.0.0.1:<port> */
export function serverUrl(): string {
  return inject('databaseUrl');
}

/** `mysql://...@host:port/<database>` on the test server. */
export function databaseUrl(database: string, base = serverUrl()): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `script` through the mysql command-line client (`mariadb`, else `mysql`) on the test server, as a DBA runs plan --sql. */
export function runMysqlClient(script: string): { status: number | null; stderr: string } {
  const url = new URL(serverUrl());
  const client = ['mariadb', 'mysql'].find((name) => spawnSync(name, ['--version']).status === 0);
  if (client === undefined) throw new Error('this test needs the mariadb (or mysql) command-line client: install mariadb-client-core');
  const args = ['-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username)];
  const result = spawnSync(client, args, { input: script, encoding: 'utf8', env: { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) } });
  return { status: result.status, stderr: result.stderr };
}

export async function connect(url: string = serverUrl()): Promise<Connection> {
  const connection = await createConnection({ uri: url, multipleStatements: true, timezone: 'Z' });
  connection.on('error', () => {});
  return connection;
}

/** Runs one or more statements (`;`-separated) on a fresh connection and returns the rows of the last. */
export async function sql<T = Record<string, unknown>[]>(url: string, text: string, values?: unknown[]): Promise<T> {
  const connection = await connect(url);
  try {
    const [rows] = await connection.query(text, values);
    return rows as T;
  } finally {
    await connection.end();
  }
}

/** A unique database name: letters, digits and _, at most 64 characters. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.slice(0, 64);
}

export interface TestDatabase {
  readonly name: string;
  /** URL with the database in its path. */
  readonly url: string;
  query<T = Record<string, unknown>[]>(text: string, values?: unknown[]): Promise<T>;
  /** Table names, sorted. */
  tables(): Promise<string[]>;
  /** Every table's SHOW CREATE TABLE plus every row of every table, as one string: equal means unchanged. */
  fingerprint(): Promise<string>;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the test server, or on `server` (a private one), or only names one, with
 * `create: false`.
 */
export async function createTestDatabase(prefix = 't', options: { create?: boolean; server?: string } = {}): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  const server = options.server ?? serverUrl();
  if (options.create !== false) await sql(server, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = databaseUrl(name, server);
  const db: TestDatabase = {
    name,
    url,
    query: (text, values) => sql(url, text, values),
    async tables() {
      const rows = await sql<Array<{ name: string }>>(server, 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [name]);
      return rows.map((row) => row.name).sort();
    },
    async fingerprint() {
      const parts: string[] = [];
      for (const table of await db.tables()) {
        const [create] = await sql<Array<Record<string, string>>>(url, `SHOW CREATE TABLE \`${table}\``);
        parts.push(String(create?.['Create Table'] ?? create?.['Create View']).replace(/ AUTO_INCREMENT=\d+/, ''));
        parts.push(JSON.stringify(await sql(url, `SELECT * FROM \`${table}\``)));
      }
      return parts.join('\n');
    },
    drop: async () => {
      await sql(server, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
  return db;
}

/** Whether the test server is MariaDB (some statements, such as BEGIN NOT ATOMIC, exist only there). */
export async function serverIsMariaDb(): Promise<boolean> {
  const [row] = await sql<Array<{ v: string }>>(serverUrl(), 'SELECT VERSION() AS v');
  return /mariadb/i.test(row?.v ?? '');
}
