// The same N one-table migrations, written in each contender's format.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE_TIME = Date.UTC(2026, 0, 1);

/** `t0001` @param {number} i */
const tableName = (i) => `t${String(i).padStart(4, '0')}`;

/** The one statement of migration i (1-based). @param {number} i */
export function upSql(i) {
  const t = tableName(i);
  return `CREATE TABLE \`${t}\` (\n  \`id\` int AUTO_INCREMENT NOT NULL,\n  \`name\` text,\n  CONSTRAINT \`${t}_id\` PRIMARY KEY(\`id\`)\n);\n`;
}

/** @param {number} i */
export function downSql(i) {
  return `DROP TABLE \`${tableName(i)}\`;\n`;
}

/** `20260101000001_create_t0001`: our id format, one second apart. @param {number} i */
export function migrationId(i) {
  const stamp = new Date(BASE_TIME + i * 1000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}_create_${tableName(i)}`;
}

/** @param {string} path @param {string} text */
function write(path, text) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/**
 * A workspace the CLI (and Nx, with `nx: true`) can run in: nx.json, services/<name>/{package.json,
 * migrate.config.json, migrations/<id>/{up,down}.sql}, node_modules linked to the repository's.
 * @param {string} dir
 * @param {string} root the repository
 * @param {Record<string, { database: string, count: number }>} services
 * @param {{ nx?: boolean }} [options]
 */
export function writeWorkspace(dir, root, services, options = {}) {
  mkdirSync(dir, { recursive: true });
  if (options.nx) {
    cpSync(join(root, 'nx.json'), join(dir, 'nx.json'));
    cpSync(join(root, 'tools', 'nx-plugin'), join(dir, 'tools', 'nx-plugin'), { recursive: true });
  } else {
    writeFileSync(join(dir, 'nx.json'), '{}\n');
  }
  // Nx finds the plugin's own project (services depend on it implicitly) through the workspaces globs.
  const workspaces = options.nx ? { workspaces: ['tools/*', 'services/*'] } : {};
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-workspace', private: true, type: 'module', ...workspaces })}\n`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, { database, count }] of Object.entries(services)) {
    const service = join(dir, 'services', name);
    write(join(service, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' })}\n`);
    write(join(service, 'migrate.config.json'), `${JSON.stringify({ database })}\n`);
    mkdirSync(join(service, 'migrations'), { recursive: true });
    for (let i = 1; i <= count; i++) {
      const folder = join(service, 'migrations', migrationId(i));
      write(join(folder, 'up.sql'), upSql(i));
      write(join(folder, 'down.sql'), downSql(i));
    }
  }
}

/** Every up statement in one file, for `mariadb db < file`. @param {string} file @param {number} n */
export function writeSqlFile(file, n) {
  write(file, Array.from({ length: n }, (_, i) => upSql(i + 1)).join(''));
}

/**
 * A drizzle-kit migrations folder (journal format version 7): meta/_journal.json and NNNN_<tag>.sql.
 * @param {string} dir @param {number} n
 */
export function writeDrizzleFolder(dir, n) {
  const entries = [];
  for (let i = 1; i <= n; i++) {
    const tag = `${String(i - 1).padStart(4, '0')}_create_${tableName(i)}`;
    write(join(dir, `${tag}.sql`), upSql(i));
    entries.push({ idx: i - 1, version: '5', when: BASE_TIME + i * 1000, tag, breakpoints: true });
  }
  write(join(dir, 'meta', '_journal.json'), `${JSON.stringify({ version: '7', dialect: 'mysql', entries }, null, 2)}\n`);
}

const ALEMBIC_ENV = `# Minimal online env.py: the URL comes from BENCH_ALEMBIC_URL.
import os
from alembic import context
from sqlalchemy import create_engine, pool

engine = create_engine(os.environ["BENCH_ALEMBIC_URL"], poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
`;

/**
 * An Alembic project: alembic.ini, env.py, one revision file per migration (op.execute of the same SQL).
 * @param {string} dir @param {number} n
 */
export function writeAlembicProject(dir, n) {
  write(join(dir, 'alembic.ini'), '[alembic]\nscript_location = %(here)s/alembic\n');
  write(join(dir, 'alembic', 'env.py'), ALEMBIC_ENV);
  for (let i = 1; i <= n; i++) {
    const revision = `r${String(i).padStart(4, '0')}`;
    const down = i === 1 ? 'None' : `"r${String(i - 1).padStart(4, '0')}"`;
    write(join(dir, 'alembic', 'versions', `${revision}_create_${tableName(i)}.py`), [
      'from alembic import op', '',
      `revision = "${revision}"`, `down_revision = ${down}`, 'branch_labels = None', 'depends_on = None', '', '',
      'def upgrade():', `    op.execute("""${upSql(i).trim()}""")`, '', '',
      'def downgrade():', `    op.execute("""${downSql(i).trim()}""")`, '',
    ].join('\n'));
  }
}
