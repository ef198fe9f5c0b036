import { describe, expect, it } from 'vitest';
import type { CatalogRows } from '../../src/introspect/catalog.js';
import { catalogSchema } from '../../src/introspect/from-catalog.js';
import { diffSchemas } from '../../src/schema/canonical/compare.js';
import { partitioningClause, type PartitionRow } from '../../src/schema/objects/partitions/read.js';
import { normalisePartitioning } from '../../src/schema/objects/partitions/normalise.js';

/**
 * One schema as MariaDB 10.11 and MySQL 8 report it, spellings taken from both servers' catalogs: display widths,
 * `utf8` for `utf8mb3` (MySQL before 8.0.30), functional index parts, STATUS words, no ALGORITHM of views on MySQL.
 */
function catalog(flavor: 'mariadb' | 'mysql'): CatalogRows {
  const maria = flavor === 'mariadb';
  const column = (table: string, name: string, position: number, type: string, extra: Partial<CatalogRows['columns'][number]> = {}) => ({
    table_name: table, column_name: name, ordinal_position: position, column_default: null, is_nullable: 'YES', column_type: type, extra: '',
    generation_expression: null, character_set_name: null, collation_name: null, column_comment: '', ...extra,
  });
  const partition = (name: string, position: number, description: string): PartitionRow => ({
    table_name: 'log', partition_name: name, subpartition_name: null, partition_ordinal_position: position, subpartition_ordinal_position: null,
    partition_method: 'RANGE COLUMNS', subpartition_method: null, partition_expression: '`at`', subpartition_expression: null,
    partition_description: description, partition_comment: '',
  });
  return {
    tables: [
      { table_name: 'users', table_type: 'BASE TABLE', engine: 'InnoDB', table_collation: maria ? 'utf8mb3_general_ci' : 'utf8_general_ci', table_comment: 'people', create_options: 'row_format=COMPACT' },
      { table_name: 'log', table_type: 'BASE TABLE', engine: 'InnoDB', table_collation: 'utf8mb4_general_ci', table_comment: '', create_options: 'partitioned' },
      { table_name: 'v_users', table_type: 'VIEW', engine: null, table_collation: null, table_comment: 'VIEW', create_options: null },
    ],
    columns: [
      column('users', 'id', 1, maria ? 'int(11)' : 'int', { is_nullable: 'NO', extra: 'auto_increment' }),
      column('users', 'email', 2, 'varchar(100)', { character_set_name: maria ? 'utf8mb3' : 'utf8', collation_name: maria ? 'utf8mb3_bin' : 'utf8_bin', column_comment: 'login' }),
      column('log', 'at', 1, 'date', { is_nullable: 'NO' }),
      column('v_users', 'id', 1, maria ? 'int(11)' : 'int', { is_nullable: 'NO' }),
    ],
    statistics: [
      { table_name: 'users', index_name: 'PRIMARY', non_unique: 0, seq_in_index: 1, column_name: 'id', sub_part: null, collation: 'A', index_type: 'BTREE', expression: null },
      { table_name: 'users', index_name: 'email_ft', non_unique: 1, seq_in_index: 1, column_name: 'email', sub_part: null, collation: null, index_type: 'FULLTEXT', expression: null },
      { table_name: 'users', index_name: 'email_desc', non_unique: 1, seq_in_index: 1, column_name: 'email', sub_part: 10, collation: 'D', index_type: 'BTREE', expression: null },
      { table_name: 'log', index_name: 'PRIMARY', non_unique: 0, seq_in_index: 1, column_name: 'at', sub_part: null, collation: 'A', index_type: 'BTREE', expression: null },
    ],
    keyColumns: [],
    referential: [],
    checks: [],
    defaults: { collation: 'utf8mb4_general_ci', engine: 'InnoDB', connection: 'utf8mb4_unicode_ci' },
    views: [{ table_name: 'v_users', view_definition: 'select `app`.`users`.`id` AS `id` from `app`.`users` where `app`.`users`.`id` <> 0', check_option: 'NONE', security_type: 'INVOKER', algorithm: maria ? 'MERGE' : null, collation_connection: 'utf8mb4_unicode_ci' }],
    triggers: [{ trigger_name: 'users_bi', event_manipulation: 'INSERT', event_object_table: 'users', action_order: 1, action_statement: 'SET NEW.email = lower(NEW.email)', action_timing: 'BEFORE', collation_connection: 'utf8mb4_unicode_ci' }],
    routines: [{ routine_name: 'f', routine_type: 'FUNCTION', dtd_identifier: 'varchar(10)', character_set_name: maria ? 'utf8mb3' : 'utf8', collation_name: maria ? 'utf8mb3_general_ci' : 'utf8_general_ci',
      routine_definition: 'RETURN lpad(n, 10, 0)', is_deterministic: 'YES', sql_data_access: 'NO SQL', security_type: 'DEFINER', routine_comment: '', collation_connection: 'latin1_swedish_ci' }],
    parameters: [
      { specific_name: 'f', routine_type: 'FUNCTION', ordinal_position: 0, parameter_mode: null, parameter_name: null, dtd_identifier: 'varchar(10)', character_set_name: maria ? 'utf8mb3' : 'utf8', collation_name: maria ? 'utf8mb3_general_ci' : 'utf8_general_ci' },
      { specific_name: 'f', routine_type: 'FUNCTION', ordinal_position: 1, parameter_mode: 'IN', parameter_name: 'n', dtd_identifier: maria ? 'int(11)' : 'int', character_set_name: null, collation_name: null },
    ],
    events: [{ event_name: 'purge', event_definition: 'DELETE FROM log', event_type: 'RECURRING', execute_at: null, interval_value: '1', interval_field: 'DAY',
      starts: '2030-01-01 00:00:00', ends: null, status: maria ? 'SLAVESIDE_DISABLED' : 'REPLICA_SIDE_DISABLED', on_completion: 'PRESERVE', event_comment: '', collation_connection: 'utf8mb4_unicode_ci' }],
    partitions: [partition('p2020', 1, "'2021-01-01'"), partition('pmax', 2, 'MAXVALUE')],
  };
}

