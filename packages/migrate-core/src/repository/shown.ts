// Paths as messages and --json show them: relative to the workspace root when it is known.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `path` relative to the workspace root `root` when known, else as it is. */
export function shownPath(path: string, root: string | undefined): string {
  if (!root) return path;
  return plainTail(path, root) ?? relative(root, path);
}

/** A segment that is empty, `.` or `..`, or a separator at the end: a path relative() would normalise. */
const UNNORMALISED = /(?:^|\/)\.{0,2}(?:\/|$)/;

/**
 * What relative(root, path) gives for a path the repository built under the root (`<root>/services/a/...`),
 * without its cost: relative() resolves and normalises both paths, and a listing of hundreds of migrations
 * shows thousands of them. undefined when only relative() can tell (another separator, a root or a path that
 * is not plain).
 */
function plainTail(path: string, root: string): string | undefined {
  if (sep !== '/' || !path.startsWith(root) || path.charCodeAt(root.length) !== 47 /* / */) return undefined;
  const rest = path.slice(root.length + 1);
  return root.startsWith('/') && !UNNORMALISED.test(root.slice(1)) && !UNNORMALISED.test(rest) ? rest : undefined;
}

/**
 * `text` (a message of Node, a loader or the file system) with every path under `root`, plain or as a file://
 * URL, made relative to it: `Cannot find module '/ws/services/a/src/x.js'` -> `Cannot find module 'services/a/src/x.js'`.
 */
export function shownPathsIn(text: string, root: string | undefined): string {
  if (!root) return text;
  return text.replaceAll(`${pathToFileURL(root).href}/`, '').replaceAll(`${root}${sep}`, '');
}
