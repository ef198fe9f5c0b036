import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRNO, isConnectionLost, isServerError, NAMES_MYSQL2_LACKS, type ServerErrorName } from '../../src/db/server-errors.js';

/** mysql2's table of the server's errors: `ER_NO_SUCH_TABLE` -> 1146, and 1146 -> `ER_NO_SUCH_TABLE`. */
const require = createRequire(import.meta.url);
const mysql2Errors = require(join(dirname(require.resolve('mysql2/package.json')), 'lib', 'constants', 'errors.js')) as Record<string, number | string>;
const entries = Object.entries(ERRNO) as Array<[ServerErrorName, number]>;

describe('the table of server errors (src/db/server-errors.ts)', () => {
  it('names each number once', () => {
    const numbers = entries.map(([, errno]) => errno);
    const doubled = numbers.filter((errno, i) => numbers.indexOf(errno) !== i);
    expect(doubled).toEqual([]);
  });

  it("gives each name the number the server gives it (mysql2's table), except the few mysql2 lacks", () => {
    for (const [name, errno] of entries) {
      if (NAMES_MYSQL2_LACKS.includes(name)) {
        expect(mysql2Errors[name], name).toBeUndefined();
        continue;
      }
      expect(mysql2Errors[name], name).toBe(errno);
      expect(mysql2Errors[errno], String(errno)).toBe(name);
    }
  });

  it('tests an error by its number or by the name mysql2 gives it', () => {
    expect(isServerError({ errno: 1146 }, 'ER_NO_SUCH_TABLE')).toBe(true);
    expect(isServerError({ code: 'ER_NO_SUCH_TABLE' }, 'ER_BAD_FIELD_ERROR', 'ER_NO_SUCH_TABLE')).toBe(true);
    expect(isServerError({ errno: 1054, code: 'ER_BAD_FIELD_ERROR' }, 'ER_NO_SUCH_TABLE')).toBe(false);
    expect(isServerError(new Error('no errno'), 'ER_NO_SUCH_TABLE')).toBe(false);
    expect(isServerError(undefined, 'ER_NO_SUCH_TABLE')).toBe(false);
  });

  it('knows a lost connection: socket errors, a killed connection, a server shutting down, a fatal error', () => {
    for (const lost of [{ code: 'PROTOCOL_CONNECTION_LOST' }, { code: 'ECONNRESET' }, { errno: 1927 }, { errno: 1053 }, { errno: 2013 }, { fatal: true, errno: 1064 }]) {
      expect(isConnectionLost(lost), JSON.stringify(lost)).toBe(true);
    }
    expect(isConnectionLost({ errno: 1064, code: 'ER_PARSE_ERROR' })).toBe(false);
    expect(isConnectionLost({ errno: 1690 })).toBe(false);
  });
});
