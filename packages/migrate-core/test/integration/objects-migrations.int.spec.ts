import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../test/support/cli.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../../../../test/support/db.js';
import { makeWorkspace, type TempWorkspace } from '../../../../test/support/workspace.js';
import { fingerprint } from './fingerprint.js';

// A service's objects home (src/objects/: tables.json and one file per trigger, routine and event) through two
// generated migrations: applied, compared with drift, rolled back to exactly the state before, applied again.
const SCHEMA = (version: 1 | 2) => `import { sql } from 'drizzle-orm';
import { date, datetime, decimal, int, mysqlTable, mysqlView, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';

export const accounts = mysqlTable('accounts', {
  id: int('id').autoincrement().primaryKey(),
  email: varchar('email', { length: 100 }).notNull(),
  password: varchar('password', { length: ${version === 1 ? 60 : 100} }),
  note: text('note'),
  updated: datetime('updated', { fsp: 3 }).default(sql\`CURRENT_TIMESTAMP(3)\`),
});

export const orders = mysqlTable('orders', {
  id: int('id').autoincrement().primaryKey(),
  accountId: int('account_id').notNull().references(() => accounts.id),
  total: decimal('total', { precision: 10, scale: 2 }),
  placed: date('placed', { mode: 'string' }),
  status: varchar('status', { length: 10 }),
});

export const cache = mysqlTable('cache', { k: varchar('k', { length: 50 }).primaryKey(), v: varchar('v', { length: 200 }) });

export const logbook = mysqlTable('logbook', { id: int('id').notNull(), at: date('at', { mode: 'string' }).notNull(), msg: varchar('msg', { length: 200 }) },
  (t) => [primaryKey({ columns: [t.id, t.at] })]);

export const ${version === 1 ? 'accountSummary' : 'accountTotals'} = mysqlView('${version === 1 ? 'account_summary' : 'account_totals'}', { id: int('id'), n: int('n') })
  .as(sql\`select id, order_count(id) as n from accounts\`);
`;

const TABLES = (version: 1 | 2) => ({
  defaults: { engine: 'InnoDB', collation: 'utf8mb4_general_ci' },
  tables: {
    accounts: {
      comment: version === 1 ? 'People who order' : 'People who order things',
      columns: {
        email: { comment: version === 1 ? 'login' : 'login e-mail' },
        password: { collation: 'utf8mb4_bin', comment: 'hash' },
        updated: { onUpdate: 'CURRENT_TIMESTAMP(3)' },
      },
      indexes: { accounts_note_ft: 'FULLTEXT (`note`)', ...(version === 1 ? { accounts_email_prefix: '(`email`(10))' } : {}) },
    },
    orders: { indexes: version === 1 ? { orders_status_desc: '(`status` DESC, `placed`)' } : { orders_status_prefix: '(`status`(3))' } },
    ...(version === 1 ? { cache: { engine: 'MEMORY' } } : {}),
    logbook: {
      partitioning: "PARTITION BY RANGE COLUMNS(`at`) (PARTITION `p2020` VALUES LESS THAN ('2021-01-01'), " +
        `${version === 2 ? "PARTITION `p2021` VALUES LESS THAN ('2022-01-01'), " : ''}PARTITION \`pmax\` VALUES LESS THAN (MAXVALUE))`,
    },
  },
});

const FILES = (version: 1 | 2): Record<string, string | undefined> => ({
  'triggers/orders_bi.sql': "CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW SET NEW.status = coalesce(NEW.status, 'new');\n",
  'triggers/orders_bi2.sql': `DELIMITER //\nCREATE TRIGGER orders_bi2 BEFORE INSERT ON orders FOR EACH ROW FOLLOWS orders_bi\nBEGIN\n  IF NEW.total < 0 THEN\n    SET NEW.total = ${version === 1 ? 0 : 'NULL'};\n  END IF;\nEND//\nDELIMITER ;\n`,
  'procedures/close_order.sql': version === 1 ? "CREATE PROCEDURE close_order(IN p_id int)\nMODIFIES SQL DATA\nBEGIN\n  UPDATE orders SET status = 'closed' WHERE id = p_id;\nEND;\n" : undefined,
  'functions/order_count.sql': 'CREATE FUNCTION order_count(p_account int) RETURNS int\n  READS SQL DATA\nRETURN (SELECT count(*) FROM orders WHERE account_id = p_account);\n',
  'events/purge_cache.sql': `CREATE EVENT purge_cache ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE${version === 2 ? " COMMENT 'nightly'" : ''}\nDO DELETE FROM cache;\n`,
});

let ws: TempWorkspace;
let db: TestDatabase;
const ids: string[] = [];
const states: Array<Record<string, string[]>> = [];
const env = () => ({ DATABASE_URL: serverUrl() });
const cli = (argv: readonly string[]) => runCli(argv, { cwd: ws.root, env: env() });
const catalog = () => fingerprint((sql, values) => db.query(sql, values), db.name);
const file = (id: string, name: string) => readFileSync(join(ws.serviceDir('shop'), 'migrations', id, name), 'utf8');

function writeVersion(version: 1 | 2): void {
  ws.write('services/shop/src/schema.ts', SCHEMA(version));
  ws.write('services/shop/src/objects/tables.json', `${JSON.stringify(TABLES(version), null, 2)}\n`);
  for (const [path, text] of Object.entries(FILES(version))) {
    if (text === undefined) rmSync(join(ws.serviceDir('shop'), 'src', 'objects', path), { force: true });
    else ws.write(`services/shop/src/objects/${path}`, text);
  }
}

