import { UsageError } from '../errors.js';

export const COMMANDS = ['generate', 'migrate', 'rollback', 'status', 'check', 'drift', 'plan', 'stamp', 'resolve'] as const;
export type CommandName = (typeof COMMANDS)[number];

type FlagType = 'string' | 'number' | 'boolean' | 'strings';
interface FlagSpec {
  readonly type: FlagType;
  readonly help: string;
  readonly value?: string;
}

const COMMON: Record<string, FlagSpec> = {
  service: { type: 'string', value: '<name>', help: 'the service (folder under services/); required' },
  json: { type: 'boolean', help: 'print one JSON document on stdout instead of text' },
  report: { type: 'string', value: '<file>', help: 'also write that JSON document to <file> ({service} becomes the service name)' },
  help: { type: 'boolean', help: 'show this help' },
};
const DATABASE: Record<string, FlagSpec> = {
  'create-database': { type: 'boolean', help: "create the service's database when it does not exist" },
};
const LOCKING: Record<string, FlagSpec> = {
  'lock-timeout': { type: 'number', value: '<seconds>', help: 'how long to wait for another run on the same database (default 60)' },
};

interface CommandSpec {
  readonly summary: string;
  readonly usage: string;
  readonly flags: Record<string, FlagSpec>;
  /** Names of positional arguments; extra positionals are refused. */
  readonly positionals: readonly string[];
  readonly examples: readonly string[];
}

