// Text helpers shared by the object kinds: bodies compared without layout, and a short view of where two
// texts part.

import { tokenize } from './tokens.js';

/**
 * A routine, trigger or event body in one spelling, to compare: its tokens one space apart, comments left out,
 * string literals by their value and without charset introducers (information_schema shows `_latin1'a\nb'`
 * with a real newline as `'a\nb'`: no introducer, the newline escaped).
 */
export function normaliseBody(body: string): string {
  const tokens = tokenize(body);
  return tokens
    .filter((token, i) => !(token.kind === 'word' && /^_[a-z0-9]+$/i.test(token.text) && tokens[i + 1]?.kind === 'string'))
    .map((token) => (token.kind === 'string' ? JSON.stringify(token.value) : token.text)).join(' ');
}

/** The line holding offset `at`, shortened to about 80 characters around it. */
function lineAt(text: string, at: number): { line: number; text: string } {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = text.indexOf('\n', at);
  const from = Math.max(start, at - 30);
  const to = Math.min(end === -1 ? text.length : end, at + 50);
  return { line, text: `${from > start ? '...' : ''}${text.slice(from, to).trim()}${to < (end === -1 ? text.length : end) ? '...' : ''}` };
}

/**
 * Where two texts first differ (blanks ignored), as `line N: <expected line> | <actual line>`; undefined when
 * they are the same but for blanks.
 */
export function firstDifference(expected: string, actual: string): string | undefined {
  if (normaliseBody(expected) === normaliseBody(actual)) return undefined;
  const a = expected.replace(/\r\n?/g, '\n');
  const b = actual.replace(/\r\n?/g, '\n');
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && /\s/.test(a[i]!)) i++;
    while (j < b.length && /\s/.test(b[j]!)) j++;
    if (i >= a.length || j >= b.length || a[i] !== b[j]) break;
    i++;
    j++;
  }
  const [left, right] = [lineAt(a, Math.min(i, a.length)), lineAt(b, Math.min(j, b.length))];
  return `line ${left.line}: ${left.text || '(end)'} | line ${right.line}: ${right.text || '(end)'}`;
}

/** `differs at <where>` for a difference message, or `differs` when only blanks differ. */
export function differsAt(detail: string | undefined): string {
  return detail === undefined ? 'differs' : `differs at ${detail}`;
}
