// Bundles the compiled CLI (dist/cli/main.js) and mysql2 into dist/cli-bundle/, which bin/migrate-core.js runs.
// Node loads one file faster than the ~100 modules of mysql2 and the CLI (about 15 ms of every command's
// start-up, measured with `npm run bench`). Heavy dependencies that only some commands need stay outside and
// load on demand: drizzle-kit and drizzle-orm (generate), tsx (loading schema.ts), zod (explaining a bad
// config) and @repo/dev-db (the embedded database).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * mysql2 requires Node's `tls` when it loads, which costs a few milliseconds of every start-up, though most
 * connections are plain. Inside the bundle its `require('tls')` gets an object that loads `tls` on first use.
 * @type {import('esbuild').Plugin}
 */
const lazyTlsForMysql2 = {
  name: 'lazy-tls-for-mysql2',
  setup(build) {
    build.onResolve({ filter: /^(node:)?tls$/ }, (args) => (/[\\/]node_modules[\\/]mysql2[\\/]/.test(args.importer) ? { path: 'tls', namespace: 'lazy-tls' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-tls' }, () => ({
      loader: 'js',
      contents: "let tls; module.exports = new Proxy({}, { get: (_target, key) => (tls ??= require('node:tls'))[key] });",
    }));
  },
};
const outdir = join(pkg, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  // The drizzle-kit worker is its own entry: kit.ts starts `./kit-worker.js` next to the chunk it is bundled into.
  entryPoints: { main: join(pkg, 'dist', 'cli', 'main.js'), 'kit-worker': join(pkg, 'dist', 'schema', 'drizzle', 'kit-worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['drizzle-kit', 'drizzle-kit/*', 'drizzle-orm', 'drizzle-orm/*', 'tsx', 'tsx/*', 'zod', '@repo/dev-db'],
  // mysql2 is CommonJS and requires Node's built-ins: give the ESM bundle a `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [lazyTlsForMysql2],
  logLevel: 'warning',
});
