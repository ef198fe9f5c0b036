// Reading the imports of a service's TypeScript/JavaScript files without a compiler: the specifiers, and which file
// a relative one names. Used for check's cache inputs (schema-sources.mjs) and for dependencies between services.
import { statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** `import ... from '<spec>'`, `export ... from '<spec>'`, `import('<spec>')`, `import '<spec>'`. */
const IMPORT_SPECIFIER = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;
export const SOURCE_FILE = /\.(?:[cm]?ts|[cm]?js|tsx|jsx)$/;
const EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
/** TypeScript's rule: `./x.js` in a .ts file names `./x.ts`. */
const TS_FOR_JS = /** @type {const} */ ([['.js', ['.ts', '.tsx']], ['.mjs', ['.mts']], ['.cjs', ['.cts']], ['.jsx', ['.tsx']]]);

/**
 * The module specifiers a source file imports. Comments are not parsed; an import written in a comment counts,
 * which can only add a dependency or an input, never lose one.
 * @param {string} text
 * @returns {string[]}
 */
export function importSpecifiers(text) {
  return [...text.matchAll(IMPORT_SPECIFIER)].map((match) => match[1] ?? match[2] ?? match[3] ?? '').filter(Boolean);
}

/**
 * The files a relative specifier may name, most likely first: as written, with an extension added, `.js` read as
 * `.ts`, or a folder's index.
 * @param {string} file workspace-relative, `/`-separated
 * @param {string} specifier starting with `.`
 * @returns {string[]} workspace-relative
 */
export function candidateFiles(file, specifier) {
  const base = posix.normalize(posix.join(posix.dirname(file), specifier));
  const swapped = TS_FOR_JS.filter(([js]) => base.endsWith(js)).flatMap(([js, tsList]) => tsList.map((ts) => base.slice(0, -js.length) + ts));
  return [base, ...swapped, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => `${base}/index${ext}`)];
}

/**
 * The existing file a relative specifier in `file` names, or undefined.
 * @param {string} workspaceRoot
 * @param {string} file workspace-relative
 * @param {string} specifier
 * @returns {string | undefined} workspace-relative
 */
export function resolveRelativeImport(workspaceRoot, file, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  return candidateFiles(file, specifier).find((candidate) => isFile(join(workspaceRoot, candidate)));
}

/** @param {string} path */
function isFile(path) {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
