import type { Session } from '../db/session.js';
import { MigrateError } from '../errors.js';
import { flavorOf, readCatalog } from './catalog.js';
import { catalogSchema } from './from-catalog.js';
import type { Unmodelled } from '../schema/objects/unmodelled.js';
import type { CanonicalSchema, Flavor } from '../schema/canonical/model.js';
import { normaliseCollation, normaliseEngine } from '../schema/objects/tables/model.js';

/** What a table gets when it does not say: the database's default collation and the server's default engine. */
export interface DatabaseDefaults {
  readonly collation?: string;
  readonly engine?: string;
}

export interface IntrospectOptions {
  /** Tables that are not part of the schema: the ledger table. */
  readonly exclude?: readonly string[];
}

export interface Introspection {
  readonly schema: CanonicalSchema;
  /** What the database has that the model does not keep, with the reason. */
  readonly unmodelled: readonly Unmodelled[];
  readonly defaults: DatabaseDefaults;
  readonly flavor: Flavor;
  readonly serverVersion: string;
  /** Time spent reading and normalising the catalog. */
  readonly durationMs: number;
}

/**
 * Reads the schema of the session's database from information_schema and normalises it into the canonical
 * model (MariaDB and MySQL alike). Throws MigrateError('INTROSPECT') naming the database when the catalog
 * cannot be read.
 *
 * @example
 * const { schema } = await introspectDatabase(session, { exclude: ['_migrate_core_ledger'] });
 * schema.tables.map((table) => table.name);
 */
export async function introspectDatabase(session: Session, options: IntrospectOptions = {}): Promise<Introspection> {
  const started = performance.now();
  try {
    const serverVersion = await session.serverVersion();
    const flavor = flavorOf(serverVersion);
    const rows = await readCatalog(session, session.database, flavor);
    const { schema, unmodelled } = catalogSchema(rows, { database: session.database, flavor, exclude: options.exclude ?? [] });
    const defaults: DatabaseDefaults = {
      ...(rows.defaults?.collation ? { collation: normaliseCollation(rows.defaults.collation) } : {}),
      ...(rows.defaults?.engine ? { engine: normaliseEngine(rows.defaults.engine) } : {}),
    };
    return { schema, unmodelled, defaults, flavor, serverVersion, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    const reason = (error as { sqlMessage?: string }).sqlMessage ?? (error as Error).message;
    throw new MigrateError('INTROSPECT', `Cannot read the schema of database \`${session.database}\` from information_schema: ${reason}`,
      { cause: error, hint: `Check that user '${session.settings.user}' can read the database (GRANT SELECT ON \`${session.database}\`.* TO ...), then run the command again.` });
  }
}
