/**
 * The server a migration runs on. It decides which executable comments (`/*!50700 ...*\/`, `/*M!100100 ...*\/`)
 * are code. `version` is written the way executable comments write it: MMmmpp, e.g. 101106 for MariaDB 10.11.6,
 * 80036 for MySQL 8.0.36.
 */
export interface Flavor {
  readonly family: 'mariadb' | 'mysql';
  readonly version: number;
}

/** What the engine is tested on, and what offline commands (`check`, `plan`) assume when no server is known. */
export const DEFAULT_FLAVOR: Flavor = { family: 'mariadb', version: 101100 };

/** Runs every executable comment: used where the result must not depend on the server (checksums). */
export const EVERY_COMMENT_RUNS: Flavor = { family: 'mariadb', version: 999999 };

/** `'10.11.6'` -> 101106, `'8.0.36'` -> 80036. */
export function versionId(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major * 10000 + minor * 100 + patch;
}

/** The flavor of a server from its `SELECT VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.0.36`. */
export function flavorOf(serverVersion: string): Flavor {
  const number = /^\d+\.\d+\.\d+/.exec(serverVersion)?.[0] ?? '0.0.0';
  return { family: /mariadb/i.test(serverVersion) ? 'mariadb' : 'mysql', version: versionId(number) };
}

/** An executable comment's opening: `/*!`, `/*!50003`, `/*M!`, `/*M!100100`. */
export interface ExecutableComment {
  /** `/*M!`: only MariaDB runs it; MySQL reads it as a plain comment. */
  readonly mariadbOnly: boolean;
  /** The version after the `!`; undefined when there is none (the content always runs). */
  readonly version: number | undefined;
  /** How many digits the version had (5 or 6). */
  readonly digits: number;
}

/**
 * How many version digits the server reads after `/*!` or `/*M!`. Measured on MariaDB 10.11.19: `/*!100000 +1 *\/`
 * runs and `/*!1001199` is a syntax error near `9`, so MariaDB reads up to 6; MySQL reads exactly 5.
 */
export function versionDigits(flavor: Flavor): number {
  return flavor.family === 'mariadb' ? 6 : 5;
}

/**
 * Whether the server runs the content of an executable comment.
 * - `/*M!` is MariaDB's own spelling: MySQL never runs it.
 * - MariaDB ignores 5-digit versions from 50700 to 99999: they name MySQL 5.7+ features it may not have
 *   (measured on 10.11.19: `/*!50699 +1 *\/` runs, `/*!50700`, `/*!80000`, `/*!99999` do not; `/*M!80000` runs).
 * - Otherwise the content runs when the server's version is at least the comment's.
 */
export function runsOn(comment: ExecutableComment, flavor: Flavor): boolean {
  if (comment.mariadbOnly && flavor.family !== 'mariadb') return false;
  if (comment.version === undefined) return true;
  const mysqlOnly = !comment.mariadbOnly && comment.digits === 5 && comment.version >= 50700;
  if (flavor.family === 'mariadb' && mysqlOnly) return false;
  return flavor.version >= comment.version;
}
