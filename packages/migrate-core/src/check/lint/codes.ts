// What each lint code means and the safer recipe (expand, then contract) its warning explains.
import type { LintCode, LintLevel } from '../../config/lint-codes.js';
import type { ServiceConfig } from '../../config/service-config.js';

/** The directive that acknowledges lint warnings of a statement: `-- migrate-core: allow TABLE_COPY NEW_UNIQUE`. */
export const ALLOW_DIRECTIVE = 'allow';

/** The safer way to make each change, printed with every warning of its code. */
export const LINT_RECIPES: Readonly<Record<LintCode, string>> = {
  NOT_NULL_NO_DEFAULT: 'Expand, then contract: add the column as NULL (or with a DEFAULT), deploy code that writes it, backfill the existing rows, ' +
    'and make it NOT NULL in a later migration.',
  NEW_UNIQUE: 'Find and fix duplicates first (SELECT <columns>, COUNT(*) FROM <table> GROUP BY <columns> HAVING COUNT(*) > 1), deploy code that ' +
    'no longer writes them, then add the unique index in a migration of its own. Seed rows in migrate.config.json ("seed") let check show the failure.',
  NARROW_TYPE: 'Expand, then contract: add a column of the new type, backfill it with values checked to fit, switch the code to it, and drop ' +
    'the old column in a later migration.',
  DROP_COLUMN: 'Contract last: first deploy code that no longer reads or writes the column (an ORM that selects every mapped column ' +
    'must stop mapping it), then drop it in a later migration.',
  DROP_TABLE: 'Contract last: first deploy code that no longer uses the table, keep a backup if its rows may be needed, then drop it in ' +
    'a later migration.',
  TABLE_COPY: 'Avoid copying a large table during traffic: split the change into steps the server does in place (ALGORITHM=INSTANT or ' +
    'INPLACE, LOCK=NONE), run it in a quiet window, or use an online schema change tool (gh-ost, pt-online-schema-change).',
  NO_PRIMARY_KEY: 'Give the table a primary key (an id column or its natural key): without one InnoDB uses a hidden row id, row-based ' +
    'replication scans the table for every changed row, and online schema change tools refuse the table.',
};

/** The level of `code` for a service: its config's `lint`, else `warn`. */
export function lintLevel(config: Pick<ServiceConfig, 'lint'>, code: LintCode): LintLevel {
  return config.lint?.[code] ?? 'warn';
}
