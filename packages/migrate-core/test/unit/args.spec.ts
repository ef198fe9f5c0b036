import { describe, expect, it } from 'vitest';
import { helpText, parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/errors.js';

describe('parseArgs', () => {
  it.each([
    [['migrate', '--service', 'first'], { command: 'migrate', service: 'first', flags: { service: 'first' } }],
    [['migrate', '--service=first', '--to', '20261124190000_x', '--allow-out-of-order'], { command: 'migrate', flags: { to: '20261124190000_x', 'allow-out-of-order': true } }],
    [['rollback', '--service', 'first', '--steps=2'], { command: 'rollback', flags: { steps: 2 } }],
    [['rollback', '--service', 'first', '--steps', '3', '--json'], { command: 'rollback', json: true, flags: { steps: 3 } }],
    [['stamp', '--service', 'first', '20261124190000_x'], { command: 'stamp', positionals: ['20261124190000_x'] }],
    [['resolve', '--service', 'first', 'id1', '--applied'], { command: 'resolve', positionals: ['id1'], flags: { applied: true } }],
    [['status', '--', '--service', 'first'], { command: 'status', service: 'first' }],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [['frobnicate', '--service', 'x'], /Unknown command "frobnicate"/],
    [['migrate'], /needs --service/],
    [['migrate', '--service', 'first', '--steps', '2'], /Unknown option --steps for migrate/],
    [['rollback', '--service', 'first', '--steps', 'two'], /positive whole number/],
    [['rollback', '--service', 'first', '--steps', '0'], /positive whole number/],
    [['rollback', '--service', 'first', '--steps=1.5'], /positive whole number/],
    [['migrate', '--service', 'first', '--to'], /--to needs a value/],
    [['migrate', '--service', 'first', 'extra'], /Unexpected argument "extra"/],
    [['migrate', '--service', 'a', '--service', 'b'], /given twice/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('gives help without --service', () => {
    expect(parseArgs(['--help']).command).toBe('help');
    expect(parseArgs(['rollback', '--help'])).toMatchObject({ command: 'rollback', help: true });
  });

  it('documents every command and its options', () => {
    expect(helpText()).toMatch(/migrate .*rollback|rollback/s);
    for (const command of ['generate', 'migrate', 'rollback', 'status', 'check', 'drift', 'plan', 'stamp', 'resolve'] as const) {
      expect(helpText()).toContain(`  ${command} `);
      expect(helpText(command)).toContain(`migrate-core ${command}`);
    }
    expect(helpText('rollback')).toContain('--steps <n>');
  });
});
