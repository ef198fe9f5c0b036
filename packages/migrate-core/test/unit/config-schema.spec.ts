import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serviceConfigSchema } from '../../src/config/service-config-schema.js';
import { quickParseServiceConfig } from '../../src/config/service-config.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('migrate.config.schema.json', () => {
  it('is the JSON Schema of the zod schema the CLI validates with (npm run build rewrites it)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'migrate.config.schema.json'), 'utf8'));
    expect(committed).toEqual(z.toJSONSchema(serviceConfigSchema, { io: 'input' }));
  });

  it("is where every service's $schema points", () => {
    for (const service of ['first', 'second', 'third']) {
      const config = JSON.parse(readFileSync(join(ROOT, '..', '..', 'services', service, 'migrate.config.json'), 'utf8'));
      expect(config.$schema).toBe('../../packages/migrate-core/migrate.config.schema.json');
      expect(serviceConfigSchema.safeParse(config).success).toBe(true);
    }
  });
});

describe('the keys of the shadow proof and the lint', () => {
  it('name every problem at once: an unknown lint code (with the codes), a bad level, a seed without a migration id, a target', () => {
    const parsed = serviceConfigSchema.safeParse({ target: 'postgres', lint: { TABLE_COPY: 'loud', NOT_A_CODE: 'warn' }, seed: [{ file: 'seed.sql', after: 'first' }] });
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'target: Invalid option: expected one of "mariadb"|"mysql"',
      'lint.TABLE_COPY: Invalid option: expected one of "error"|"warn"|"off"',
      'lint: unknown lint code "NOT_A_CODE" (the codes: NOT_NULL_NO_DEFAULT, NEW_UNIQUE, NARROW_TYPE, DROP_COLUMN, DROP_TABLE, TABLE_COPY, NO_PRIMARY_KEY)',
      'seed.0.after: must be a migration id, e.g. 20261124190000_first_test_created',
    ]));
  });

  it('default the target to mariadb', () => {
    expect(serviceConfigSchema.parse({}).target).toBe('mariadb');
  });
});

describe('quickParseServiceConfig', () => {
  it.each([
    {},
    { database: 'first' },
    { $schema: 'x', database: 'a_b', schema: 'db/schema.ts', migrations: 'm', ledgerTable: 'ledger', tablesFilter: ['*', '!tmp_*'], lockTimeout: 5 },
    { database: 'bad-name' },
    { database: null },
    { database: 'x'.repeat(65) },
    { schema: '' },
    { ledgerTable: 'a b' },
    { tablesFilter: 'x' },
    { tablesFilter: ['ok', ''] },
    { lockTimeout: 0 },
    { lockTimeout: 1.5 },
    { lockTimeout: '5' },
    { target: 'mysql' },
    { target: 'mariadb', lint: { TABLE_COPY: 'error', DROP_COLUMN: 'off', NEW_UNIQUE: 'warn' }, seed: [{ file: 'seed.sql', after: '20261124190000_first_test_created' }] },
    { target: 'postgres' },
    { lint: { TABLE_COPY: 'loud' } },
    { lint: { NOT_A_CODE: 'warn' } },
    { lint: [] },
    { seed: [{ file: 'seed.sql', after: 'first' }] },
    { seed: [{ file: '', after: '20261124190000_first_test_created' }] },
    { seed: [{ file: 'seed.sql', after: '20261124190000_first_test_created', extra: 1 }] },
    { seed: { file: 'seed.sql', after: '20261124190000_first_test_created' } },
    { extra: true },
    [],
    'text',
    null,
  ])('agrees with the zod schema on %j', (raw) => {
    const strict = serviceConfigSchema.safeParse(raw);
    expect(quickParseServiceConfig(raw)).toEqual(strict.success ? strict.data : undefined);
  });
});
