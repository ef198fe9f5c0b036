// Pure: GitHub Actions `paths` filter semantics, to tell which workflows a change runs (tests, dry runs).
// https://docs.github.com/actions/writing-workflows/workflow-syntax-for-github-actions#filter-pattern-cheat-sheet

/**
 * One glob as a RegExp: `**` any characters, `*` any except `/`, `?` one character except `/`, `[...]` a set.
 * @param {string} glob
 */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = /** @type {string} */ (glob[i]);
    if (char === '*' && glob[i + 1] === '*') {
      // `dir/**/x` also matches `dir/x`.
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', i);
      if (end === -1) throw new Error(`Unclosed [ in glob "${glob}".`);
      source += glob.slice(i, end + 1);
      i = end;
    } else {
      source += char.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * `(file) => boolean` for a `paths` list: patterns apply in order, a `!pattern` excludes, and the last match wins.
 * @param {readonly string[]} patterns
 */
export function compilePathFilter(patterns) {
  const compiled = patterns.map((pattern) => ({ negated: pattern.startsWith('!'), regexp: globToRegExp(pattern.replace(/^!/, '')) }));
  return (/** @type {string} */ file) => {
    let included = false;
    for (const { negated, regexp } of compiled) if (regexp.test(file)) included = !negated;
    return included;
  };
}

/**
 * True when any changed file passes the filter: the workflow runs.
 * @param {readonly string[]} patterns
 * @param {readonly string[]} changedFiles
 */
export function pathsMatch(patterns, changedFiles) {
  const filter = compilePathFilter(patterns);
  return changedFiles.some(filter);
}
