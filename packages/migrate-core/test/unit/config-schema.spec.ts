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
    { extra: true },
    [],
    'text',
    null,
  ])('agrees with the zod schema on %j', (raw) => {
    const strict = serviceConfigSchema.safeParse(raw);
    expect(quickParseServiceConfig(raw)).toEqual(strict.success ? strict.data : undefined);
  });
});
