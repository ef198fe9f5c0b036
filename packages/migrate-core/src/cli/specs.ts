// Every command of the CLI, declared once: what it does, its options and the rules between them, its
// positional arguments, examples. Parsing, help and each command's typed options all come from here.
import { DEFAULT_FLEET_CONCURRENCY, MAX_FLEET_CONCURRENCY } from '../config/fleet-config.js';
import type { OptionRule, OptionSpecs, OptionValues, PositionalSpec, PositionalValues } from './options.js';

export interface CommandSpec<O extends OptionSpecs = OptionSpecs, P extends readonly PositionalSpec[] = readonly PositionalSpec[]> {
  readonly summary: string;
  readonly usage: string;
  readonly options: O;
  readonly positionals: P;
  readonly rules: readonly OptionRule<keyof O & string>[];
  readonly examples: readonly string[];
  /** The Nx plugin gives every service a target of this name (`nx run <service>:<command>`). */
  readonly nxTarget: boolean;
}

/** Keeps the literal option names and types of a declaration, so that its options object is typed. */
function command<const O extends OptionSpecs, const P extends readonly PositionalSpec[] = readonly []>(
  spec: Omit<CommandSpec<O, P>, 'positionals' | 'rules' | 'nxTarget'> & Partial<Pick<CommandSpec<O, P>, 'positionals' | 'rules' | 'nxTarget'>>,
): CommandSpec<O, P> {
  return { ...spec, positionals: spec.positionals ?? ([] as unknown as P), rules: spec.rules ?? [], nxTarget: spec.nxTarget ?? true };
}

/** Options every command takes. */
export const COMMON = {
  service: { type: 'string', value: '<name>', help: 'the service (folder under services/); required' },
  json: { type: 'boolean', help: 'print one JSON document on stdout instead of text' },
  report: { type: 'string', value: '<file>', help: 'also write that JSON document to <file> ({service} becomes the service name; for a fleet: one entry per database, mergeable with `report --merge`)' },
  help: { type: 'boolean', short: 'h', help: 'show this help (needs no --service and no database)' },
} as const satisfies OptionSpecs;

const CREATE_DATABASE = {
  'create-database': { type: 'boolean', help: "create the service's database when it does not exist" },
} as const satisfies OptionSpecs;
const LOCK_TIMEOUT = {
  'lock-timeout': { type: 'number', value: '<seconds>', max: 31_536_000, help: 'how long to wait for another run on the same database, at most a year (default: lockTimeout of the config, 60)' },
} as const satisfies OptionSpecs;
const SERVER_TIMEOUT = {
  'server-timeout': { type: 'number', value: '<seconds>', help: 'give up when the server stops answering for this long during a statement; a working statement is never stopped (default: serverTimeout of the config, 60)' },
} as const satisfies OptionSpecs;
const ALL = {
  all: { type: 'boolean', help: 'every service of the workspace, concurrently in one process, each on its own connection (instead of --service)' },
} as const satisfies OptionSpecs;
const ID = { name: 'id', value: '<id>', help: 'a migration id, e.g. 20261124190000_first_test_created' } as const;

/** A fleet (a service with many databases): which databases, how many at once, this runner's shard, a report. */
const DATABASE = {
  database: { type: 'string', value: '<name>', help: 'only this database of a fleet (a new one with --create-database)' },
} as const satisfies OptionSpecs;
const FLEET = {
  ...DATABASE,
  concurrency: { type: 'number', value: '<n>', whole: true, help: `a fleet: how many databases at once (default: concurrency of the config, else ${DEFAULT_FLEET_CONCURRENCY}; at most ${MAX_FLEET_CONCURRENCY})` },
  'allow-high-concurrency': { type: 'boolean', help: `allow --concurrency above ${MAX_FLEET_CONCURRENCY} (each is a connection and a migration on the server)` },
  shard: { type: 'string', value: '<i>/<n>', help: "a fleet: only shard i of n (a stable split by name; one runner per shard)" },
} as const satisfies OptionSpecs;
const ROLLOUT = {
  ...FLEET,
  canary: { type: 'number', value: '<k>', whole: true, help: 'a fleet: the first k databases first; the rest only if they all pass' },
  'continue-on-error': { type: 'boolean', help: 'a fleet: try every database, collecting failures (default: no new database starts after a failure)' },
} as const satisfies OptionSpecs;
/**
 * The rollout flags on a read-only command: accepted, so that one set of fleet flags works with every database
 * command, and without effect, since a read-only command reads every database and changes none.
 */
