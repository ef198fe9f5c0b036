import { describe, expect, it } from 'vitest';
import { importedService, importSpecifiers, serviceDependencies } from '../../src/dependencies.mjs';

const services = [
  { name: 'crm', root: 'services/crm', packageName: '@acme/crm' },
  { name: 'shop', root: 'services/shop', packageName: '@acme/shop' },
  { name: 'shopping', root: 'services/shopping', packageName: undefined },
];
const [crm, shop, shopping] = services as [typeof services[0], typeof services[0], typeof services[0]];

describe('service dependencies from schema imports', () => {
  it('finds static, re-exported, dynamic and side-effect imports', () => {
    const text = [
      "import { int, mysqlTable } from 'drizzle-orm/mysql-core';",
      "import {\n  customers,\n  type Customer,\n} from '../../crm/src/schema.ts';",
      "export { orders } from \"./orders.ts\";",
      "export * from '@acme/crm/schema';",
      "const lazy = await import('../../crm/src/extra.ts');",
      "import './side-effect.ts';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['drizzle-orm/mysql-core', '../../crm/src/schema.ts', './orders.ts', '@acme/crm/schema', '../../crm/src/extra.ts', './side-effect.ts']);
  });

  it('maps a relative path into another service folder, or its package name, to that service; never to itself or a prefix-named one', () => {
    const file = 'services/shop/src/schema.ts';
    expect(importedService(file, '../../crm/src/schema.ts', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crm', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crm/schema', shop, services)).toBe(crm);
    expect(importedService(file, '@acme/crmx', shop, services)).toBeUndefined();
    expect(importedService(file, './orders.ts', shop, services)).toBeUndefined();
    expect(importedService(file, '../../shopping/src/schema.ts', shop, services)).toBe(shopping);
    expect(importedService('services/shopping/src/schema.ts', '../../shop/src/schema.ts', shopping, services)).toBe(shop);
    expect(importedService(file, 'drizzle-orm', shop, services)).toBeUndefined();
  });

  it("lists each service's dependencies once per file, from its src/ files only", () => {
    const files: Record<string, string> = {
      'services/shop/src/schema.ts': "import { customers } from '../../crm/src/schema.ts';\nexport { customers } from '../../crm/src/schema.ts';",
      'services/shop/src/views.ts': "import { reachable } from '@acme/crm/schema';",
      'services/shop/migrations/x/snapshot.json': "import '../../../crm/src/schema.ts'",
      'services/shop/README.md': "import '../crm/src/schema.ts'",
      'services/crm/src/schema.ts': "import { mysqlTable } from 'drizzle-orm/mysql-core';",
    };
    const byProject = {
      shop: Object.keys(files).filter((f) => f.startsWith('services/shop/')).map((file) => ({ file })),
      crm: [{ file: 'services/crm/src/schema.ts' }],
    };
    expect(serviceDependencies(services, byProject, (file) => files[file]!)).toEqual([
      { source: 'shop', target: 'crm', sourceFile: 'services/shop/src/schema.ts' },
      { source: 'shop', target: 'crm', sourceFile: 'services/shop/src/views.ts' },
    ]);
  });
});
