import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/errors.js';
import { DEFAULT_FLAVOR, type Flavor } from '../../src/sql/flavor.js';
import { decodeSqlFile } from '../../src/sql/decode.js';
import type { SqlStatement } from '../../src/sql/model.js';
import { scanStatements, statementsOf } from '../../src/sql/scan.js';

// Golden corpus (Atlas style): test/fixtures/sql/<name>.sql is scanned and rendered, statement by statement,
// and compared with <name>.golden (MariaDB 10.11) and, where present, <name>.mysql-8.0.golden (MySQL 8.0).
// After a deliberate change, rewrite the goldens with UPDATE_GOLDEN=1 and review the diff.

const DIR = fileURLToPath(new URL('../fixtures/sql/', import.meta.url));
const FLAVORS: Record<string, Flavor> = { '': DEFAULT_FLAVOR, '.mysql-8.0': { family: 'mysql', version: 80036 } };
const inputs = readdirSync(DIR).filter((name) => name.endsWith('.sql')).sort();

function renderStatement(s: SqlStatement): string {
  const fields = [`${s.index}`, `${s.start.line}:${s.start.col}`, s.class, s.subject === undefined || s.keyword.endsWith(s.subject) ? s.keyword : `${s.keyword} (${s.subject})`];
  if (s.compound) fields.push('compound');
  fields.push(`delimiter ${JSON.stringify(s.delimiter)}`);
  if (s.directives.length > 0) fields.push(`directives ${s.directives.join(', ')}`);
  if (s.ddl && s.ddl.targets.length > 0) {
    const names = s.ddl.targets.map((t) => `${t.kind} ${t.schema === undefined ? '' : `${t.schema}.`}${t.name}`);
    fields.push(`targets ${names.join(', ')}${s.ddl.orReplace ? ' (or replace)' : ''}${s.ddl.withSelect ? ' (with select)' : ''}`);
  }
  return `-- ${fields.join(' | ')}\n${s.sql}\n-- end --\n`;
}

function render(name: string, flavor: Flavor): string {
  try {
    const items = scanStatements(decodeSqlFile(readFileSync(DIR + name), name), { flavor, file: name });
    return statementsOf(items).map(renderStatement).join('');
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    return `error: ${error.message}\n`;
  }
}

describe('golden SQL corpus', () => {
  for (const input of inputs) {
    for (const [suffix, flavor] of Object.entries(FLAVORS)) {
      const golden = DIR + input.replace(/\.sql$/, `${suffix}.golden`);
      if (suffix !== '' && !existsSync(golden)) continue;
      it(`${input} on ${flavor.family} ${flavor.version}`, () => {
        const actual = render(input, flavor);
        if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden, actual);
        expect(actual).toBe(readFileSync(golden, 'utf8'));
      });
    }
  }
});

describe('lossless scanning of the corpus', () => {
  const readable = inputs.filter((name) => !name.startsWith('error-'));
  for (const input of readable) {
    it(`${input}: items put together give the file back, with LF and with CRLF`, () => {
      const text = decodeSqlFile(readFileSync(DIR + input), input);
      const crlf = text.replace(/\r?\n/g, '\r\n');
      for (const flavor of Object.values(FLAVORS)) {
        for (const variant of [text, crlf]) {
          const items = scanStatements(variant, { flavor });
          expect(items.map((item) => item.raw).join('')).toBe(variant);
          expect(items.every((item) => variant.startsWith(item.raw, item.start.offset))).toBe(true);
        }
        const lf = statementsOf(scanStatements(text.replace(/\r\n/g, '\n'), { flavor }));
        const cr = statementsOf(scanStatements(crlf, { flavor }));
        expect(cr.map((s) => [s.start.line, s.class, s.keyword])).toEqual(lf.map((s) => [s.start.line, s.class, s.keyword]));
      }
    });
  }
});
