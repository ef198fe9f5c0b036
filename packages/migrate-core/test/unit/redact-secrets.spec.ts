import { describe, expect, it } from 'vitest';
import { excerpt, redactSecrets } from '../../src/errors.js';

describe('passwords in quoted statements', () => {
  it.each([
    ["CREATE USER 'app'@'%' IDENTIFIED BY 'TopSecretPw2'", "CREATE USER 'app'@'%' IDENTIFIED BY '***'"],
    ["ALTER USER app IDENTIFIED BY \"TopSecretPw2\" PASSWORD EXPIRE NEVER", "ALTER USER app IDENTIFIED BY '***' PASSWORD EXPIRE NEVER"],
    ["CREATE USER app IDENTIFIED BY PASSWORD '*94BDCEBE19083CE2A1F959FD02F964C7AF4CFC29'", "CREATE USER app IDENTIFIED BY PASSWORD '***'"],
    ["CREATE USER app IDENTIFIED WITH caching_sha2_password BY 'TopSecretPw2'", "CREATE USER app IDENTIFIED WITH caching_sha2_password BY '***'"],
    ["CREATE USER app IDENTIFIED WITH mysql_native_password AS '*94BDCEBE1908'", "CREATE USER app IDENTIFIED WITH mysql_native_password AS '***'"],
    ["CREATE USER app IDENTIFIED VIA ed25519 USING PASSWORD('TopSecretPw2')", "CREATE USER app IDENTIFIED VIA ed25519 USING PASSWORD('***')"],
    ["GRANT SELECT ON db.* TO app IDENTIFIED BY 'Top''Secret\\'Pw2'", "GRANT SELECT ON db.* TO app IDENTIFIED BY '***'"],
    ["SET PASSWORD FOR 'app'@'%' = PASSWORD('TopSecretPw2')", "SET PASSWORD FOR 'app'@'%' = PASSWORD('***')"],
    ["set password = 'TopSecretPw2'", "set password = '***'"],
    ["CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='TopSecretPw2'", "CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD='***'"],
    ["CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD 'TopSecretPw2')", "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER 'u', PASSWORD '***')"],
    ["UPDATE users SET password = 'TopSecretPw2' WHERE id = 1", "UPDATE users SET password = '***' WHERE id = 1"],
  ])('%s', (sql, shown) => {
    expect(redactSecrets(sql)).toBe(shown);
    expect(excerpt(sql)).not.toContain('TopSecret');
  });

  it('also where a server message cut the literal short, and across lines', () => {
    expect(redactSecrets("You have an error in your SQL syntax near 'IDENTIFIED BY 'TopSecr")).toBe("You have an error in your SQL syntax near 'IDENTIFIED BY '***'");
    expect(excerpt("CREATE USER app\n  IDENTIFIED BY\n  'TopSecretPw2';")).toBe("CREATE USER app IDENTIFIED BY '***';");
  });

  it('leaves other statements as they are', () => {
    for (const sql of [
      "INSERT INTO users (name, password) VALUES ('ann', 'x')",
      'ALTER TABLE users ADD COLUMN password_hash varchar(255)',
      "CREATE INDEX i USING BTREE ON t (a)",
      "SELECT * FROM a JOIN b USING (id) WHERE note = 'identified by nobody'",
      "UPDATE t SET user_password = 'kept', mypassword = 'kept'",
    ]) expect(redactSecrets(sql)).toBe(sql);
  });
});
