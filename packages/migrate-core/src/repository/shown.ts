// Paths as messages and --json show them: relative to the workspace root when it is known.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `path` relative to the workspace root `root` when known, else as it is. */
export function shownPath(path: string, root: string | undefined): string {
  return root ? relative(root, path) : path;
}

/**
 * `text` (a message of Node, a loader or the file system) with every path under `root`, plain or as a file://
 * URL, made relative to it: `Cannot find module '/ws/services/a/src/x.js'` -> `Cannot find module 'services/a/src/x.js'`.
 */
export function shownPathsIn(text: string, root: string | undefined): string {
  if (!root) return text;
  return text.replaceAll(`${pathToFileURL(root).href}/`, '').replaceAll(`${root}${sep}`, '');
}
