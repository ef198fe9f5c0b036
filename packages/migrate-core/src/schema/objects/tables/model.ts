// Table and column options: what drizzle-orm's schema language cannot say about a table (engine, character set
// and collation, comment, row format) or a column (character set and collation, comment).

export interface TableOptions {
  /** As the server names it: `InnoDB`, `MyISAM`, `MEMORY`, `Aria`. */
  readonly engine?: string;
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  /** Only when given explicitly (CREATE_OPTIONS), upper case: `DYNAMIC`, `COMPRESSED`. */
  readonly rowFormat?: string;
}

export interface ColumnOptions {
  readonly charset?: string;
  readonly collation?: string;
  readonly comment?: string;
  /**
   * `CURRENT_TIMESTAMP` (or with a precision) for a DATETIME column updated on every change: drizzle-orm's
   * onUpdateNow() exists only on TIMESTAMP columns.
   */
  readonly onUpdate?: string;
}

/** What a service's tables.json says about one table besides its options. */
export interface TableObjects extends TableOptions {
  readonly columns?: Readonly<Record<string, ColumnOptions>>;
  /** Indexes drizzle-orm cannot declare, by name: `FULLTEXT (\`title\`, \`body\`)`, `(\`name\`(10) DESC)`. */
  readonly indexes?: Readonly<Record<string, string>>;
  /** The PARTITION BY clause, e.g. `PARTITION BY RANGE COLUMNS(\`from\`) (PARTITION \`p1\` VALUES LESS THAN ('2000-01-01'), ...)`. */
  readonly partitioning?: string;
}

const ENGINES = ['InnoDB', 'MyISAM', 'MEMORY', 'Aria', 'ARCHIVE', 'CSV', 'BLACKHOLE', 'FEDERATED', 'MRG_MyISAM', 'ROCKSDB', 'CONNECT', 'SEQUENCE'];

/** The engine as the server names it: `innodb` -> `InnoDB`, `heap` -> `MEMORY`. */
export function normaliseEngine(engine: string): string {
  const lower = engine.trim().toLowerCase();
  if (lower === 'heap') return 'MEMORY';
  if (lower === 'merge') return 'MRG_MyISAM';
  return ENGINES.find((known) => known.toLowerCase() === lower) ?? engine.trim();
}

/** `utf8` is `utf8mb3` on MariaDB 10.6+ and MySQL 8.0.30+: one spelling. */
export function normaliseCharset(charset: string): string {
  const lower = charset.trim().toLowerCase();
  return lower === 'utf8' ? 'utf8mb3' : lower;
}

export function normaliseCollation(collation: string): string {
  const lower = collation.trim().toLowerCase();
  return lower.startsWith('utf8_') ? `utf8mb3_${lower.slice(5)}` : lower;
}

/** The character set a collation belongs to: `utf8mb4_general_ci` -> `utf8mb4`. */
export function charsetOf(collation: string): string {
  const normalised = normaliseCollation(collation);
  return normalised === 'binary' ? 'binary' : normalised.split('_')[0]!;
}

export function normaliseRowFormat(rowFormat: string): string {
  return rowFormat.trim().toUpperCase();
}

/** Options in one spelling, unset ones left out, the charset implied by a collation filled in. */
export function normaliseTableOptions(options: TableOptions): TableOptions {
  const collation = options.collation === undefined ? undefined : normaliseCollation(options.collation);
  const charset = options.charset !== undefined ? normaliseCharset(options.charset) : collation === undefined ? undefined : charsetOf(collation);
  return {
    ...(options.engine === undefined ? {} : { engine: normaliseEngine(options.engine) }),
    ...(charset === undefined ? {} : { charset }),
    ...(collation === undefined ? {} : { collation }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    ...(options.rowFormat === undefined ? {} : { rowFormat: normaliseRowFormat(options.rowFormat) }),
  };
}

export function normaliseColumnOptions(options: ColumnOptions): ColumnOptions {
  const { engine: _engine, rowFormat: _rowFormat, ...column } = normaliseTableOptions(options);
  return { ...column, ...(options.onUpdate ? { onUpdate: options.onUpdate.trim().toUpperCase() } : {}) };
}

/** What a table gets when it does not say: the database's default collation and the server's default engine. */
export interface DatabaseDefaults {
  readonly collation?: string;
  readonly engine?: string;
}

const CHARACTER_TYPES = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);

/** Whether a column of this canonical type has a character set and collation (`json` has a fixed one). */
export function isCharacterType(type: string): boolean {
  return CHARACTER_TYPES.has(/^[a-z]+/.exec(type)?.[0] ?? '');
}
