// drizzle-orm's own migrator, run the way a project using it runs it: a Node process, mysql2, migrate().
// Usage: BENCH_DATABASE_URL=mysql://root@host:port/db node drizzle-migrate.mjs <migrations folder>
import { createConnection } from 'mysql2/promise';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';

const [folder] = process.argv.slice(2);
const connection = await createConnection({ uri: process.env.BENCH_DATABASE_URL });
try {
  await migrate(drizzle(connection), { migrationsFolder: folder });
} finally {
  await connection.end();
}
