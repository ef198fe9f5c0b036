import { describe, expect, it } from 'vitest';
import { sameEvent } from '../../src/schema/objects/events/compare.js';
import { sameRoutine } from '../../src/schema/objects/routines/compare.js';
import { sameTrigger } from '../../src/schema/objects/triggers/compare.js';
import { createEvent } from '../../src/schema/objects/events/ddl.js';
import { parseEvent } from '../../src/schema/objects/events/normalise.js';
import { parseObjectFile, statementOfFile } from '../../src/schema/objects/home/files.js';
import { parseTablesFile, renderTablesFile } from '../../src/schema/objects/home/tables-json.js';
import { createIndexSql, drizzleCanDeclare, indexFromDefinition } from '../../src/schema/objects/indexes/definition.js';
import { createRoutine } from '../../src/schema/objects/routines/ddl.js';
import { parseRoutine } from '../../src/schema/objects/routines/normalise.js';
import { firstDifference, normaliseBody } from '../../src/schema/objects/text.js';
import { createTrigger, creationOrder } from '../../src/schema/objects/triggers/ddl.js';
import { parseTrigger } from '../../src/schema/objects/triggers/normalise.js';

describe('triggers', () => {
  it('reads every spelling of the header and keeps the body as written', () => {
    const trigger = parseTrigger('CREATE DEFINER=`root`@`%` TRIGGER IF NOT EXISTS `shop`.`t_bi` BEFORE INSERT ON `shop`.`orders` FOR EACH ROW FOLLOWS other\nBEGIN\n  SET NEW.a = 1;\nEND');
    expect(trigger).toEqual({ name: 't_bi', table: 'orders', timing: 'BEFORE', event: 'INSERT', order: { kind: 'FOLLOWS', other: 'other' }, body: 'BEGIN\n  SET NEW.a = 1;\nEND' });
    expect(parseTrigger("create definer = current_user() trigger x after delete on t for each row delete from log where id = old.id")).toMatchObject({ name: 'x', timing: 'AFTER', event: 'DELETE', table: 't' });
    expect(sameTrigger(parseTrigger(createTrigger(trigger)), trigger)).toBe(true);
    expect(() => parseTrigger('CREATE TRIGGER x DURING INSERT ON t FOR EACH ROW SET @a = 1')).toThrow(/line 1: expected BEFORE or AFTER, found `DURING`/);
  });

  it('creates triggers after the ones they follow', () => {
    const make = (name: string, other?: string) => ({ name, table: 't', timing: 'BEFORE' as const, event: 'INSERT' as const, body: 'SET @a = 1', ...(other ? { order: { kind: 'FOLLOWS' as const, other } } : {}) });
    expect(creationOrder([make('a', 'c'), make('b'), make('c', 'b')]).map((t) => t.name)).toEqual(['b', 'c', 'a']);
  });
});

describe('routines', () => {
  it('reads parameters, return type with charset, characteristics in any order, and a labelled body', () => {
    const routine = parseRoutine("CREATE DEFINER=`root`@`localhost` PROCEDURE `report`(\n  IN min_n TINYINT UNSIGNED, INOUT total DECIMAL(10,2), OUT label VARCHAR(20) CHARSET utf8 COLLATE utf8_bin)\n" +
      "    SQL SECURITY INVOKER\n    READS SQL DATA COMMENT 'a report'\nproc: BEGIN\n  LEAVE proc;\nEND");
    expect(routine).toEqual({
      kind: 'PROCEDURE', name: 'report',
      parameters: [
        { mode: 'IN', name: 'min_n', type: 'TINYINT UNSIGNED' }, { mode: 'INOUT', name: 'total', type: 'DECIMAL(10,2)' },
        { mode: 'OUT', name: 'label', type: 'VARCHAR(20)', charset: 'utf8mb3', collation: 'utf8mb3_bin' },
      ],
      deterministic: false, dataAccess: 'READS SQL DATA', security: 'INVOKER', comment: 'a report', body: 'proc: BEGIN\n  LEAVE proc;\nEND',
    });
    expect(sameRoutine(parseRoutine(createRoutine(routine)), routine)).toBe(true);
    const fn = parseRoutine('CREATE FUNCTION f(a int) RETURNS char(4) CHARSET utf8mb4 DETERMINISTIC NO SQL RETURN lpad(a, 4, 0)');
    expect(fn).toMatchObject({ kind: 'FUNCTION', returns: { type: 'char(4)', charset: 'utf8mb4' }, deterministic: true, dataAccess: 'NO SQL', body: 'RETURN lpad(a, 4, 0)' });
    expect(sameRoutine(parseRoutine(createRoutine(fn)), fn)).toBe(true);
  });

  it('takes a display width, the case of a type and an unsaid charset as the same', () => {
    const a = parseRoutine('CREATE FUNCTION f(a INT) RETURNS varchar(4) RETURN a');
    const b = parseRoutine('CREATE FUNCTION f(`A` int(11)) RETURNS varchar(4) CHARSET utf8mb4 COLLATE utf8mb4_general_ci RETURN a');
    expect(sameRoutine(a, b)).toBe(true);
    expect(sameRoutine(a, { ...b, returns: { type: 'varchar(5)' } })).toBe(false);
  });
});

