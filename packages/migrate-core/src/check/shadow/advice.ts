// What to do about the server errors the shadow proof meets most, by the server's error: said next to the
// generic fix, since "the server refused it" alone does not tell how to write it instead.
import { ERRNO, type ServerErrorName } from '../../db/server-errors.js';

const ADVICE: Readonly<Partial<Record<ServerErrorName, string>>> = {
  ER_FK_COLUMN_CANNOT_CHANGE: 'The column is part of a foreign key: drop the foreign key, change the column on both sides, then add the key back, in this order in one migration.',
  ER_FK_COLUMN_CANNOT_CHANGE_CHILD: 'The column is referenced by a foreign key: drop the foreign key, change the column on both sides, then add the key back, in this order in one migration.',
  ER_FK_INCOMPATIBLE_COLUMNS: 'The columns of a foreign key must keep the same type on both sides: change both in one migration, with the key dropped meanwhile.',
  ER_BLOB_KEY_WITHOUT_LENGTH: 'TEXT and BLOB columns cannot be keys without a prefix length: make the column varchar(n), or index a prefix.',
  ER_VIEW_NONUPD_CHECK: 'WITH CHECK OPTION needs an updatable view: remove it, or drop ALGORITHM=TEMPTABLE (and aggregates) from the view.',
  ER_DUP_ENTRY: 'The rows already there hold duplicates for the new unique key: clean them up first (in an earlier migration), then add the key.',
  ER_INVALID_USE_OF_NULL: 'Rows already there hold NULL: backfill them (UPDATE ... WHERE <column> IS NULL) in an earlier migration, then make the column NOT NULL.',
  WARN_DATA_TRUNCATED: 'Values already there do not fit the new type: convert or clean them first, or widen instead of narrowing.',
  ER_PARSE_ERROR: 'The server does not accept this syntax. If it is written for the other server family, set "target" in migrate.config.json (mariadb or mysql) and generate again.',
  ER_WRONG_FIELD_SPEC: 'The server rejects this column definition as written: check NULL/NOT NULL and DEFAULT against the column type.',
};

const BY_NUMBER: ReadonlyMap<number, string> = new Map(Object.entries(ADVICE).map(([name, advice]) => [ERRNO[name as ServerErrorName], advice]));

/** Advice for the server error in `message` (`ER_DUP_ENTRY (1062): ...`, by its number), or ''. */
export function adviceFor(message: string): string {
  const errno = /\b[A-Z][A-Z0-9_]* \((\d+)\):/.exec(message)?.[1];
  const advice = errno === undefined ? undefined : BY_NUMBER.get(Number(errno));
  return advice === undefined ? '' : ` ${advice}`;
}