export const SPECS: Record<CommandName, CommandSpec> = {
  generate: {
    summary: "diff the service's Drizzle schema against its last snapshot; write up SQL, down SQL and snapshot",
    usage: 'generate --service <name> [--name <text>] [--rename <from>=<to>]... [--no-renames] [--allow-data-loss] | --custom [--name <text>] | --accept-edits <id>',
    flags: {
      name: { type: 'string', value: '<text>', help: 'what the migration does; becomes the slug of its id (default "schema update")' },
      rename: { type: 'strings', value: '<from>=<to>', help: 'a rename, not a drop and a create: table `old=new` or column `table.old=table.new` (repeatable)' },
      'no-renames': { type: 'boolean', help: 'treat every removed-and-added pair as a drop and a create' },
      'allow-data-loss': { type: 'boolean', help: 'acknowledge destructive up statements (drop table/column, narrowing) in the file' },
      custom: { type: 'boolean', help: 'write an empty migration to fill in by hand (data changes, procedures); its snapshot is the previous one' },
      'accept-edits': { type: 'string', value: '<id>', help: "after a deliberate hand edit of <id>'s up.sql/down.sql: record their new checksums so check accepts them" },
      'from-database': { type: 'boolean', help: 'adopt an existing database: write src/schema.ts and a baseline migration from its tables' },
      ...DATABASE,
    },
    positionals: [],
    examples: [
      'nx run first:generate --name "First test created"',
      'nx run first:generate --name "rename title" --rename posts.title=posts.headline',
      'nx run first:generate --name "drop legacy" --allow-data-loss',
      'nx run first:generate --custom --name "backfill slugs"',
      'nx run first:generate --accept-edits 20261124190000_first_test_created',
    ],
  },
  migrate: {
    summary: 'apply pending migrations, to the latest or --to <id>',
    usage: 'migrate --service <name> [--to <id>] [--allow-out-of-order]',
    flags: {
      to: { type: 'string', value: '<id>', help: 'stop after this migration' },
      'allow-out-of-order': { type: 'boolean', help: 'apply pending migrations that sort before applied ones' },
      ...DATABASE,
      ...LOCKING,
    },
    positionals: [],
    examples: ['nx run first:migrate', 'nx run first:migrate --to 20261124183000_first_test_created', 'nx run-many -t migrate'],
  },
  rollback: {
    summary: 'run down migrations: --steps N (default 1), --to <id> (keeps <id>), or --to base',
    usage: 'rollback --service <name> [--steps <n> | --to <id>|base]',
    flags: {
      steps: { type: 'number', value: '<n>', help: 'how many migrations to roll back (default 1)' },
      to: { type: 'string', value: '<id>|base', help: 'roll back every migration applied after <id>; base rolls back all' },
      ...LOCKING,
    },
    positionals: [],
    examples: ['nx run first:rollback --steps=1', 'nx run first:rollback --to base'],
  },
  status: {
    summary: 'current version, applied and pending migrations, dirty state, issues',
    usage: 'status --service <name> [--json]',
    flags: { ...DATABASE },
    positionals: [],
    examples: ['nx run first:status', 'nx run-many -t status', 'npx migrate-core status --service first --json'],
  },
  check: {
    summary: 'offline CI gate: schema and migrations in sync, folder integrity, downs present, destructive statements acknowledged',
    usage: 'check --service <name> [--json]',
    flags: {},
    positionals: [],
    examples: ['nx run first:check', 'nx affected -t check', 'npx migrate-core check --service first --json'],
  },
  drift: {
    summary: 'compare the live database with the schema its applied migrations should have produced',
    usage: 'drift --service <name>',
    flags: {},
    positionals: [],
    examples: ['nx run first:drift'],
  },
  plan: {
    summary: 'print the exact SQL migrate (or rollback) would run, ledger statements included',
    usage: 'plan --service <name> [--sql] [--rollback] [--to <id>] [--steps <n>] [--offline --from <id>|base]',
    flags: {
      sql: { type: 'boolean', help: 'print only SQL, ready to run by hand' },
      rollback: { type: 'boolean', help: 'plan a rollback instead of a migrate' },
      to: { type: 'string', value: '<id>', help: 'as for migrate/rollback' },
      steps: { type: 'number', value: '<n>', help: 'as for rollback' },
      'allow-out-of-order': { type: 'boolean', help: 'as for migrate' },
      offline: { type: 'boolean', help: 'do not read the database; take its state from --from' },
      from: { type: 'string', value: '<id>|base', help: 'with --offline: the last migration applied (base: none)' },
    },
    positionals: [],
    examples: ['nx run first:plan --sql', 'nx run first:plan --sql --rollback --steps=2', 'nx run first:plan --sql --offline --from base'],
  },
  stamp: {
    summary: 'record migrations up to <id> as applied without running them (adopting an existing database)',
    usage: 'stamp --service <name> <id>',
    flags: { ...DATABASE, ...LOCKING },
    positionals: ['id'],
    examples: ['nx run first:stamp 20261124183000_baseline'],
  },
  resolve: {
    summary: 'after a repair by hand: mark a migration applied, or remove it from the ledger',
    usage: 'resolve --service <name> <id> --applied|--rolled-back',
    flags: {
      applied: { type: 'boolean', help: 'record it as applied (and accept its current checksum)' },
      'rolled-back': { type: 'boolean', help: 'remove it from the ledger' },
      ...LOCKING,
    },
    positionals: ['id'],
    examples: ['npx migrate-core resolve --service first 20261124183000_add_orders --rolled-back'],
  },
};

export type FlagValue = string | number | boolean | string[];

export interface ParsedArgs {
  readonly command: CommandName | 'help' | 'version';
  readonly service: string | undefined;
  readonly json: boolean;
  readonly help: boolean;
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
}

function setFlag(flags: Record<string, FlagValue>, name: string, spec: FlagSpec, raw: string | undefined, command: string): void {
  if (spec.type === 'boolean') {
    if (raw !== undefined && !['true', 'false'].includes(raw)) throw new UsageError(`--${name} takes no value (got "${raw}").`);
    flags[name] = raw !== 'false';
    return;
  }
  if (raw === undefined || raw === '') throw new UsageError(`--${name} needs a value: ${command} --${name} ${spec.value ?? '<value>'}.`);
  if (spec.type === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || (name === 'steps' && !Number.isInteger(n))) {
      throw new UsageError(`--${name} must be a positive ${name === 'steps' ? 'whole ' : ''}number (got "${raw}").`);
    }
    flags[name] = n;
    return;
  }
  if (spec.type === 'strings') {
    flags[name] = [...((flags[name] as string[] | undefined) ?? []), raw];
    return;
  }
  if (flags[name] !== undefined) throw new UsageError(`--${name} given twice.`);
  flags[name] = raw;
}

