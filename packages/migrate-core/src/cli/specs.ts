// Every command of the CLI, declared once: what it does, its options and the rules between them, its
// positional arguments, examples. Parsing, help and each command's typed options all come from here.
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
const ID = { name: 'id', value: '<id>', help: 'a migration id, e.g. 20261124190000_first_test_created' } as const;

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
    },
    rules: [
      { option: 'from-database', excludes: ['rename', 'no-renames', 'allow-data-loss', 'custom', 'accept-edits'] },
      { option: 'create-database', needs: 'from-database', because: 'generate alone never connects to a database' },
      { option: 'accept-edits', excludes: ['name', 'rename', 'no-renames', 'allow-data-loss', 'custom'] },
      { option: 'custom', excludes: ['rename', 'no-renames', 'allow-data-loss'] },
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
    usage: 'migrate --service <name> [--to <id>] [--allow-out-of-order] [--create-database] [--lock-timeout <seconds>] [--server-timeout <seconds>]',
    options: {
      to: { type: 'string', value: '<id>', help: 'stop after this migration' },
      'allow-out-of-order': { type: 'boolean', help: 'apply pending migrations that sort before applied ones' },
      ...CREATE_DATABASE,
      ...LOCK_TIMEOUT,
      ...SERVER_TIMEOUT,
    },
    examples: ['nx run first:migrate', 'nx run first:migrate --to 20261124183000_first_test_created', 'nx run-many -t migrate'],
  }),
  rollback: command({
    summary: 'run down migrations: --steps N (default 1), --to <id> (keeps <id>), or --to base',
    usage: 'rollback --service <name> [--steps <n> | --to <id>|base] [--lock-timeout <seconds>] [--server-timeout <seconds>]',
    options: {
      steps: { type: 'number', value: '<n>', whole: true, help: 'how many migrations to roll back (default 1)' },
      to: { type: 'string', value: '<id>|base', help: 'roll back every migration applied after <id>; base rolls back all' },
      ...LOCK_TIMEOUT,
      ...SERVER_TIMEOUT,
    },
    rules: [{ option: 'steps', excludes: ['to'] }],
    examples: ['nx run first:rollback --steps=1', 'nx run first:rollback --to base'],
  }),
  status: command({
    summary: 'current version, applied and pending migrations, dirty state, issues',
    usage: 'status --service <name> [--json]',
    options: { ...CREATE_DATABASE },
    examples: ['nx run first:status', 'nx run-many -t status', 'npx migrate-core status --service first --json'],
  }),
  check: command({
    summary: 'offline CI gate: schema and migrations in sync, folder integrity, downs present, destructive statements acknowledged',
    usage: 'check --service <name> [--json]',
    options: {},
    examples: ['nx run first:check', 'nx affected -t check', 'npx migrate-core check --service first --json'],
  }),
  drift: command({
    summary: 'compare the live database with the schema its applied migrations should have produced',
    usage: 'drift --service <name> [--json]',
    options: {},
    examples: ['nx run first:drift'],
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
    },
    rules: [
      { option: 'steps', excludes: ['to'] },
      { option: 'offline', needs: 'from', because: 'the last migration the database has; base for none' },
      { option: 'from', needs: 'offline', because: 'online, the database says what is applied' },
    ],
    examples: ['nx run first:plan --sql', 'nx run first:plan --sql --rollback --steps=2', 'nx run first:plan --sql --offline --from base'],
  }),
  stamp: command({
    summary: 'record migrations up to <id> as applied without running them (adopting an existing database)',
    usage: 'stamp --service <name> <id> [--create-database] [--lock-timeout <seconds>]',
    options: { ...CREATE_DATABASE, ...LOCK_TIMEOUT },
    positionals: [{ ...ID, help: 'the last migration to record as applied' }],
    examples: ['nx run first:stamp 20261124183000_baseline'],
  }),
  resolve: command({
    summary: 'after a repair by hand: mark a migration applied or remove it from the ledger; or decide a statement whose outcome is unknown',
    usage: 'resolve --service <name> <id> --applied|--rolled-back|--statement-done|--statement-not-done [--lock-timeout <seconds>]',
    options: {
      applied: { type: 'boolean', help: 'record it as applied (and accept its current checksum)' },
      'rolled-back': { type: 'boolean', help: 'remove it from the ledger' },
      'statement-done': { type: 'boolean', help: 'its unfinished run: the statement in doubt took effect; the next run goes on after it' },
      'statement-not-done': { type: 'boolean', help: 'its unfinished run: the statement in doubt did not take effect; the next run runs it' },
      ...LOCK_TIMEOUT,
    },
    positionals: [{ ...ID, help: 'the migration to resolve' }],
    rules: [{ oneOf: ['applied', 'rolled-back', 'statement-done', 'statement-not-done'] }],
    nxTarget: false,
    examples: ['npx migrate-core resolve --service first 20261124183000_add_orders --rolled-back',
      'npx migrate-core resolve --service first 20261124183000_add_orders --statement-not-done'],
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
