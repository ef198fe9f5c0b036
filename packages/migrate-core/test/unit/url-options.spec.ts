import { describe, expect, it } from 'vitest';
import { maskUrl, parseDatabaseUrl } from '../../src/config/database-url.js';
import { secretsIn } from '../../src/config/load.js';

const ok = (value: string) => {
  const result = parseDatabaseUrl('FIRST_DATABASE_URL', value);
  if (!result.ok) throw new Error(result.problem);
  return result.url;
};
const problem = (value: string) => {
  const result = parseDatabaseUrl('FIRST_DATABASE_URL', value);
  if (result.ok) throw new Error(`accepted ${value}`);
  expect(result.problem).toContain('FIRST_DATABASE_URL');
  return result.problem;
};

/** Every piece of `secret` at least 4 characters long. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= secret.length; i++) out.push(secret.slice(i, i + 4));
  return out;
}

describe('URL options, as the mysql client names them', () => {
  it.each([
    ['DISABLED', undefined], ['disabled', undefined], ['PREFERRED', 'PREFERRED'], ['Required', 'REQUIRED'],
    ['verify_identity', 'VERIFY_IDENTITY'],
  ])('ssl-mode=%s', (value, mode) => {
    expect(ok(`mysql://u@h/db?ssl-mode=${value}`).tls?.mode).toBe(mode);
  });

  it('ssl=true is REQUIRED and ssl=false is DISABLED (any case)', () => {
    expect(ok('mysql://u@h?ssl=true').tls).toEqual({ mode: 'REQUIRED' });
    expect(ok('mysql://u@h?ssl=TRUE').tls).toEqual({ mode: 'REQUIRED' });
    expect(ok('mysql://u@h?ssl=false').tls).toBeUndefined();
    expect(ok('mysql://u@h').tls).toBeUndefined();
  });

  it.each([
    ['?ssl=yes', /ssl="yes"; use ssl=true .* or ssl=false/],
    ['?ssl=on', /ssl="on"/],
    ['?ssl=1', /ssl="1"/],
    ['?ssl', /parameter "ssl" without a value \(ssl=true or ssl=false\)/],
    ['?ssl=', /ssl=""/],
    ['?ssl-mode=strict', /ssl-mode="strict"; use one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY/],
    ['?sslmode=REQUIRED', /unsupported parameter "sslmode" \(supported: ssl-mode, ssl-ca, ssl-cert, ssl-key, ssl, socket, password\)/],
    ['?ssl=true&ssl-mode=REQUIRED', /gives both ssl-mode and ssl/],
    ['?ssl-mode=REQUIRED&ssl-mode=DISABLED', /gives parameter "ssl-mode" twice/],
    ['?ssl-mode=VERIFY_CA', /ssl-mode=VERIFY_CA, which checks .* add ssl-ca=/],
    ['?ssl-mode=REQUIRED&ssl-ca=/ca.pem', /ssl-ca with ssl-mode=REQUIRED, .*use ssl-mode=VERIFY_CA/],
    ['?ssl=true&ssl-ca=/ca.pem', /ssl-ca with ssl-mode=REQUIRED/],
    ['?ssl-mode=PREFERRED&ssl-ca=/ca.pem', /ssl-ca with ssl-mode=PREFERRED/],
    ['?ssl-mode=DISABLED&ssl-ca=/ca.pem', /turns TLS off .* gives ssl-ca, which would be ignored/],
    ['?ssl=false&ssl-cert=/c.pem&ssl-key=/k.pem', /turns TLS off .* gives ssl-cert/],
    ['?ssl-cert=/c.pem', /ssl-cert without ssl-key/],
    ['?ssl-mode=REQUIRED&ssl-key=/k.pem', /ssl-key without ssl-cert/],
    ['?ssl-ca=', /empty ssl-ca/],
    ['?socket=', /empty socket/],
    ['?%zz=1', /badly percent-encoded parameter name/],
  ])('refuses %s, naming the variable and the parameter', (query, message) => {
    expect(problem(`mysql://app:Hunter2-Secret@db:3306/orders${query}`)).toMatch(message);
  });

  it('never shows the value of an unsupported parameter or the password in a problem', () => {
    const text = problem('mysql://app:Hunter2-Secret@db/orders?pass=Hunter2-Secret');
    expect(text).toContain('"pass"');
    expect(text).not.toContain('Hunter2');
  });

  it('reads ssl-ca, ssl-cert and ssl-key as paths; ssl-ca alone means VERIFY_CA, a client certificate alone REQUIRED', () => {
    expect(ok('mysql://u@h/db?ssl-ca=/etc/ssl/rds-ca.pem').tls).toEqual({ mode: 'VERIFY_CA', ca: '/etc/ssl/rds-ca.pem' });
    expect(ok('mysql://u@h/db?ssl-cert=certs/client.pem&ssl-key=certs/client.key').tls).toEqual({ mode: 'REQUIRED', cert: 'certs/client.pem', key: 'certs/client.key' });
    expect(ok('mysql://u@h/db?ssl-mode=VERIFY_IDENTITY').tls).toEqual({ mode: 'VERIFY_IDENTITY' });
    expect(ok('mysql://u@h/db?ssl-mode=verify_ca&ssl-ca=%2Ftmp%2Fmy%20ca.pem').tls).toEqual({ mode: 'VERIFY_CA', ca: '/tmp/my ca.pem' });
  });

  it('reads socket and password parameters, percent-decoded, "+" kept', () => {
    const url = ok('mysql://app@localhost/db?socket=/run/mysqld/mysqld.sock&password=a%26b+c%3Dd%40e');
    expect(url).toMatchObject({ user: 'app', socketPath: '/run/mysqld/mysqld.sock', password: 'a&b+c=d@e' });
  });

  it('refuses a password given twice', () => {
    expect(problem('mysql://app:Hunter2-Secret@db/orders?password=Other-Secret')).toMatch(/gives a password twice/);
  });

  it('shows the TLS mode and files, never the password, in the display URL', async () => {
    const { settingsOf } = await import('../../src/config/load.js');
    const settings = settingsOf(ok('mysql://app@db:3307/x?password=Hunter2-Secret&ssl-mode=VERIFY_CA&ssl-ca=certs/ca.pem'), 'orders', 'FIRST_DATABASE_URL', '/work/repo');
    expect(settings.display).toBe('mysql://app:****@db:3307/orders?ssl-mode=VERIFY_CA&ssl-ca=/work/repo/certs/ca.pem');
    expect(settings.tls).toEqual({ mode: 'VERIFY_CA', ca: '/work/repo/certs/ca.pem' });
    expect(settingsOf(ok('mysql://app@localhost/x?socket=/run/s.sock&ssl=true'), 'orders', 'DATABASE_URL').display)
      .toBe('mysql://app@localhost/orders?socket=/run/s.sock&ssl-mode=REQUIRED');
  });
});

describe('URLs whose password is not percent-encoded', () => {
  it.each([
    ['#', 'Tuba#9Horn', /contains "#"/],
    ['?', 'Tuba?9Horn', /an "@" after the host part/],
    ['/', 'Tuba/9Horn', /an "@" after the host part/],
    ['@', 'Tuba@9Horn', /more than one "@" before the host/],
    ['# and digits (a valid port before it)', '3307#9Horn', /contains "#"/],
    ['/ and digits (a valid port before it)', '3307/Horn9', /an "@" after the host part/],
    ['? and digits (a valid port before it)', '3307?Horn9=1', /an "@" after the host part/],
    ['every special character', 'T:u@b/a?H#o%rn', /contains "#"/],
  ])('are refused before anything else when the password has %s, and no piece of it is shown', (_label, password, message) => {
    const text = problem(`mysql://app:${password}@db.internal:3306/orders`);
    expect(text).toMatch(message);
    expect(text).toContain('%40');
    for (const piece of pieces(password)) expect(text).not.toContain(piece);
  });

  it('accepts ":" in a password, which is unambiguous', () => {
    expect(ok('mysql://app:Tu:ba@db.internal/orders')).toMatchObject({ user: 'app', password: 'Tu:ba', host: 'db.internal' });
  });

  it('refuses an "@" in a parameter, which could end a password', () => {
    expect(problem('mysql://app@db/orders?password=Tu@ba')).toMatch(/%40 too/);
  });
});

describe('redaction', () => {
  it('collects the password parameter, raw and decoded', () => {
    expect(secretsIn({ DATABASE_URL: 'mysql://u@h/?password=Tu%40ba&ssl=true' })).toEqual(expect.arrayContaining(['Tu%40ba', 'Tu@ba']));
  });

  it('masks the password parameter in any text', () => {
    expect(maskUrl('at mysql://u@h/db?ssl=true&password=Tuba9&x=1')).toBe('at mysql://u@h/db?ssl=true&password=****&x=1');
  });
});
