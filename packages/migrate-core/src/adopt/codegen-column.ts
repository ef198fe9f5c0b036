import type { CanonicalColumn, CanonicalDefault } from '../schema/canonical/model.js';
import { baseType, parseQuotedList, quoteSqlString } from '../schema/canonical/types.js';
import { templateBody, tsString } from './names.js';

/** What a piece of generated code needs from the file: builder imports, `sql`, the `rawType` helper. */
export interface CodeNeeds {
  readonly builders: Set<string>;
  sql: boolean;
  rawType: boolean;
  readonly warnings: string[];
}

/** An empty collector of what generated code needs. */
export function newNeeds(): CodeNeeds {
  return { builders: new Set(), sql: false, rawType: false, warnings: [] };
}

const INTEGER = /^(tinyint|smallint|mediumint|int|bigint)( unsigned)?$/;
const DECIMAL = /^decimal\((\d+),(\d+)\)( unsigned)?$/;
const FLOATING = /^(double|float)(?:\((\d+),(\d+)\))?( unsigned)?$/;
const SIZED = /^(varchar|char|binary|varbinary)\((\d+)\)$/;
const TEXT = /^(text|tinytext|mediumtext|longtext)$/;
const TEMPORAL = /^(datetime|timestamp)(?:\((\d)\))?$/;
const TIME = /^time(?:\((\d)\))?$/;
const BLOB = /blob$|binary|^bit/;

function options(entries: Array<[string, string | undefined]>): string {
  const set = entries.filter((entry): entry is [string, string] => entry[1] !== undefined);
  return set.length === 0 ? '' : `, { ${set.map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
}

/** The builder call for a canonical type, or null when drizzle-orm has no builder for it. */
function builderFor(type: string, name: string, needs: CodeNeeds): string | null {
  const n = tsString(name);
  const use = (builder: string, rest = '') => {
    needs.builders.add(builder);
    return `${builder}(${n}${rest})`;
  };
  let m: RegExpExecArray | null;
  if (type === 'boolean' || type === 'json' || type === 'year') return use(type);
  if (type === 'date') return use('date', options([['mode', "'string'"]]));
  if ((m = INTEGER.exec(type))) {
    // mode 'number' as drizzle-kit pull writes it: values beyond 2^53 need mode 'bigint'.
    return use(m[1]!, options([['mode', m[1] === 'bigint' ? "'number'" : undefined], ['unsigned', m[2] ? 'true' : undefined]]));
  }
  if ((m = DECIMAL.exec(type))) return use('decimal', options([['precision', m[1]], ['scale', m[2]], ['unsigned', m[3] ? 'true' : undefined]]));
  if ((m = FLOATING.exec(type))) return use(m[1]!, options([['precision', m[2]], ['scale', m[3]], ['unsigned', m[4] ? 'true' : undefined]]));
  if ((m = SIZED.exec(type))) return use(m[1]!, options([['length', m[2]]]));
  if ((m = TEXT.exec(type))) return use(m[1]!);
  if ((m = TEMPORAL.exec(type))) return use(m[1]!, options([['mode', "'string'"], ['fsp', m[2]]]));
  if ((m = TIME.exec(type))) return use('time', options([['fsp', m[1]]]));
  if ((m = /^enum\((.*)\)$/s.exec(type))) return use('mysqlEnum', `, [${parseQuotedList(m[1]!).map(tsString).join(', ')}]`);
  return null;
}

function sqlDefault(text: string, needs: CodeNeeds): string {
  needs.sql = true;
  return `.default(sql\`${templateBody(text)}\`)`;
}

function numberDefault(value: CanonicalDefault, base: string, raw: boolean, needs: CodeNeeds): string {
  if (raw) return sqlDefault(value.value, needs);
  if (base === 'boolean') return `.default(${value.value === '0' ? 'false' : 'true'})`;
  // A decimal keeps its written form (`0.00`, as the database shows it); the comparison ignores it.
  const written = value.sql.replace(/^'(.*)'$/, '$1');
  if (base === 'decimal') return `.default(${tsString(/^-?\d+(\.\d+)?$/.test(written) ? written : value.value)})`;
  return numberDefaultOf(value.value, needs);
}

function numberDefaultOf(value: string, needs: CodeNeeds): string {
  return String(Number(value)) === value ? `.default(${value})` : sqlDefault(value, needs);
}

function defaultCode(column: CanonicalColumn, raw: boolean, needs: CodeNeeds): string {
  const value: CanonicalDefault | null = column.default;
  if (value === null) return '';
  const base = baseType(column.type);
  if (value.kind === 'number') return numberDefault(value, base, raw, needs);
  if (value.kind === 'string') {
    // drizzle-orm quotes string defaults but does not escape backslashes; JSON and binary need SQL literals.
    if (raw || base === 'json' || BLOB.test(base) || value.value.includes('\\')) {
      return sqlDefault(base === 'json' ? `(${quoteSqlString(value.value)})` : quoteSqlString(value.value), needs);
    }
    return `.default(${tsString(value.value)})`;
  }
  const now = /^current_timestamp(?:\((\d)\))?$/.exec(value.value);
  if (now && column.type === 'timestamp' && now[1] === undefined) return '.defaultNow()';
  if (now) return sqlDefault(`CURRENT_TIMESTAMP${now[1] ? `(${now[1]})` : ''}`, needs);
  return sqlDefault(`(${value.sql})`, needs);
}

/**
 * The Drizzle code of one column: builder, then `.notNull()`, default, `.onUpdateNow()`, `.autoincrement()`,
 * `.primaryKey()` (a one-column key) and `.generatedAlwaysAs()`. Types without a builder (blobs, SET, BIT,
 * spatial) use the file's `rawType` helper, a customType that declares the type as the database has it.
 */
export function columnCode(column: CanonicalColumn, table: string, soleKey: boolean, needs: CodeNeeds): string {
  let code = builderFor(column.type, column.name, needs);
  const raw = code === null;
  if (code === null) {
    needs.rawType = true;
    code = `rawType<${BLOB.test(baseType(column.type)) ? 'Buffer' : 'string'}>(${tsString(column.type)})(${tsString(column.name)})`;
  }
  if (column.notNull && !soleKey) code += '.notNull()';
  code += defaultCode(column, raw, needs);
  // ON UPDATE on a DATETIME is in tables.json: drizzle-orm declares it only on timestamp columns.
  if (column.onUpdateNow && /^timestamp/.test(column.type)) code += '.onUpdateNow()';
  if (column.autoIncrement && raw) needs.warnings.push(`${table}.${column.name}: AUTO_INCREMENT left out (no drizzle-orm builder for ${column.type}).`);
  else if (column.autoIncrement) code += '.autoincrement()';
  if (soleKey) code += '.primaryKey()';
  if (column.generated) {
    needs.sql = true;
    code += `.generatedAlwaysAs(sql\`${templateBody(column.generated.sql)}\`, { mode: '${column.generated.stored ? 'stored' : 'virtual'}' })`;
  }
  return code;
}
