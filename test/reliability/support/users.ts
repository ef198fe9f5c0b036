import { randomBytes } from 'node:crypto';
import { serverUrl, sql } from '../../support/db.js';

export interface TestUser {
  readonly name: string;
  readonly password: string;
  /** `mysql://<name>:<password, percent-encoded>@host:port[/database]` on the test server. */
  url(database?: string, password?: string): string;
  drop(): Promise<void>;
}

/** A user on the test server (host `%`) with ALL on each of `databases` and nothing else. */
export async function createUser(prefix: string, password: string, databases: readonly string[]): Promise<TestUser> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`.slice(0, 32);
  await sql(serverUrl(), `CREATE USER '${name}'@'%' IDENTIFIED BY ?`, [password]);
  for (const database of databases) await sql(serverUrl(), `GRANT ALL ON \`${database}\`.* TO '${name}'@'%'`);
  return {
    name,
    password,
    url(database, pass = password) {
      const server = new URL(serverUrl());
      const auth = `${encodeURIComponent(name)}:${encodeURIComponent(pass)}`;
      return `mysql://${auth}@${server.host}${database === undefined ? '' : `/${database}`}`;
    },
    drop: async () => {
      await sql(serverUrl(), `DROP USER IF EXISTS '${name}'@'%'`);
    },
  };
}
