// Options of one command: declared once (type, placeholder, help, rules between them), parsed with node:util
// parseArgs into a typed object whose keys are the camelCase option names (`--allow-out-of-order` ->
// `allowOutOfOrder`). Every problem is a UsageError that says what is wrong and what is allowed.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { listed } from './output.js';
import { closest } from './suggest.js';

export type OptionSpec =
  | { readonly type: 'boolean'; readonly help: string; readonly short?: string }
  /** `strings`: repeatable, every value kept in order. */
  | { readonly type: 'string' | 'strings'; readonly value: string; readonly help: string }
  /** Positive; `whole` refuses fractions; `max` bounds it. */
  | { readonly type: 'number'; readonly value: string; readonly help: string; readonly whole?: boolean; readonly max?: number };
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A required argument after the options, e.g. the `<id>` of `stamp <id>`. */
export interface PositionalSpec {
  readonly name: string;
  readonly value: string;
  readonly help: string;
}

/** Rules between options: one excludes others, one needs another, or exactly one of a group is given. */
export type OptionRule<Name extends string = string> =
  | { readonly option: Name; readonly excludes: readonly Name[] }
  | { readonly option: Name; readonly needs: Name; readonly because: string }
  | { readonly oneOf: readonly Name[] };

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean
  : O['type'] extends 'strings' ? readonly string[]
  : O['type'] extends 'number' ? number | undefined
  : string | undefined;

/** The typed options of a declaration: `{ to: string | undefined; allowOutOfOrder: boolean; ... }`. */
export type OptionValues<S extends OptionSpecs> = { readonly [K in keyof S & string as Camel<K>]: ValueOf<S[K]> };
export type PositionalValues<P extends readonly PositionalSpec[]> = { readonly [K in P[number]['name']]: string };

export const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** What one command's arguments say: values by camelCase name, positionals, and which options were given. */
export interface ParsedOptions {
  readonly values: Record<string, unknown>;
  readonly positionals: readonly string[];
  readonly given: ReadonlySet<string>;
}

function unknownOption(command: string, raw: string, specs: OptionSpecs, elsewhere: (option: string) => readonly string[]): UsageError {
  const name = raw.replace(/^-+/, '');
  const near = closest(name, Object.keys(specs));
  const others = elsewhere(name);
  return new UsageError(`Unknown option ${raw} for ${command}.${near === undefined ? '' : ` Did you mean --${near}?`}`,
    `${others.length > 0 ? `--${name} is an option of ${others.join(', ')}. ` : ''}` +
    `Options of ${command}: ${Object.keys(specs).map((key) => `--${key}`).join(', ')}. Run \`migrate-core ${command} --help\`.`);
}

function valueOf(command: string, name: string, spec: OptionSpec, raw: string | undefined, inline: boolean): string | number | boolean {
  if (spec.type === 'boolean') {
    // `--json=false` and `--json=true` too: Nx and scripts pass booleans that way.
    if (raw === undefined || raw === 'true') return true;
    if (raw === 'false') return false;
    throw new UsageError(`--${name} takes no value (got "${raw}").`);
  }
  // A separate argument that looks like an option is the next option, not this one's value; a negative number
  // (`--steps -1`) is a wrong value, said as such below.
  const negativeNumber = spec.type === 'number' && raw !== undefined && /^-\d/.test(raw);
  if (raw === undefined || raw === '' || (!inline && raw.startsWith('-') && raw !== '-' && !negativeNumber)) {
    throw new UsageError(`--${name} needs a value: ${command} --${name} ${spec.value}.`);
  }
  if (spec.type !== 'number') return raw;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (spec.whole === true && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a positive ${spec.whole ? 'whole ' : ''}number (got "${raw}").`);
  }
  if (spec.max !== undefined && n > spec.max) throw new UsageError(`--${name} must be at most ${spec.max} (got "${raw}").`);
  return n;
}

/**
 * Parses `args` (what follows the command) against `specs`. `elsewhere(name)` names the other commands that
 * take an unknown option, for the error.
 */
export function parseOptions(command: string, specs: OptionSpecs, args: readonly string[], elsewhere: (option: string) => readonly string[] = () => []): ParsedOptions {
  const options = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, {
    type: spec.type === 'boolean' ? 'boolean' as const : 'string' as const,
    ...(spec.type === 'strings' ? { multiple: true } : {}),
    ...(spec.type === 'boolean' && spec.short !== undefined ? { short: spec.short } : {}),
  }]));
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[camelCase(name)] = spec.type === 'boolean' ? false : spec.type === 'strings' ? [] : undefined;
  const positionals: string[] = [];
  const given = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    if (spec === undefined) throw unknownOption(command, token.rawName, specs, elsewhere);
    const value = valueOf(command, token.name, spec, token.value, token.inlineValue === true);
    const key = camelCase(token.name);
    if (spec.type === 'strings') values[key] = [...(values[key] as string[]), value];
    else if (spec.type !== 'boolean' && given.has(token.name)) throw new UsageError(`--${token.name} given twice.`);
    else values[key] = value;
    given.add(token.name);
  }
  return { values, positionals, given };
}

/** Throws a UsageError for the first rule the given options break. */
export function checkRules(command: string, specs: OptionSpecs, rules: readonly OptionRule[], given: ReadonlySet<string>, usage: string): void {
  const flag = (name: string) => `--${name}`;
  const fail = (message: string) => new UsageError(message, `Usage: migrate-core ${usage}`);
  for (const rule of rules) {
    if ('oneOf' in rule) {
      if (rule.oneOf.filter((name) => given.has(name)).length !== 1) throw fail(`${command} needs exactly one of ${listed(rule.oneOf.map(flag), 'or')}.`);
      continue;
    }
    if (!given.has(rule.option)) continue;
    if ('needs' in rule) {
      const needed = specs[rule.needs];
      if (!given.has(rule.needs)) throw fail(`--${rule.option} needs --${rule.needs}${needed && 'value' in needed ? ` ${needed.value}` : ''} (${rule.because}).`);
      continue;
    }
    const clashing = rule.excludes.filter((name) => given.has(name));
    if (clashing.length === 1) throw fail(`Give either --${rule.option} or --${clashing[0]}, not both.`);
    if (clashing.length > 1) throw fail(`--${rule.option} does not go with ${listed(clashing.map(flag), 'and')}.`);
  }
}