describe('the objects of MariaDB and MySQL 8 catalogs', () => {
  const maria = catalogSchema(catalog('mariadb'), { database: 'app', flavor: 'mariadb' });
  const mysql = catalogSchema(catalog('mysql'), { database: 'app', flavor: 'mysql' });

  it('become one model: diffing the two finds nothing', () => {
    expect(diffSchemas(maria.schema, mysql.schema)).toEqual([]);
  });

  it('keeps table options, column collations and comments, every index kind and partitioning', () => {
    const users = maria.schema.tables.find((table) => table.name === 'users')!;
    expect(users.options).toEqual({ engine: 'InnoDB', charset: 'utf8mb3', collation: 'utf8mb3_general_ci', comment: 'people', rowFormat: 'COMPACT' });
    expect(users.columns[1]).toMatchObject({ collation: 'utf8mb3_bin', comment: 'login' });
    expect(users.indexes.map((index) => [index.name, index.definition])).toEqual([['email_desc', '(`email`(10) DESC)'], ['email_ft', 'FULLTEXT (`email`)']]);
    expect(maria.schema.tables.find((table) => table.name === 'log')!.partitioning)
      .toBe("PARTITION BY RANGE COLUMNS(`at`) (PARTITION `p2020` VALUES LESS THAN ('2021-01-01'), PARTITION `pmax` VALUES LESS THAN (MAXVALUE))");
  });

  it('reads views, triggers, routines and events', () => {
    expect(maria.schema.views).toMatchObject([{ name: 'v_users', definition: 'select `users`.`id` AS `id` from `users` where `users`.`id` <> 0', algorithm: 'MERGE', security: 'INVOKER' }]);
    expect(mysql.schema.views[0]!.algorithm).toBeUndefined();
    expect(maria.schema.triggers).toEqual([{ name: 'users_bi', table: 'users', timing: 'BEFORE', event: 'INSERT', actionOrder: 1, body: 'SET NEW.email = lower(NEW.email)' }]);
    expect(mysql.schema.routines).toEqual([{ kind: 'FUNCTION', name: 'f', parameters: [{ name: 'n', type: 'int' }], returns: { type: 'varchar(10)', charset: 'utf8mb3', collation: 'utf8mb3_general_ci' },
      deterministic: true, dataAccess: 'NO SQL', security: 'DEFINER', comment: '', body: 'RETURN lpad(n, 10, 0)' }]);
    expect(maria.schema.events).toEqual([{ name: 'purge', schedule: { kind: 'EVERY', value: '1', unit: 'DAY', starts: "'2030-01-01 00:00:00'" }, preserve: true, status: 'DISABLE ON SLAVE', comment: '', body: 'DELETE FROM log' }]);
  });

  it('lists what it does not keep, with the reason', () => {
    expect(maria.unmodelled).toEqual([{ kind: 'connection collation', name: 'function f (latin1_swedish_ci)', reason: expect.stringContaining("migrate creates objects under its connection's utf8mb4_unicode_ci") }]);
    const odd = catalog('mariadb');
    const withOptions: CatalogRows = { ...odd, tables: [{ ...odd.tables[0]!, create_options: 'stats_persistent=0 row_format=DYNAMIC' }, ...odd.tables.slice(1)],
      columns: [...odd.columns, { ...odd.columns[1]!, column_name: 'secret', ordinal_position: 3, extra: 'INVISIBLE' }] };
    expect(catalogSchema(withOptions, { database: 'app', flavor: 'mariadb' }).unmodelled.map((item) => `${item.kind} ${item.name}`))
      .toEqual(['table option users (stats_persistent=0)', 'column users.secret (INVISIBLE)', 'connection collation function f (latin1_swedish_ci)']);
  });
});

