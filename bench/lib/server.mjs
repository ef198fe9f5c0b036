// The server every contender of one profile talks to: a private throwaway server, durable (data on disk, the
// server's own settings) or on tmpfs (commits not flushed), or the server given by --url.
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { startEphemeralServer } from '@repo/dev-db';

/**
 * @typedef {object} ServerSettings what bears on the cost of a commit, read from the server itself
 * @property {number} flushLogAtTrxCommit innodb_flush_log_at_trx_commit: 1 flushes the redo log at every commit
 * @property {number} syncBinlog
 * @property {boolean} logBin
 * @property {boolean} doublewrite
 * @property {string} datadir
 */

/**
 * @typedef {object} BenchServer
 * @property {string} url `mysql://user[:pass]@host:port`, no database
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {string} version e.g. `10.11.19-MariaDB-0+deb12u1`
 * @property {string} kind e.g. `private throwaway server, durable: data on disk (ext4) at ...`
 * @property {ServerSettings} settings
 * @property {(name: string) => Promise<void>} freshDatabase drops and creates `name`
 * @property {(name: string) => Promise<void>} dropDatabase
 * @property {(sql: string) => Promise<unknown[]>} query
 * @property {() => Promise<void>} stop
 */

/** @param {(sql: string) => Promise<unknown[]>} query @returns {Promise<ServerSettings & { version: string }>} */
async function readSettings(query) {
  const [row] = /** @type {Array<Record<string, string | number>>} */ (await query(
    'SELECT VERSION() AS version, @@innodb_flush_log_at_trx_commit AS flush, @@sync_binlog AS syncBinlog, @@log_bin AS logBin, ' +
    '@@innodb_doublewrite AS doublewrite, @@datadir AS datadir'));
  return {
    version: String(row.version), flushLogAtTrxCommit: Number(row.flush), syncBinlog: Number(row.syncBinlog),
    logBin: Number(row.logBin) === 1, doublewrite: Number(row.doublewrite) === 1, datadir: String(row.datadir),
  };
}

/** @param {ServerSettings} s */
export const describeSettings = (s) =>
  `innodb_flush_log_at_trx_commit=${s.flushLogAtTrxCommit}, sync_binlog=${s.syncBinlog}, log_bin=${s.logBin ? 'ON' : 'OFF'}, doublewrite=${s.doublewrite ? 'ON' : 'OFF'}`;

/**
 * @param {{ root: string, profile: import('./profiles.mjs').Profile }} options
 * @returns {Promise<BenchServer>}
 */
export async function openBenchServer({ root, profile }) {
  const ephemeral = profile.url ? undefined : await startEphemeralServer({ cacheDir: join(root, '.dev-db'), durable: profile.id === 'durable' });
  const parsed = new URL(profile.url ?? /** @type {NonNullable<typeof ephemeral>} */ (ephemeral).url);
  const host = parsed.hostname;
  const port = Number(parsed.port || 3306);
  const user = decodeURIComponent(parsed.username || 'root');
  const password = decodeURIComponent(parsed.password);
  const admin = await createConnection({ host, port, user, password });
  admin.on('error', () => {});
  const query = async (/** @type {string} */ sql) => /** @type {unknown[]} */ ((await admin.query(sql))[0]);
  const { version, ...settings } = await readSettings(query);
  parsed.pathname = '';
  const kind = ephemeral
    ? `private throwaway server (startEphemeralServer${ephemeral.durable ? ', durable' : ''}), data on ${ephemeral.filesystem} at ${ephemeral.datadir}`
    : `the server given by --url, ${host}:${port} (data at ${settings.datadir} on the server)`;
  return {
    url: parsed.toString().replace(/\/$/, ''),
    host, port, user, password, version, kind, settings,
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
