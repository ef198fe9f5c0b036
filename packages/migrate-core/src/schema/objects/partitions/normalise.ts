import { tokenize } from '../tokens.js';

/**
 * A PARTITION BY clause in one spelling for comparison: lower case outside strings, no backticks, no blanks
 * around punctuation, no `ENGINE = <engine>` per partition (every partition has the table's engine), MAXVALUE
 * in parentheses.
 */
export function normalisePartitioning(clause: string): string {
  const tokens = tokenize(clause);
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'word' && (token.value === 'ENGINE' || (token.value === 'STORAGE' && tokens[i + 1]?.value === 'ENGINE'))) {
      i += token.value === 'STORAGE' ? 1 : 0;
      if (tokens[i + 1]?.text === '=') i++;
      i++;
      continue;
    }
    words.push(token.kind === 'string' ? `'${token.value}'` : token.kind === 'ident' ? token.value.toLowerCase() : token.text.toLowerCase());
  }
  // VALUES LESS THAN MAXVALUE is VALUES LESS THAN (MAXVALUE).
  return words.join(' ').replace(/ ?([(),=]) ?/g, '$1').replace(/less than maxvalue/g, 'less than(maxvalue)');
}
