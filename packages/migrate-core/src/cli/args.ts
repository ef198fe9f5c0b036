// The command line: which command, help (`-h`/`--help` anywhere, `help <command>`), `--version`, and the
// command's typed options.
import { UsageError } from '../errors.js';
import { checkRules, parseOptions } from './options.js';
import { COMMANDS, COMMON, isCommand, SPECS, type CommandName, type CommandOptions } from './specs.js';
import { closest } from './suggest.js';

/** A command to run, with its typed options. */
export type RunLine = {
  readonly [C in CommandName]: {
    readonly kind: 'run';
    readonly command: C;
    readonly service: string;
    readonly json: boolean;
    /** `--report <file>`: where to write the JSON document too. */
    readonly report: string | undefined;
    readonly options: CommandOptions<C>;
  };
}[CommandName];

/** The commands that take `--all`. */
export type AllCommand = 'migrate' | 'status';

/** `migrate --all`, `status --all`: the command for every service of the workspace. */
export type AllLine = {
  readonly [C in AllCommand]: { readonly kind: 'all'; readonly command: C; readonly json: boolean; readonly report: string | undefined; readonly options: CommandOptions<C> };
}[AllCommand];

export type CommandLine =
  | { readonly kind: 'help'; readonly topic: CommandName | undefined }
  | { readonly kind: 'version' }
  | RunLine
  | AllLine;

const takesAll = (command: CommandName): command is AllCommand => Object.hasOwn(SPECS[command].options, 'all');

const HELP_FLAGS = new Set(['-h', '--help']);

function commandNamed(word: string): CommandName {
  if (isCommand(word)) return word;
  if (word.startsWith('-')) {
    throw new UsageError(`Expected a command first, got "${word}".`, `Usage: migrate-core <command> --service <name> [options], commands: ${COMMANDS.join(', ')}.`);
  }
  const near = closest(word, COMMANDS);
  throw new UsageError(`Unknown command "${word}".${near === undefined ? '' : ` Did you mean ${near}?`}`,
    `Commands: ${COMMANDS.join(', ')}. Run \`migrate-core --help\`.`);
}

/** Help asked for: the topic is the command named first, if any (`-h migrate`, `migrate -h`, `help migrate`). */
function helpLine(args: readonly string[]): CommandLine {
  const rest = args.filter((arg) => !HELP_FLAGS.has(arg));
  const first = rest[0] === 'help' ? rest[1] : rest[0];
  return { kind: 'help', topic: first === undefined || first.startsWith('-') ? undefined : commandNamed(first) };
}

/** The commands other than `command` that take option `name`, for "Unknown option" errors. */
const takenBy = (command: CommandName) => (name: string): CommandName[] =>
  COMMANDS.filter((other) => other !== command && Object.hasOwn(SPECS[other].options, name));

/** argv (after the binary) -> what to do, or a UsageError saying what is wrong and what is allowed. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const end = argv.indexOf('--');
  const before = end === -1 ? argv : argv.slice(0, end);
  if (argv.length === 0 || argv[0] === 'help' || before.some((arg) => HELP_FLAGS.has(arg))) return helpLine(before);
  if (argv[0] === 'version' || argv[0] === '-v' || before.includes('--version')) return { kind: 'version' };
  const command = commandNamed(argv[0]!);
  const spec = SPECS[command];
  const specs = { ...spec.options, ...COMMON };
  const { values, positionals, given } = parseOptions(command, specs, argv.slice(1), takenBy(command));
  const usage = `Usage: migrate-core ${spec.usage}`;
  if (positionals.length > spec.positionals.length) throw new UsageError(`Unexpected argument "${positionals[spec.positionals.length]}" for ${command}.`, usage);
  const missing = spec.positionals[positionals.length];
  if (missing !== undefined) throw new UsageError(`${command} needs ${missing.value}: ${missing.help}.`, usage);
  const all = values.all === true;
  if (all && typeof values.service === 'string') throw new UsageError('Give either --service or --all, not both.', usage);
  if (typeof values.service !== 'string' && !all) throw new UsageError(`${command} needs --service <name>${takesAll(command) ? ' (or --all)' : ''}.`, usage);
  checkRules(command, specs, spec.rules, given, spec.usage);
  const { service, json, report, help: _help, ...own } = values;
  spec.positionals.forEach((positional, i) => (own[positional.name] = positionals[i]));
  if (all && takesAll(command)) return { kind: 'all', command, json: json === true, report: typeof report === 'string' ? report : undefined, options: own } as AllLine;
  // The values were built from this command's declaration, so they are its typed options.
  return { kind: 'run', command, service: service as string, json: json === true, report: typeof report === 'string' ? report : undefined, options: own } as RunLine;
}
