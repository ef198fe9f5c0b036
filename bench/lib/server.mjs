// The server every contender of one run talks to: a private throwaway server (the default) or --url.
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { startEphemeralServer } from '@repo/dev-db';

/**
 * @typedef {object} BenchServer
 * @property {string} url `mysql://user[:pass]@host:port`, no database
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {string} version e.g. `10.11.19-MariaDB-0+deb12u1`
 * @property {string} kind `private (tmpfs)` or `given by --url`
 * @property {(name: string) => Promise<void>} freshDatabase drops and creates `name`
 * @property {(name: string) => Promise<void>} dropDatabase
 * @property {(sql: string) => Promise<unknown[]>} query
 * @property {() => Promise<void>} stop
 */

/**
 * @param {{ root: string, url?: string }} options
 * @returns {Promise<BenchServer>}
 */
export async function openBenchServer({ root, url }) {
  const ephemeral = url ? undefined : await startEphemeralServer({ cacheDir: join(root, '.dev-db') });
  const parsed = new URL(url ?? /** @type {NonNullable<typeof ephemeral>} */ (ephemeral).url);
  const host = parsed.hostname;
  const port = Number(parsed.port || 3306);
  const user = decodeURIComponent(parsed.username || 'root');
  const password = decodeURIComponent(parsed.password);
  const admin = await createConnection({ host, port, user, password });
  admin.on('error', () => {});
  const query = async (/** @type {string} */ sql) => /** @type {unknown[]} */ ((await admin.query(sql))[0]);
  const [{ v }] = /** @type {Array<{ v: string }>} */ (await query('SELECT VERSION() AS v'));
  parsed.pathname = '';
  return {
    url: parsed.toString().replace(/\/$/, ''),
    host, port, user, password,
    version: v,
    kind: url ? 'given by --url' : 'private throwaway server (startEphemeralServer, tmpfs)',
    query,
    freshDatabase: async (name) => {
      await query(`DROP DATABASE IF EXISTS \`${name}\``);
      await query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    },
    dropDatabase: async (name) => {
      await query(`DROP DATABASE IF EXISTS \`${name}\``);
    },
    stop: async () => {
      await admin.end().catch(() => admin.destroy());
      await ephemeral?.stop();
    },
  };
}

/** `mysql://user[:pass]@host:port/<database>` @param {BenchServer} server @param {string} database */
export function databaseUrl(server, database) {
  return `${server.url}/${database}`;
}
