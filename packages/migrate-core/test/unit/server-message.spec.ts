import { describe, expect, it } from 'vitest';
import { userServerMessage } from '../../src/engine/server-message.js';

const SYNTAX = 'You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use';
const LEDGER = "UPDATE `_migrate_core_ledger` SET `statements_done` = 2, `done_checksum` ...";

describe('userServerMessage: the server error quotes the user statement, at its line in the file', () => {
  it('cuts the quote where the statement ends and maps the line to the file', () => {
    const statement = { sql: 'CREATE TABLE b (\n  id int,\n  x int,\n)', line: 3 };
    expect(userServerMessage(`${SYNTAX} near ')\n;\n${LEDGER}' at line 4`, statement, 'up.sql')).toBe(`${SYNTAX} near ')' at up.sql:6`);
  });

  it('says "at the end of the statement" when the quote starts past it', () => {
    const statement = { sql: 'CREATE TABLE b (\n  id int\n', line: 3 };
    const message = userServerMessage(`${SYNTAX} near ';\n${LEDGER}' at line 3`, statement, 'up.sql');
    expect(message).toBe(`${SYNTAX} at the end of the statement at up.sql:4`);
    expect(message).not.toContain('_migrate_core_ledger');
  });

  it('keeps a quote that lies inside the statement, and messages without a quote', () => {
    const statement = { sql: 'SELEC 1 FROM dual WHERE 1 = 1', line: 10 };
    expect(userServerMessage(`${SYNTAX} near 'SELEC 1 FROM dual' at line 1`, statement, 'up.sql')).toBe(`${SYNTAX} near 'SELEC 1 FROM dual' at up.sql:10`);
    expect(userServerMessage("Table 'db.nope' doesn't exist", statement, 'up.sql')).toBe("Table 'db.nope' doesn't exist");
  });

  it('leaves a quote it cannot place as the server wrote it', () => {
    const statement = { sql: 'CREATE TABLE a (id int)', line: 1 };
    const message = `${SYNTAX} near 'something else entirely' at line 1`;
    expect(userServerMessage(message, statement, 'up.sql')).toBe(message);
  });
});
