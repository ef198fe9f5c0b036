import { describe, expect, it } from 'vitest';
import { defaultFromSnapshot, defaultFromSql, normaliseExpression, normaliseNumber } from '../../src/schema/canonical/defaults.js';
import { canonicalType, parseQuotedList, quoteSqlString } from '../../src/schema/canonical/types.js';

describe('canonicalType', () => {
  it.each([
    ['int(11)', 'int'], ['INT', 'int'], ['integer', 'int'], ['int(10) unsigned', 'int unsigned'], ['bigint(20) unsigned', 'bigint unsigned'],
    ['smallint(6)', 'smallint'], ['mediumint(9)', 'mediumint'], ['tinyint(4)', 'tinyint'], ['tinyint(3) unsigned', 'tinyint unsigned'],
    ['tinyint(1)', 'boolean'], ['boolean', 'boolean'], ['bool', 'boolean'], ['int(5) unsigned zerofill', 'int(5) unsigned zerofill'],
    ['decimal', 'decimal(10,0)'], ['decimal(10)', 'decimal(10,0)'], ['DECIMAL(10, 2)', 'decimal(10,2)'], ['numeric(8,3) unsigned', 'decimal(8,3) unsigned'],
    ['real', 'double'], ['double precision', 'double'], ['double(8,3)', 'double(8,3)'], ['float', 'float'], ['float(30)', 'double'], ['float(5,2) unsigned', 'float(5,2) unsigned'],
    ['datetime(0)', 'datetime'], ['datetime(3)', 'datetime(3)'], ['timestamp', 'timestamp'], ['time(2)', 'time(2)'], ['year(4)', 'year'],
    ['char', 'char(1)'], ['binary', 'binary(1)'], ['varchar(255)', 'varchar(255)'], ['varbinary(64)', 'varbinary(64)'],
    ['json', 'json'], ['longtext', 'longtext'], ['LONGBLOB', 'longblob'],
    ["enum('a','B','c''d')", "enum('a','B','c''d')"], ["ENUM( 'x' , 'y' )", "enum('x','y')"], ["set('a','b')", "set('a','b')"],
  ])('%s -> %s', (raw, expected) => {
    expect(canonicalType(raw)).toBe(expected);
  });

  it('reads quoted lists and quotes strings back safely', () => {
    expect(parseQuotedList("'a','it''s','back\\\\slash'")).toEqual(['a', "it's", 'back\\slash']);
    expect(quoteSqlString("it's a \\ test")).toBe("'it''s a \\\\ test'");
  });
});

describe('normaliseExpression', () => {
  it.each([
    ['(now())', undefined, 'current_timestamp'],
    ['CURRENT_TIMESTAMP', undefined, 'current_timestamp'],
    ['current_timestamp()', undefined, 'current_timestamp'],
    ['CURRENT_TIMESTAMP(3)', undefined, 'current_timestamp(3)'],
    ['now(0)', undefined, 'current_timestamp'],
    ['`a`.`d` >= 0', 'a', 'd>=0'],
    ['(`parent` + 1)', undefined, 'parent+1'],
    ["_utf8mb4'[]'", undefined, "'[]'"],
    ["concat('A B', `Name`)", undefined, "concat('A B',name)"],
    ['(a) + (b)', undefined, '(a)+(b)'],
    ['now_at + 1', undefined, 'now_at+1'],
  ])('%s -> %s', (sql, table, expected) => {
    expect(normaliseExpression(sql, table)).toBe(expected);
  });
});

describe('defaults', () => {
  it('normalises numbers', () => {
    expect(['1.50', '+01.50', '0.000', '-0', '1e3', '-2', '.5'].map(normaliseNumber)).toEqual(['1.5', '1.5', '0', '0', '1000', '-2', '0.5']);
  });

  it('reads MariaDB spellings and drizzle-kit snapshot spellings as the same default', () => {
    const same: Array<[unknown, string | null, string]> = [
      ["'abc'", "'abc'", 'varchar(10)'],
      ['(now())', 'current_timestamp()', 'timestamp'],
      ['CURRENT_TIMESTAMP(3)', 'current_timestamp(3)', 'datetime(3)'],
      ["'1.50'", '1.5', 'decimal(10,2)'],
      ["'0'", '0.000', 'decimal(8,3) unsigned'],
      [true, '1', 'boolean'],
      [5, '5', 'bigint unsigned'],
      ["('hello')", "'hello'", 'text'],
      ["('{\"x\":1}')", "'{\"x\":1}'", 'json'],
      ['(uuid())', 'uuid()', 'varchar(36)'],
      ["'it''s'", "'it''s'", 'varchar(20)'],
      ['NULL', 'NULL', 'varchar(5)'],
      [undefined, null, 'int'],
    ];
    for (const [snapshot, mariadb, type] of same) {
      const fromDb = mariadb === null ? null : defaultFromSql(mariadb, type);
      const fromSnapshot = defaultFromSnapshot(snapshot, type, 't');
      expect({ kind: fromSnapshot?.kind, value: fromSnapshot?.value }, `${String(snapshot)} vs ${mariadb}`).toEqual({ kind: fromDb?.kind, value: fromDb?.value });
    }
  });

  it("tells a literal string 'NULL' from no default", () => {
    expect(defaultFromSql("'NULL'", 'varchar(5)')).toMatchObject({ kind: 'string', value: 'NULL' });
    expect(defaultFromSql('NULL', 'varchar(5)')).toBeNull();
  });

  it('keeps an expression runnable for code and comparable for drift', () => {
    expect(defaultFromSql('(uuid())', 'char(36)')).toEqual({ kind: 'expression', value: 'uuid()', sql: 'uuid()' });
    expect(defaultFromSql("'a\\\\b'", 'varchar(5)')).toMatchObject({ kind: 'string', value: 'a\\b' });
  });
});
