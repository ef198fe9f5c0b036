import type { Statement } from './model.js';

/** drizzle-kit's separator; we emit it too, and also split on `;` so hand-written files need nothing special. */
export const BREAKPOINT = '--> statement-breakpoint';
/** A comment line of the form `-- migrate-core: <directive>` gives a directive for the statement that follows. */
const DIRECTIVE = /^--\s*migrate-core:\s*(.+?)\s*$/;
const DML = /^(insert|update|delete|replace|with|select)\b/i;

export interface ParsedStatement extends Statement {
  /** Directives from `-- migrate-core: ...` lines just above the statement, e.g. `allow-data-loss`. */
  readonly directives: readonly string[];
}

interface Cursor {
  text: string;
  at: number;
  line: number;
}

/** Skips a quoted string or identifier starting at the cursor (the opening quote); handles `\` and doubling. */
function skipQuoted(c: Cursor): void {
  const quote = c.text[c.at]!;
  c.at++;
  while (c.at < c.text.length) {
    const ch = c.text[c.at]!;
    if (ch === '\n') c.line++;
    if (ch === '\\' && quote !== '`') {
      if (c.text[c.at + 1] === '\n') c.line++;
      c.at += 2;
      continue;
    }
    c.at++;
    if (ch === quote) {
      if (c.text[c.at] === quote) {
        c.at++;
        continue;
      }
      return;
    }
  }
}

function skipToLineEnd(c: Cursor): void {
  while (c.at < c.text.length && c.text[c.at] !== '\n') c.at++;
}

function skipBlockComment(c: Cursor): void {
  const end = c.text.indexOf('*/', c.at + 2);
  const stop = end === -1 ? c.text.length : end + 2;
  for (let i = c.at; i < stop; i++) if (c.text[i] === '\n') c.line++;
  c.at = stop;
}

function isLineComment(text: string, at: number): boolean {
  if (text[at] === '#') return true;
  return text.startsWith('--', at) && (at + 2 >= text.length || /\s/.test(text[at + 2]!) || text.startsWith(BREAKPOINT, at));
}

/**
 * Splits a migration file into statements, keeping the line each starts on. Understands quotes, backticks,
 * `--`, `#` and block comments, drizzle-kit's breakpoints, and the mysql client's `DELIMITER` lines (for
 * procedures and triggers). Comment-only chunks are dropped.
 */
export function splitStatements(body: string): ParsedStatement[] {
  const text = body.replace(/\r\n?/g, '\n');
  const c: Cursor = { text, at: 0, line: 1 };
  const out: ParsedStatement[] = [];
  let delimiter = ';';
  let start = -1;
  let startLine = 1;
  let directives: string[] = [];
  const flush = (end: number) => {
    if (start !== -1) {
      const sql = text.slice(start, end).trim();
      if (sql !== '') {
        out.push({ index: out.length + 1, sql, line: startLine, kind: DML.test(sql) ? 'dml' : 'ddl', directives });
      }
    }
    start = -1;
    directives = [];
  };
  while (c.at < text.length) {
    const ch = text[c.at]!;
    const atLineStart = c.at === 0 || text[c.at - 1] === '\n';
    if (start === -1 && atLineStart && /^delimiter\s+\S+/i.test(text.slice(c.at, c.at + 40))) {
      const lineEnd = text.indexOf('\n', c.at);
      delimiter = text.slice(c.at, lineEnd === -1 ? undefined : lineEnd).trim().split(/\s+/)[1]!;
      c.at = lineEnd === -1 ? text.length : lineEnd;
      continue;
    }
    if (ch === '\n') {
      c.line++;
      c.at++;
      continue;
    }
    if (start === -1 && /\s/.test(ch)) {
      c.at++;
      continue;
    }
    if (isLineComment(text, c.at)) {
      const from = c.at;
      skipToLineEnd(c);
      const comment = text.slice(from, c.at);
      if (comment.startsWith(BREAKPOINT)) flush(from);
      else if (start === -1) {
        const directive = DIRECTIVE.exec(comment);
        if (directive) directives.push(directive[1]!);
      }
      continue;
    }
    if (text.startsWith('/*', c.at) && !text.startsWith('/*!', c.at) && start === -1) {
      skipBlockComment(c);
      continue;
    }
    if (start === -1) {
      start = c.at;
      startLine = c.line;
    }
    if (text.startsWith(delimiter, c.at)) {
      flush(c.at);
      c.at += delimiter.length;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') skipQuoted(c);
    else if (text.startsWith('/*', c.at)) skipBlockComment(c);
    else c.at++;
  }
  flush(text.length);
  return out;
}
