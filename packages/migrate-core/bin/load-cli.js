// Loads the bundled CLI, dist/cli-bundle/cli.cjs (one CommonJS file: the compiled CLI and mysql2), compiled with
// the V8 code cache the build writes next to it, so that a command's start-up skips parsing and compiling most
// of the code. A cache V8 rejects (another Node version) or one older than the bundle is not used: the bundle is
// then compiled from its source, as Node would.
'use strict';
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'cli-bundle', 'cli.cjs');
const CACHE = `${BUNDLE}.cache`;

/**
 * How much bytecode a function runs before V8 considers optimizing it (TurboFan), 1 MiB: about 16 times V8
 * 11's default (Node 20), 8 times V8 12's. A command lives for a fraction of a second to a few seconds: with the
 * default, V8 optimizes hundreds of functions that run a few hundred times, on a second thread that takes CPU
 * from the database server on small machines, and the compiler's memory made peak RSS grow with the number of
 * migrations. Code that runs long (the lexer over a large file, a fleet of databases) is still optimized.
 * Measured in bench/README.md ("V8's tier-up").
 */
const INTERRUPT_BUDGET = 1024 * 1024;

/** V8 versions known to have `--interrupt-budget` (an unknown flag is reported on stderr, so none is guessed). */
const hasInterruptBudget = () => {
  const major = Number(process.versions.v8.split('.')[0]);
  return major >= 11 && major <= 13;
};

/**
 * The process's V8 settings, the same when the cache is written and when it is used (V8 rejects a cache made
 * under other flags). A command's live data is a few MiB, but over a long run V8 keeps doubling its young
 * generation (up to 16 MiB per semi-space), so peak memory would rise with the number of migrations: not
 * growing it keeps memory flat. The optimizing compiler starts later (INTERRUPT_BUDGET).
 */
function tuneV8() {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (hasInterruptBudget()) v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** @param {string} source @param {Buffer | undefined} cachedData */
function compile(source, cachedData) {
  // Node's CommonJS wrapper, plus the loader of packages that are ES modules only (see bundle-cli.mjs).
  const wrapped = `(function (exports, require, module, __filename, __dirname, importExternal) {${source}\n})`;
  return new vm.Script(wrapped, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) });
}

/** @param {import('node:vm').Script} script */
function evaluate(script) {
  const module = { exports: {} };
  const importExternal = (/** @type {string} */ specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE), importExternal);
  return /** @type {typeof import('../dist/cli/main.js') & { warm(): Promise<void> }} */ (module.exports);
}

/** The bundle is ASCII only (bundle-cli.mjs checks): latin1 reads it faster than UTF-8, as a one-byte string. */
const readSource = () => readFileSync(BUNDLE, 'latin1');

/** The cache, when it was written after the bundle. */
function readCache() {
  try {
    return statSync(CACHE).mtimeMs >= statSync(BUNDLE).mtimeMs ? readFileSync(CACHE) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @returns {{ cli: typeof import('../dist/cli/main.js'), codeCache: 'accepted' | 'rejected' | 'missing' } | undefined}
 *   undefined when the package is not built
 */
function loadCli() {
  tuneV8();
  let source;
  try {
    source = readSource();
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
  const cachedData = readCache();
  const script = compile(source, cachedData);
  const cli = evaluate(script);
  return { cli, codeCache: cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted' };
}

/**
 * Writes the code cache (the build runs it in a fresh process): the bundle is compiled and evaluated, the
 * modules a migration and a status load later are evaluated too (`warm`), and what V8 compiled is saved.
 */
async function writeCodeCache() {
  tuneV8();
  const script = compile(readSource(), undefined);
  await evaluate(script).warm();
  const temporary = `${CACHE}.tmp-${process.pid}`;
  writeFileSync(temporary, script.createCachedData());
  renameSync(temporary, CACHE);
}

module.exports = { loadCli, writeCodeCache };
