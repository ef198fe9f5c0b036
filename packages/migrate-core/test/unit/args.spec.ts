import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseCommandLine, type CommandLine } from '../../src/cli/args.js';
import { helpText } from '../../src/cli/help.js';
import { COMMANDS, type CommandOptions } from '../../src/cli/specs.js';
import { closest, editDistance } from '../../src/cli/suggest.js';
import { targetArgs, targetOf } from '../../src/cli/target.js';
import { UsageError } from '../../src/errors.js';

const usageError = (argv: readonly string[]): UsageError => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('parseCommandLine', () => {
  it.each<[string[], object]>([
    [['migrate', '--service', 'first'], { command: 'migrate', service: 'first', json: false, options: { to: undefined, allowOutOfOrder: false, createDatabase: false, lockTimeout: undefined } }],
    [['migrate', '--service=first', '--to', '20261124190000_x', '--allow-out-of-order'], { command: 'migrate', options: { to: '20261124190000_x', allowOutOfOrder: true } }],
    [['migrate', '--service', 'first', '--allow-out-of-order=true', '--create-database=false'], { options: { allowOutOfOrder: true, createDatabase: false } }],
    [['migrate', '--service', 'first', '--lock-timeout=2.5'], { options: { lockTimeout: 2.5 } }],
    [['rollback', '--service', 'first', '--steps=2'], { command: 'rollback', options: { steps: 2, to: undefined } }],
    [['rollback', '--service', 'first', '--steps', '3', '--json'], { command: 'rollback', json: true, options: { steps: 3 } }],
    [['rollback', '--to', 'base', '--service', 'first'], { command: 'rollback', options: { to: 'base', steps: undefined } }],
    [['stamp', '--service', 'first', '20261124190000_x'], { command: 'stamp', options: { id: '20261124190000_x' } }],
    [['resolve', 'id1', '--applied', '--service', 'first'], { command: 'resolve', options: { id: 'id1', applied: true, rolledBack: false } }],
    [['status', '--service', 'first', '--'], { command: 'status', service: 'first' }],
    [['resolve', '--service', 'first', '--rolled-back', '--', '-odd-id'], { options: { id: '-odd-id', rolledBack: true } }],
    [['generate', '--service', 'first', '--name', 'rename things', '--rename', 'a=b', '--rename=t.c=t.d'], { options: { name: 'rename things', rename: ['a=b', 't.c=t.d'], noRenames: false, custom: false } }],
    [['plan', '--service', 'first', '--sql', '--offline', '--from', 'base', '--rollback'], { options: { sql: true, offline: true, from: 'base', rollback: true } }],
  ])('%j', (argv, expected) => {
    expect(parseCommandLine(argv)).toMatchObject({ kind: 'run', ...expected });
  });

  it('gives each command its own typed options', () => {
    expectTypeOf<CommandOptions<'migrate'>>().toEqualTypeOf<{
      readonly to: string | undefined; readonly allowOutOfOrder: boolean; readonly createDatabase: boolean; readonly lockTimeout: number | undefined; readonly all: boolean;
      readonly serverTimeout: number | undefined;
      readonly database: string | undefined; readonly concurrency: number | undefined; readonly allowHighConcurrency: boolean;
      readonly shard: string | undefined; readonly canary: number | undefined; readonly continueOnError: boolean;
    }>();
    expectTypeOf<CommandOptions<'resolve'>['id']>().toEqualTypeOf<string>();
    expectTypeOf<CommandOptions<'generate'>['rename']>().toEqualTypeOf<readonly string[]>();
    const line = parseCommandLine(['rollback', '--service', 'first', '--steps', '2']);
    if (line.kind === 'run' && line.command === 'rollback') expectTypeOf(line.options.steps).toEqualTypeOf<number | undefined>();
  });

  it.each<[string[], RegExp]>([
    [['frobnicate', '--service', 'x'], /^Unknown command "frobnicate"\.$/],
    [['mirgate', '--service', 'x'], /^Unknown command "mirgate"\. Did you mean migrate\?$/],
    [['--service', 'first', 'migrate'], /Expected a command first, got "--service"/],
    [['migrate'], /migrate needs --service <name>/],
    [['migrate', '--service', 'first', '--steps', '2'], /^Unknown option --steps for migrate\.$/],
    [['migrate', '--service', 'first', '--alow-out-of-order'], /^Unknown option --alow-out-of-order for migrate\. Did you mean --allow-out-of-order\?$/],
    [['rollback', '--service', 'first', '--step', '2'], /Did you mean --steps\?/],
    [['status', '--service', 'first', '-x'], /^Unknown option -x for status\.$/],
    [['rollback', '--service', 'first', '--steps', 'two'], /--steps must be a positive whole number \(got "two"\)/],
    [['rollback', '--service', 'first', '--steps', '-1'], /--steps must be a positive whole number \(got "-1"\)/],
    [['rollback', '--service', 'first', '--steps', '0'], /positive whole number/],
    [['rollback', '--service', 'first', '--steps=1.5'], /positive whole number/],
    [['migrate', '--service', 'first', '--lock-timeout', '-3'], /--lock-timeout must be a positive number \(got "-3"\)/],
    [['migrate', '--service', 'first', '--lock-timeout=-3'], /--lock-timeout must be a positive number \(got "-3"\)/],
    [['migrate', '--service', 'first', '--to'], /--to needs a value: migrate --to <id>/],
    [['migrate', '--service', 'first', '--to', '--allow-out-of-order'], /--to needs a value/],
    [['migrate', '--service', 'first', '--to='], /--to needs a value/],
    [['migrate', '--service', 'first', '--json=yes'], /--json takes no value \(got "yes"\)/],
    [['migrate', '--service', 'first', 'extra'], /Unexpected argument "extra" for migrate/],
    [['migrate', '--service', 'a', '--service', 'b'], /--service given twice/],
    [['rollback', '--service', 'a', '--steps', '1', '--steps', '2'], /--steps given twice/],
    [['stamp', '--service', 'first'], /stamp needs <id>: the last migration to record as applied/],
    [['resolve', '--service', 'first', 'x'], /resolve needs exactly one of --applied, --rolled-back, --statement-done or --statement-not-done/],
    [['resolve', '--service', 'first', 'x', '--applied', '--rolled-back'], /resolve needs exactly one of --applied, --rolled-back, --statement-done or --statement-not-done/],
    [['migrate', '--service', 'first', '--lock-timeout', '99999999999'], /--lock-timeout must be at most 31536000 \(got "99999999999"\)/],
    [['rollback', '--service', 'first', '--steps', '1', '--to', 'base'], /^Give either --steps or --to, not both\.$/],
    [['plan', '--service', 'first', '--to', 'x', '--steps', '1'], /Give either --steps or --to, not both/],
    [['plan', '--service', 'first', '--offline'], /--offline needs --from <id>\|base/],
    [['plan', '--service', 'first', '--from', 'base'], /--from needs --offline/],
    [['generate', '--service', 'first', '--create-database'], /--create-database needs --from-database \(generate alone never connects to a database\)/],
    [['generate', '--service', 'first', '--custom', '--rename', 'a=b', '--no-renames'], /^--custom does not go with --rename and --no-renames\.$/],
    [['generate', '--service', 'first', '--rename', 'a=b', '--no-renames'], /^Give either --no-renames or --rename, not both\.$/],
    [['generate', '--service', 'first', '--accept-edits', 'x', '--name', 'y'], /Give either --accept-edits or --name, not both/],
    [['generate', '--service', 'first', '--from-database', '--custom'], /Give either --from-database or --custom, not both/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(argv).message).toMatch(message);
  });

  it('lists the valid commands and options, and where else an unknown option belongs', () => {
    expect(usageError(['nope']).hint).toBe(`Commands: ${COMMANDS.join(', ')}. Run \`migrate-core --help\`.`);
    const steps = usageError(['migrate', '--service', 'first', '--steps', '2']).hint;
    expect(steps).toContain('--steps is an option of rollback, plan.');
    expect(steps).toContain('Options of migrate: --to, --allow-out-of-order, --create-database, --lock-timeout, --database, --concurrency, ' +
      '--allow-high-concurrency, --shard, --canary, --continue-on-error, --all, --server-timeout, --service, --json, --report, --help.');
    expect(usageError(['rollback', '--service', 'first', '--steps', '1', '--to', 'base']).hint).toMatch(/^Usage: migrate-core rollback --service <name> \[--steps <n> \| --to <id>\|base\]/);
  });

  it('takes the fleet flags of the contract on every database command', () => {
    const fleetFlags = ['--concurrency', '3', '--shard', '1/2', '--canary', '2', '--continue-on-error', '--report', 'report.json'];
    for (const [command, ...rest] of [['migrate'], ['rollback'], ['status'], ['drift'], ['plan'], ['stamp', 'x'], ['resolve', 'x', '--applied']] as const) {
      const line = parseCommandLine([command, '--service', 'tenants', ...rest, ...fleetFlags]);
      expect(line, command).toMatchObject({ kind: 'run', command, report: 'report.json', options: { concurrency: 3, shard: '1/2', canary: 2, continueOnError: true } });
      expect(parseCommandLine([command, '--service', 'tenants', ...rest, '--database', 'acme']), command).toMatchObject({ kind: 'run', options: { database: 'acme' } });
      expect(usageError([command, '--service', 'tenants', ...rest, '--database', 'acme', '--canary', '1']).message, command).toBe('Give either --database or --canary, not both.');
    }
  });

  it('takes -h and --help anywhere, and help <command>, without --service', () => {
    const help = (argv: string[]): CommandLine => parseCommandLine(argv);
    expect(help([])).toEqual({ kind: 'help', topic: undefined });
    expect(help(['--help'])).toEqual({ kind: 'help', topic: undefined });
    expect(help(['help'])).toEqual({ kind: 'help', topic: undefined });
    for (const argv of [['migrate', '-h'], ['-h', 'migrate'], ['help', 'migrate'], ['migrate', '--service', 'first', '--to', 'x', '--help'], ['migrate', '--bogus', '-h']]) {
      expect(help(argv), argv.join(' ')).toEqual({ kind: 'help', topic: 'migrate' });
    }
    expect(() => help(['help', 'mirgate'])).toThrow(/Unknown command "mirgate"\. Did you mean migrate\?/);
    expect(help(['resolve', '--service', 'first', '--applied', '--', '-h'])).toMatchObject({ kind: 'run', options: { id: '-h' } });
  });

  it('takes --version anywhere, and -v or version first', () => {
    for (const argv of [['--version'], ['-v'], ['version'], ['migrate', '--version']]) expect(parseCommandLine(argv)).toEqual({ kind: 'version' });
  });
});

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('mirgate', 'migrate')).toBe(1);
    expect(editDistance('status', 'stamp')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only what is close, or what starts with the word', () => {
    expect(closest('rolback', COMMANDS)).toBe('rollback');
    expect(closest('stat', COMMANDS)).toBe('status');
    expect(closest('chek', COMMANDS)).toBe('check');
    expect(closest('nope', COMMANDS)).toBeUndefined();
    expect(closest('x', COMMANDS)).toBeUndefined();
    expect(closest('lock', ['to', 'lock-timeout'])).toBe('lock-timeout');
  });
});