/** argv (after the binary) -> ParsedArgs, or a UsageError saying what is wrong and what is allowed. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    return { command: 'help', service: undefined, json: false, help: true, flags: {}, positionals: first === 'help' ? rest : [] };
  }
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version', service: undefined, json: false, help: false, flags: {}, positionals: [] };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`Unknown command "${first}".`, `Commands: ${COMMANDS.join(', ')}. Run \`migrate-core --help\`.`);
  }
  const command = first as CommandName;
  const spec = SPECS[command];
  const allowed: Record<string, FlagSpec> = { ...COMMON, ...spec.flags };
  const flags: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const flag = allowed[name];
    if (flag === undefined) {
      throw new UsageError(`Unknown option --${name} for ${command}.`, `Options: ${Object.keys(allowed).map((key) => `--${key}`).join(', ')}. Run \`migrate-core ${command} --help\`.`);
    }
    let raw = eq === -1 ? undefined : arg.slice(eq + 1);
    if (raw === undefined && flag.type !== 'boolean') {
      raw = rest[i + 1];
      if (raw !== undefined && raw.startsWith('--')) raw = undefined;
      else i++;
    }
    setFlag(flags, name, flag, raw, command);
  }
  if (positionals.length > spec.positionals.length) {
    throw new UsageError(`Unexpected argument "${positionals[spec.positionals.length]}" for ${command}.`, `Usage: migrate-core ${spec.usage}`);
  }
  const help = flags.help === true;
  const service = typeof flags.service === 'string' ? flags.service : undefined;
  if (!help && service === undefined) throw new UsageError(`${command} needs --service <name>.`, `Usage: migrate-core ${spec.usage}`);
  return { command, service, json: flags.json === true, help, flags, positionals };
}

/** Help for one command, or for the tool when `command` is undefined. */
export function helpText(command?: CommandName): string {
  if (command === undefined) {
    const width = Math.max(...COMMANDS.map((name) => name.length));
    return [
      'migrate-core: schema migrations for one database per service.',
      '',
      'Usage: npx migrate-core <command> --service <name> [options]   (from the workspace root)',
      '',
      'Commands:',
      ...COMMANDS.map((name) => `  ${name.padEnd(width)}  ${SPECS[name].summary}`),
      '',
      'Every command takes --json. Run `migrate-core <command> --help` for its options.',
      '',
      'Environment:',
      '  <SERVICE>_DATABASE_URL  full URL for one service, e.g. FIRST_DATABASE_URL=mysql://user:pass@host:3306/first',
      '  DATABASE_URL            the server for every service, e.g. mysql://user:pass@host:3306 (database = service)',
      '  neither                 the embedded dev database (tools/dev-db), started on demand; npm run db:stop stops it',
      '',
      'Exit codes: 0 done or nothing to do, 1 a migration failed, 2 usage or configuration error,',
      '            3 blocked (dirty, checksum mismatch, out-of-order, drift, check failed), 4 lock timeout.',
    ].join('\n');
  }
  const spec = SPECS[command];
  const flags = Object.entries({ ...spec.flags, ...COMMON });
  const width = Math.max(...flags.map(([name, flag]) => `--${name}${flag.value ? ` ${flag.value}` : ''}`.length));
  return [
    `migrate-core ${command}: ${spec.summary}`,
    '',
    `Usage: migrate-core ${spec.usage}`,
    '',
    'Options:',
    ...flags.map(([name, flag]) => `  ${`--${name}${flag.value ? ` ${flag.value}` : ''}`.padEnd(width)}  ${flag.help}`),
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}