const READ_ONLY_ROLLOUT = {
  ...ROLLOUT,
  canary: { ...ROLLOUT.canary, help: 'accepted as for migrate; without effect here: every database is read, none is changed' },
  'continue-on-error': { ...ROLLOUT['continue-on-error'], help: 'accepted as for migrate; without effect here: every database is always read' },
} as const satisfies OptionSpecs;
/** One database and a fleet run exclude each other. */
const HIGH_CONCURRENCY = { option: 'allow-high-concurrency', needs: 'concurrency', because: 'it only lifts the limit of --concurrency' } as const;
const NARROWED_ROLLOUT = [{ option: 'database', excludes: ['shard', 'concurrency', 'canary', 'continue-on-error'] }, HIGH_CONCURRENCY] as const satisfies readonly OptionRule<keyof typeof ROLLOUT>[];

export const SPECS = {
  generate: command({
    summary: "diff the service's Drizzle schema against its last snapshot; write up SQL, down SQL and snapshot",
    usage: 'generate --service <name> [--name <text>] [--rename <from>=<to>]... [--no-renames] [--allow-data-loss] | --custom [--name <text>] | --accept-edits <id> | --from-database [--name <text>] [--create-database]',
    options: {
      name: { type: 'string', value: '<text>', help: 'what the migration does; becomes the slug of its id (default "schema update")' },
      rename: { type: 'strings', value: '<from>=<to>', help: 'a rename, not a drop and a create: table `old=new` or column `table.old=table.new` (repeatable)' },
      'no-renames': { type: 'boolean', help: 'treat every removed-and-added pair as a drop and a create' },
      'allow-data-loss': { type: 'boolean', help: 'acknowledge destructive up statements (drop table/column, narrowing) in the file' },
      custom: { type: 'boolean', help: 'write an empty migration to fill in by hand (data changes, procedures); its snapshot is the previous one' },
      'accept-edits': { type: 'string', value: '<id>', help: "after a deliberate hand edit of <id>'s up.sql/down.sql: record their new checksums so check accepts them" },
      'from-database': { type: 'boolean', help: 'adopt an existing database: write src/schema.ts and a baseline migration from its tables' },
      ...CREATE_DATABASE,
      ...DATABASE,
    },
    rules: [
      { option: 'database', needs: 'from-database', because: 'generate alone never connects to a database' },
      { option: 'from-database', excludes: ['rename', 'no-renames', 'allow-data-loss', 'custom', 'accept-edits'] },
      { option: 'create-database', needs: 'from-database', because: 'generate alone never connects to a database' },
      { option: 'accept-edits', excludes: ['name', 'rename', 'no-renames', 'allow-data-loss', 'custom'] },
      { option: 'custom', excludes: ['rename', 'no-renames', 'allow-data-loss'] },
      // --no-renames says there are none: a rename given with it would be ignored or contradict it.
      { option: 'no-renames', excludes: ['rename'] },
    ],
    examples: [
      'nx run first:generate --name "First test created"',
      'nx run first:generate --name "rename title" --rename posts.title=posts.headline',
      'nx run first:generate --name "drop legacy" --allow-data-loss',
      'nx run first:generate --custom --name "backfill slugs"',
      'nx run first:generate --accept-edits 20261124190000_first_test_created',
    ],
  }),
  migrate: command({
    summary: 'apply pending migrations, to the latest or --to <id>',
    usage: 'migrate --service <name> | --all [--to <id>] [--allow-out-of-order] [--create-database] [--lock-timeout <seconds>] [--server-timeout <seconds>] [fleet options]',
    options: {
      to: { type: 'string', value: '<id>', help: 'stop after this migration' },
      'allow-out-of-order': { type: 'boolean', help: 'apply pending migrations that sort before applied ones' },
      ...CREATE_DATABASE,
      ...LOCK_TIMEOUT,
      ...ROLLOUT,
      ...ALL,
      ...SERVER_TIMEOUT,
    },
    rules: [{ option: 'all', excludes: ['to'] }, ...NARROWED_ROLLOUT],
    examples: ['nx run first:migrate', 'nx run first:migrate --to 20261124183000_first_test_created', 'nx run-many -t migrate', 'npx migrate-core migrate --all',
      'nx run tenants:migrate --canary 5', 'nx run tenants:migrate --shard 2/4 --report report-2.json', 'nx run tenants:migrate --database acme --create-database'],
  }),
  rollback: command({
    summary: 'run down migrations: --steps N (default 1), --to <id> (keeps <id>), or --to base',
    usage: 'rollback --service <name> [--steps <n> | --to <id>|base] [--allow-data-loss] [--lock-timeout <seconds>] [--server-timeout <seconds>] [fleet options]',
    options: {
      steps: { type: 'number', value: '<n>', whole: true, help: 'how many migrations to roll back (default 1)' },
      to: { type: 'string', value: '<id>|base', help: 'roll back every migration applied after <id>; base rolls back all' },
      'allow-data-loss': { type: 'boolean', help: 'run down statements that drop tables or columns (with their rows) without asking' },
      ...LOCK_TIMEOUT,
      ...ROLLOUT,
      ...SERVER_TIMEOUT,
    },
    rules: [{ option: 'steps', excludes: ['to'] }, ...NARROWED_ROLLOUT],
    examples: ['nx run first:rollback --steps=1', 'nx run first:rollback --to base', 'nx run first:rollback --steps=1 --allow-data-loss'],
  }),
  status: command({
    summary: 'current version, applied and pending migrations, dirty state, issues',
    usage: 'status --service <name> | --all [--drift] [--html <file>] [--json] [--database <name> | --shard <i>/<n> --concurrency <n>]',
    options: {
      ...CREATE_DATABASE,
      ...READ_ONLY_ROLLOUT,
      ...ALL,
      drift: { type: 'boolean', help: 'with --all: also compare each live database with the schema its migrations should have produced' },
      html: { type: 'string', value: '<file>', help: 'with --all: also write one self-contained HTML page (a card per service, its timeline and ER diagram)' },
    },
    rules: [
      { option: 'drift', needs: 'all', because: 'for one service, run drift' },
      { option: 'html', needs: 'all', because: 'the page shows every service' },
      ...NARROWED_ROLLOUT,
    ],
    examples: ['nx run first:status', 'nx run-many -t status', 'npx migrate-core status --service first --json', 'npx migrate-core status --all --html status.html',
      'npx migrate-core status --service tenants --json'],
  }),
  check: command({
    summary: 'CI gate: schema and migrations in sync, folder integrity, every migration proven up, down and up again on a shadow server, lint warnings',
    usage: 'check --service <name> [--no-shadow] [--json]',
    options: {
      'no-shadow': { type: 'boolean', help: 'skip the shadow proof (no server is started; the output says the proof was skipped)' },
    },
    examples: ['nx run first:check', 'nx affected -t check', 'npx migrate-core check --service first --json',
      'SHADOW_DATABASE_URL=mysql://root@127.0.0.1:3306 npx migrate-core check --service first'],
  }),
  drift: command({
    summary: 'compare the live database with the schema its applied migrations should have produced',
    usage: 'drift --service <name> [--json] [--database <name> | fleet options]',
    options: { ...READ_ONLY_ROLLOUT },
    rules: NARROWED_ROLLOUT,
    examples: ['nx run first:drift', 'nx run tenants:drift --database acme'],
  }),
  plan: command({
    summary: 'print the exact SQL migrate (or rollback) would run, ledger statements included',
    usage: 'plan --service <name> [--sql] [--rollback] [--to <id>|base | --steps <n>] [--allow-out-of-order] [--offline --from <id>|base]',
    options: {
      sql: { type: 'boolean', help: 'print only SQL, ready to run by hand' },
      rollback: { type: 'boolean', help: 'plan a rollback instead of a migrate' },
      to: { type: 'string', value: '<id>|base', help: 'as for migrate/rollback' },
      steps: { type: 'number', value: '<n>', whole: true, help: 'as for rollback (with migrate: apply the next <n>)' },
      'allow-out-of-order': { type: 'boolean', help: 'as for migrate' },
      offline: { type: 'boolean', help: 'do not read the database; take its state from --from' },
      from: { type: 'string', value: '<id>|base', help: 'with --offline: the last migration applied (base: none)' },
      ...READ_ONLY_ROLLOUT,
    },
    rules: [
      ...NARROWED_ROLLOUT,
      { option: 'offline', excludes: ['shard', 'concurrency', 'canary', 'continue-on-error'] },
      { option: 'steps', excludes: ['to'] },
      { option: 'offline', needs: 'from', because: 'the last migration the database has; base for none' },
      { option: 'from', needs: 'offline', because: 'online, the database says what is applied' },
    ],
    examples: ['nx run first:plan --sql', 'nx run first:plan --sql --rollback --steps=2', 'nx run first:plan --sql --offline --from base'],
  }),
  stamp: command({
    summary: 'record migrations up to <id> as applied without running them (adopting an existing database)',
    usage: 'stamp --service <name> <id> [--create-database] [--lock-timeout <seconds>] [fleet options]',
    options: { ...CREATE_DATABASE, ...LOCK_TIMEOUT, ...ROLLOUT },
    rules: NARROWED_ROLLOUT,
    positionals: [{ ...ID, help: 'the last migration to record as applied' }],
    examples: ['nx run first:stamp 20261124183000_baseline'],
  }),
  resolve: command({
    summary: 'after a repair by hand: mark a migration applied or remove it from the ledger; or decide a statement whose outcome is unknown',
    usage: 'resolve --service <name> <id> --applied|--rolled-back|--statement-done|--statement-not-done [--lock-timeout <seconds>] [--database <name> | fleet options]',
    options: {
      applied: { type: 'boolean', help: 'record it as applied (and accept its current checksum)' },
      'rolled-back': { type: 'boolean', help: 'remove it from the ledger' },
      'statement-done': { type: 'boolean', help: 'its unfinished run: the statement in doubt took effect; the next run goes on after it' },
      'statement-not-done': { type: 'boolean', help: 'its unfinished run: the statement in doubt did not take effect; the next run runs it' },
      ...LOCK_TIMEOUT,
      ...ROLLOUT,
    },
    positionals: [{ ...ID, help: 'the migration to resolve' }],
    rules: [{ oneOf: ['applied', 'rolled-back', 'statement-done', 'statement-not-done'] }, ...NARROWED_ROLLOUT],
    nxTarget: false,
    examples: ['npx migrate-core resolve --service first 20261124183000_add_orders --rolled-back', 'npx migrate-core resolve --service tenants --database acme 20261124183000_add_orders --applied',
      'npx migrate-core resolve --service first 20261124183000_add_orders --statement-not-done'],
  }),
  report: command({
    summary: "merge the JSON reports of a fleet run's shards (--shard i/n --report <file>) into one, and summarise it",
    usage: 'report --service <name> --merge <file|folder>... [--out <file>] [--json]',
    options: {
      merge: { type: 'strings', value: '<file|folder>', help: 'a report, or a folder whose *.json files are reports (repeatable)' },
      out: { type: 'string', value: '<file>', help: 'write the merged report to <file>' },
    },
    rules: [{ oneOf: ['merge'] }],
    nxTarget: false,
    examples: ['npx migrate-core report --service tenants --merge reports/ --out fleet-report.json'],
  }),
  rebase: command({
    summary: 'put a migration made on a parallel branch on top of the others: a new id after the latest, its snapshot rebuilt (its SQL unchanged)',
    usage: 'rebase --service <name> <id> [--keep-id]',
    options: {
      'keep-id': { type: 'boolean', help: 'for a migration a shared environment already ran: keep its id, relink its snapshot onto the migration before it' },
    },
    positionals: [{ ...ID, help: 'the migration to move; without --keep-id, one that no shared environment ran (refused when this database ran it)' }],
    nxTarget: false,
    examples: ['npx migrate-core rebase --service first 20261124183000_add_orders', 'npx migrate-core rebase --service first 20261124183000_add_orders --keep-id'],
  }),
};

export type CommandName = keyof typeof SPECS;
export const COMMANDS = Object.keys(SPECS) as CommandName[];

/** The typed options object `run` of command `C` receives (its positionals included, by name). */
export type CommandOptions<C extends CommandName> = Flat<OptionValues<(typeof SPECS)[C]['options']> & PositionalValues<(typeof SPECS)[C]['positionals']>>;
type Flat<T> = { [K in keyof T]: T[K] };

export const isCommand = (name: string): name is CommandName => Object.hasOwn(SPECS, name);
