// View definitions: the database's own name taken out of the server's fully qualified text, and one spelling
// for comparing a definition as written with the server's rewrite of it.
import { tokenize, type Token } from '../tokens.js';
import type { CanonicalView } from './model.js';

const isName = (token: Token | undefined) => token !== undefined && (token.kind === 'ident' || token.kind === 'word');

/**
 * The definition without `\`db\`.` qualifiers: the server writes columns as `db`.`table`.`column`, tables as
 * `db`.`table` and stored functions as `db`.`function`(...). A two-part name keeps its first part unless it
 * names one of `objects` (the database's tables, views and routines) or a call: `employees`.`emp_no` in a
 * database `employees` is a column of table `employees`.
 */
export function stripDatabase(definition: string, database: string, objects: ReadonlySet<string>): string {
  const tokens = tokenize(definition);
  const cut: Array<[number, number]> = [];
  tokens.forEach((token, i) => {
    if (!isName(token) || token.value !== database && token.text !== database) return;
    if (tokens[i - 1]?.text === '.' || tokens[i + 1]?.text !== '.' || !isName(tokens[i + 2])) return;
    const threePart = tokens[i + 3]?.text === '.' && isName(tokens[i + 4]);
    const second = tokens[i + 2]!;
    const objectName = second.kind === 'ident' ? second.value : second.text;
    if (threePart || objects.has(objectName) || tokens[i + 3]?.text === '(') cut.push([token.start, tokens[i + 1]!.end]);
  });
  let out = '';
  let at = 0;
  for (const [start, end] of cut) {
    out += definition.slice(at, start);
    at = end;
  }
  return out + definition.slice(at);
}

/** Keywords after which a parenthesis groups (it is not a call): `on(`, `in (`, `where (`. */
const GROUPING = new Set(['ON', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'FROM', 'JOIN', 'SELECT', 'WHEN', 'THEN', 'ELSE', 'EXISTS', 'HAVING', 'BY', 'AS', 'XOR', 'IS', 'LIKE', 'BETWEEN', 'CASE', 'ALL', 'ANY', 'DISTINCT', 'UNION', 'SET', 'RETURN']);

function withoutGroupingParens(tokens: readonly Token[]): Token[] {
  const drop = new Set<number>();
  const stack: Array<{ index: number; grouping: boolean }> = [];
  tokens.forEach((token, i) => {
    if (token.text === '(') {
      const before = tokens[i - 1];
      const grouping = before === undefined || before.kind === 'punct' || before.kind === 'string' || (before.kind === 'word' && GROUPING.has(before.value));
      stack.push({ index: i, grouping });
    } else if (token.text === ')') {
      const open = stack.pop();
      if (open?.grouping) drop.add(open.index).add(i);
    }
  });
  return tokens.filter((_, i) => !drop.has(i));
}

/**
 * A view definition in one spelling, to compare what a schema declares with what the server keeps: no
 * qualifiers (`t`.`c` -> c), no aliases that repeat the column (`c` AS `c`), no grouping parentheses, no
 * charset introducers, lower case outside strings, `!=` as `<>`.
 */
export function normaliseViewDefinition(definition: string): string {
  const tokens = withoutGroupingParens(tokenize(definition));
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isName(token) && tokens[i + 1]?.text === '.' && (isName(tokens[i + 2]) || tokens[i + 2]?.text === '*')) {
      i++;
      continue;
    }
    if (token.kind === 'word' && /^_[a-z0-9]+$/i.test(token.text) && tokens[i + 1]?.kind === 'string') continue;
    const text = token.kind === 'string' ? `'${token.value}'` : token.kind === 'ident' ? token.value.toLowerCase() : token.text.toLowerCase();
    if (words.at(-1) === 'as' && words.at(-2) === text) {
      words.pop();
      continue;
    }
    words.push(text);
  }
  return words.join(' ').replace(/ ?([(),.=<>!+\-*/%]) ?/g, '$1').replace(/!=/g, '<>');
}

/** A view with its comparison key. */
export function canonicalView(view: Omit<CanonicalView, 'normalized'>): CanonicalView {
  return { ...view, normalized: normaliseViewDefinition(view.definition) };
}