describe('targetOf', () => {
  it('turns --to, --to base and --steps into the engine target, with each command its default', () => {
    expect(targetOf('migrate', {})).toEqual({ kind: 'latest' });
    expect(targetOf('rollback', {})).toEqual({ kind: 'steps', n: 1 });
    expect(targetOf('migrate', { to: 'base' })).toEqual({ kind: 'base' });
    expect(targetOf('rollback', { to: '20260101000000_a' })).toEqual({ kind: 'to', id: '20260101000000_a' });
    expect(targetOf('migrate', { steps: 2 })).toEqual({ kind: 'steps', n: 2 });
    expect(() => targetOf('rollback', { steps: 2, to: 'base' })).toThrow(/either --steps or --to/);
  });

  it('gives back the options of a target', () => {
    expect(['', '--to base', '--to x', '--steps 3']).toEqual([
      targetArgs({ kind: 'latest' }), targetArgs({ kind: 'base' }), targetArgs({ kind: 'to', id: 'x' }), targetArgs({ kind: 'steps', n: 3 })]);
  });
});

describe('helpText', () => {
  it('documents every command, its options, arguments and rules', () => {
    for (const command of COMMANDS) {
      expect(helpText()).toContain(`  ${command} `);
      expect(helpText(command)).toContain(`migrate-core ${command}: `);
      expect(helpText(command)).toContain('-h, --help');
    }
    expect(helpText('rollback')).toContain('--steps <n>');
    expect(helpText('rollback')).toContain('--steps goes with none of --to');
    expect(helpText('stamp')).toMatch(/Arguments:\n {2}<id> {2}the last migration to record as applied/);
    expect(helpText('resolve')).toContain('exactly one of --applied, --rolled-back');
  });
});
