import type { OptionRule, OptionSpec } from './options.js';
import { COMMANDS, COMMON, SPECS, type CommandName } from './specs.js';

const columns = (rows: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
};

function describeRule(rule: OptionRule): string {
  if ('oneOf' in rule) return `exactly one of ${rule.oneOf.map((name) => `--${name}`).join(', ')}`;
  if ('needs' in rule) return `--${rule.option} needs --${rule.needs}`;
  return `--${rule.option} goes with none of ${rule.excludes.map((name) => `--${name}`).join(', ')}`;
}

function toolHelp(): string {
  return [
    'migrate-core: schema migrations for one database per service.',
    '',
    'Usage: npx migrate-core <command> --service <name> [options]   (from the workspace root)',
    `       nx run <service>:<command> [options]                   (the same as an Nx target: ${COMMANDS.filter((name) => SPECS[name].nxTarget).join(', ')})`,
    '',
    'Commands:',
    ...columns(COMMANDS.map((name) => [name, SPECS[name].summary])),
    '',
    'Every command takes --json. Help on one command: migrate-core <command> -h (or help <command>). --version.',
    '',
    'Environment:',
    ...columns([
      ['<SERVICE>_DATABASE_URL', 'full URL for one service, e.g. FIRST_DATABASE_URL=mysql://user:pass@host:3306/first'],
      ['DATABASE_URL', 'the server for every service, e.g. mysql://user:pass@host:3306 (database = service)'],
      ['none of them, CI unset', 'the embedded dev database (tools/dev-db), started on demand; npm run db:stop stops it'],
      ['', "(with another service's URL set, or CI set: exit 2, never the embedded database)"],
      ['URL parameters', 'ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY, ssl-ca, ssl-cert, ssl-key,'],
      ['', 'ssl=true|false, socket, password'],
      ['NO_COLOR, FORCE_COLOR', 'colours are used on a terminal; NO_COLOR=1 turns them off, FORCE_COLOR=1 on'],
    ]),
    '',
    'Exit codes: 0 done or nothing to do, 1 a migration failed, 2 usage or configuration error,',
    '            3 blocked (dirty, checksum mismatch, out-of-order, drift, check failed), 4 lock timeout.',
  ].join('\n');
}

const optionRow = ([name, option]: [string, OptionSpec]): [string, string] =>
  [`${'short' in option && option.short ? `-${option.short}, ` : ''}--${name}${'value' in option ? ` ${option.value}` : ''}`, option.help];

/** Help for one command, or for the tool when `command` is undefined. */
export function helpText(command?: CommandName): string {
  if (command === undefined) return toolHelp();
  const spec = SPECS[command];
  const rules: readonly OptionRule[] = spec.rules;
  return [
    `migrate-core ${command}: ${spec.summary}`,
    '',
    `Usage: npx migrate-core ${spec.usage}`,
    ...(spec.positionals.length === 0 ? [] : ['', 'Arguments:', ...columns(spec.positionals.map((positional) => [positional.value, positional.help]))]),
    '',
    'Options:',
    ...columns(Object.entries({ ...spec.options, ...COMMON }).map(optionRow)),
    ...(rules.length === 0 ? [] : ['', 'Rules:', ...rules.map((rule) => `  ${describeRule(rule)}`)]),
    '',
    'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}