async function generateAndMigrate(version: 1 | 2, flags: readonly string[] = []): Promise<void> {
  writeVersion(version);
  const generated = await cli(['generate', '--service', 'shop', '--name', `version ${version}`, '--json', ...flags]);
  expect(generated.code, generated.stderr + generated.stdout).toBe(0);
  ids.push(JSON.parse(generated.stdout).id);
  const migrated = await cli(['migrate', '--service', 'shop']);
  expect(migrated.code, migrated.stderr + migrated.stdout).toBe(0);
  states.push(await catalog());
}

beforeAll(async () => {
  db = await createTestDatabase('objects_mig');
  ws = makeWorkspace({ shop: { database: db.name } });
  await generateAndMigrate(1);
  await generateAndMigrate(2, ['--rename', 'account_summary=account_totals', '--allow-data-loss']);
}, 180_000);

afterAll(async () => {
  ws?.cleanup();
  await db?.drop();
});

const inSync = async () => {
  const result = await cli(['drift', '--service', 'shop', '--json']);
  return { code: result.code, differences: JSON.parse(result.stdout).differences };
};

describe('a service with an objects home', () => {
  it('writes options, object DDL and compound bodies the mysql client and the engine both read', () => {
    const up = file(ids[0]!, 'up.sql');
    expect(up).toContain("`password` varchar(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin COMMENT 'hash'");
    expect(up).toContain("`updated` datetime(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)");
    expect(up).toContain(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='People who order';");
    expect(up).toContain(') ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;');
    expect(up).toContain("PARTITION BY RANGE COLUMNS(`at`) (PARTITION `p2020` VALUES LESS THAN ('2021-01-01'), PARTITION `pmax` VALUES LESS THAN (MAXVALUE));");
    expect(up).toContain('CREATE FULLTEXT INDEX `accounts_note_ft` ON `accounts` (`note`);');
    expect(up).toContain('DELIMITER //\nCREATE TRIGGER `orders_bi2` BEFORE INSERT ON `orders` FOR EACH ROW FOLLOWS `orders_bi` BEGIN');
    // The function comes before the view that calls it, the trigger it follows before the trigger.
    expect(up.indexOf('CREATE FUNCTION `order_count`')).toBeLessThan(up.indexOf('VIEW `account_summary`'));
    expect(up.indexOf('TRIGGER `orders_bi` ')).toBeLessThan(up.indexOf('TRIGGER `orders_bi2`'));
  });

  it('keeps charset, collation and comment through MODIFY, and the down restores them', () => {
    const [up, down] = [file(ids[1]!, 'up.sql'), file(ids[1]!, 'down.sql')];
    expect(up).toContain("ALTER TABLE `accounts` MODIFY COLUMN `password` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin COMMENT 'hash';");
    expect(down).toContain("ALTER TABLE `accounts` MODIFY COLUMN `password` varchar(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin COMMENT 'hash';");
    expect(up).toContain("ALTER TABLE `accounts` MODIFY COLUMN `email` varchar(100) NOT NULL COMMENT 'login e-mail';");
    expect(up).toContain('RENAME TABLE `account_summary` TO `account_totals`;');
    expect(up).toContain('ALTER TABLE `cache` ENGINE=InnoDB;');
    expect(down).toContain('ALTER TABLE `cache` ENGINE=MEMORY;');
    expect(up).toContain('DROP PROCEDURE `close_order`;');
  });

  it('finds the database in sync after each migration, and check has nothing to say', async () => {
    expect(await inSync()).toEqual({ code: 0, differences: [] });
    expect((await cli(['check', '--service', 'shop'])).code).toBe(0);
  });

  it('rolls back to exactly the state before, and forward again', async () => {
    expect((await cli(['rollback', '--service', 'shop'])).code).toBe(0);
    expect(await catalog()).toEqual(states[0]);
    expect(await inSync()).toEqual({ code: 0, differences: [] });
    expect((await cli(['migrate', '--service', 'shop'])).code).toBe(0);
    expect(await catalog()).toEqual(states[1]);
    expect((await cli(['rollback', '--service', 'shop', '--to', 'base'])).code).toBe(0);
    expect(Object.values(await catalog()).flat()).toEqual([]);
  });

  it('reports a hand-made change to an object, a table option, a column comment and an index', async () => {
    expect((await cli(['migrate', '--service', 'shop'])).code).toBe(0);
    await db.query("ALTER TABLE accounts COMMENT = 'changed'; ALTER TABLE accounts MODIFY password varchar(100) COLLATE utf8mb4_bin; DROP INDEX accounts_note_ft ON accounts");
    await db.query('DROP TRIGGER orders_bi2; CREATE TRIGGER orders_bi2 BEFORE INSERT ON orders FOR EACH ROW FOLLOWS orders_bi SET NEW.total = 1');
    const drift = await inSync();
    expect(drift.code).toBe(3);
    expect(drift.differences.map((d: { message: string }) => d.message.replace(/ at line.*$/, ''))).toEqual([
      "~ column accounts.password: varchar(100) NULL COLLATE utf8mb4_bin COMMENT 'hash' in migrations, varchar(100) NULL COLLATE utf8mb4_bin in database",
      '- index accounts.accounts_note_ft fulltext (note) (in migrations, not in database)',
      "~ options of table accounts: COMMENT='People who order things' in migrations, COMMENT='changed' in database",
      '~ trigger orders.orders_bi2: differs',
    ]);
  });
});