describe('events', () => {
  it('reads AT and EVERY schedules, completion, status and comment', () => {
    const every = parseEvent("CREATE EVENT IF NOT EXISTS purge ON SCHEDULE EVERY '1:30' HOUR_MINUTE STARTS CURRENT_TIMESTAMP + INTERVAL 1 DAY ENDS '2031-01-01 00:00:00' " +
      "ON COMPLETION NOT PRESERVE DISABLE ON SLAVE COMMENT 'it''s nightly' DO DELETE FROM t");
    expect(every).toEqual({
      name: 'purge', schedule: { kind: 'EVERY', value: '1:30', unit: 'HOUR_MINUTE', starts: 'CURRENT_TIMESTAMP + INTERVAL 1 DAY', ends: "'2031-01-01 00:00:00'" },
      preserve: false, status: 'DISABLE ON SLAVE', comment: "it's nightly", body: 'DELETE FROM t',
    });
    expect(sameEvent(parseEvent(createEvent(every)), every)).toBe(true);
    const at = parseEvent("CREATE EVENT once ON SCHEDULE AT '2030-01-01 00:00:00' ON COMPLETION PRESERVE DO BEGIN DELETE FROM t; END");
    expect(at).toMatchObject({ schedule: { kind: 'AT', at: "'2030-01-01 00:00:00'" }, preserve: true, status: 'ENABLE', body: 'BEGIN DELETE FROM t; END' });
    // A time the schema gives as an expression has no fixed value to compare.
    expect(sameEvent(every, { ...every, schedule: { ...every.schedule, starts: "'2026-11-29 10:00:00'" } as typeof every.schedule })).toBe(true);
    expect(sameEvent(every, { ...every, schedule: { ...every.schedule, ends: "'2032-01-01 00:00:00'" } as typeof every.schedule })).toBe(false);
  });
});

describe('object files', () => {
  it('reads a file with or without DELIMITER lines and its final delimiter', () => {
    expect(statementOfFile('DELIMITER //\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END//\nDELIMITER ;\n'))
      .toBe('\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END');
    // Errors name the line of the file, DELIMITER lines counted.
    expect(() => parseObjectFile('triggers', '-- audit\nDELIMITER //\nCREATE TRIGGER x\n  DURING INSERT ON t FOR EACH ROW SET @a = 1//\n')).toThrow(/^line 4: expected BEFORE or AFTER/);
    expect(statementOfFile('CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1\n;\n')).toBe('CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1');
    expect(() => parseObjectFile('functions', 'CREATE PROCEDURE p() SELECT 1;')).toThrow('a PROCEDURE in functions/: move it to procedures/');
  });

  it('compares bodies without layout, comments, charset introducers or escapes in literals', () => {
    expect(normaliseBody("BEGIN\n  -- note\n  RETURN concat(_latin1'a\nb',   'c');\nEND")).toBe(normaliseBody("BEGIN RETURN concat('a\\nb', 'c'); END"));
    expect(firstDifference('SELECT 1;\nSELECT 2;', 'SELECT 1;\nSELECT 3;')).toBe('line 2: SELECT 2; | line 2: SELECT 3;');
  });
});

describe('indexes drizzle cannot declare', () => {
  it('reads their tables.json text into the canonical index and writes their DDL', () => {
    expect(indexFromDefinition('ft', 'FULLTEXT (`title`, body)')).toEqual({ name: 'ft', columns: ['title', 'body'], unique: false, kind: 'fulltext' });
    expect(indexFromDefinition('p', 'UNIQUE (`name`(10) DESC, (lower(`email`)))').columns).toEqual(['name(10) desc', '(lower(email))']);
    expect(createIndexSql('t', 'sp', 'SPATIAL (`location`)')).toBe('CREATE SPATIAL INDEX `sp` ON `t` (`location`)');
    expect(createIndexSql('t', 'd', '(`a` DESC, `b`(4))')).toBe('CREATE INDEX `d` ON `t` (`a` DESC, `b`(4))');
    expect(drizzleCanDeclare(indexFromDefinition('i', '(`a`, `b`)'))).toBe(true);
    expect(drizzleCanDeclare(indexFromDefinition('i', '(`a` DESC)'))).toBe(false);
  });
});

describe('tables.json', () => {
  it('normalises spellings and lists every problem with its path', () => {
    const parsed = parseTablesFile(JSON.stringify({ defaults: { engine: 'innodb', collation: 'UTF8_GENERAL_CI' }, tables: { t: { engine: 'heap', columns: { c: { charset: 'utf8' } } } } }));
    expect(parsed).toEqual({ defaults: { engine: 'InnoDB', charset: 'utf8mb3', collation: 'utf8mb3_general_ci' }, tables: { t: { engine: 'MEMORY', columns: { c: { charset: 'utf8mb3' } } } } });
    expect(parseTablesFile(renderTablesFile(parsed))).toEqual(parsed);
    expect(() => parseTablesFile(JSON.stringify({ tables: { t: { engin: 'x', indexes: { i: 'SPATIAL' }, partitioning: 'HASH (a)' } } })))
      .toThrow(/tables\.t\.indexes\.i: line 1: expected \(, found the end; tables\.t\.partitioning: must start with PARTITION BY; tables\.t: Unrecognized key: "engin"/);
    expect(() => parseTablesFile('{')).toThrow(/^not valid JSON/);
  });
});
