// The entry of the CLI bundle (scripts/bundle-cli.mjs): the CLI's main, and `warm`, which only the code cache
// writer calls (bin/load-cli.js): it evaluates what a migration, a status and a rollback load on demand, so that
// their code is compiled into the cache too.
export { main } from '../dist/cli/main.js';

export async function warm() {
  await Promise.all([
    import('mysql2/promise'), import('../dist/cli/commands/migrate.js'), import('../dist/cli/commands/status.js'),
    import('../dist/cli/commands/rollback.js'), import('../dist/cli/all/run-all.js'),
  ]);
}