describe('partitioning', () => {
  const row = (name: string, position: number, extra: Partial<PartitionRow> = {}): PartitionRow => ({
    table_name: 't', partition_name: name, subpartition_name: null, partition_ordinal_position: position, subpartition_ordinal_position: null,
    partition_method: 'HASH', subpartition_method: null, partition_expression: 'year(`d`)', subpartition_expression: null,
    partition_description: null, partition_comment: '', ...extra,
  });

  it('writes the clause from the catalog rows, PARTITIONS n for default names', () => {
    expect(partitioningClause([row('p0', 1), row('p1', 2), row('p2', 3)])).toBe('PARTITION BY HASH (year(`d`)) PARTITIONS 3');
    expect(partitioningClause([row('a', 1, { partition_method: 'LIST', partition_description: '1,2' }), row('b', 2, { partition_method: 'LIST', partition_description: '3' })]))
      .toBe('PARTITION BY LIST (year(`d`)) (PARTITION `a` VALUES IN (1,2), PARTITION `b` VALUES IN (3))');
  });

  it("compares a clause as written with the server's", () => {
    expect(normalisePartitioning("partition by range columns(from_date) (partition p01 values less than ('1985-12-31'), partition p19 values less than maxvalue)"))
      .toBe(normalisePartitioning("PARTITION BY RANGE  COLUMNS(`from_date`)\n(PARTITION `p01` VALUES LESS THAN ('1985-12-31') ENGINE = InnoDB,\n PARTITION `p19` VALUES LESS THAN (MAXVALUE) ENGINE = InnoDB)"));
    expect(normalisePartitioning('PARTITION BY HASH (id) PARTITIONS 4')).not.toBe(normalisePartitioning('PARTITION BY HASH (id) PARTITIONS 8'));
  });
});
