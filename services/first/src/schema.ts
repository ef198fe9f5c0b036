import { int, mysqlTable, text } from 'drizzle-orm/mysql-core';

export const test = mysqlTable('test', {
  id: int('id').autoincrement().primaryKey(),
  name: text('name'),
});
