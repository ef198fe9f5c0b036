import { describe, expect, it } from 'vitest';
// The plugin, the generators and the CI templates are plain JS that must not depend on the engine's build, so
// they restate a few of its rules. These tests keep the two in agreement.
import { COMMANDS } from '../../../../packages/migrate-core/src/cli/specs.js';
import { IDENTIFIER_PATTERN } from '../../../../packages/migrate-core/src/db/identifiers.js';
import { defaultDatabaseName as engineDatabaseName, quickParseServiceConfig, SERVICE_CONFIG_FILE as ENGINE_CONFIG_FILE, SERVICE_NAME_PATTERN as ENGINE_NAME, serviceUrlVariable as engineUrlVariable } from '../../../../packages/migrate-core/src/config/service-config.js';
import { serviceUrlVariable } from '../../../ci/src/pipelines.mjs';
import { DATABASE_NAME_PATTERN, defaultDatabaseName, MAX_SERVICE_NAME_LENGTH, RESERVED_NAMES, SERVICE_NAME_PATTERN } from '../../src/generators/service/service-name.mjs';
import { DEFAULT_MIGRATIONS, DEFAULT_SCHEMA, SERVICE_CONFIG_FILE } from '../../src/service-layout.mjs';
import { SHADOW_VARIABLE as ENGINE_SHADOW_VARIABLE } from '../../../../packages/migrate-core/src/config/connection-plan.js';
import { SHADOW_VARIABLE, TARGETS } from '../../src/targets.mjs';

const NAMES = ['first', 'order-history', 'a1', 'x-y-z-9', 'a'.repeat(MAX_SERVICE_NAME_LENGTH), 'a'.repeat(MAX_SERVICE_NAME_LENGTH + 1), 'Bad', '1st', 'a_b', '-a'];

describe('the plain-JS tools agree with the engine', () => {
  it('on service names and their length', () => {
    for (const name of NAMES) {
      const tools = SERVICE_NAME_PATTERN.test(name) && name.length <= MAX_SERVICE_NAME_LENGTH;
      expect(tools, name).toBe(ENGINE_NAME.test(name));
    }
  });

  it('on database names and the variables a service reads', () => {
    expect(DATABASE_NAME_PATTERN.source).toBe(IDENTIFIER_PATTERN.source);
    for (const name of NAMES) {
      expect(defaultDatabaseName(name)).toBe(engineDatabaseName(name));
      expect(serviceUrlVariable(name)).toBe(engineUrlVariable(name));
    }
  });

  it('on the commands: every target is a CLI command, and reserved names cover them all', () => {
    expect(Object.keys(TARGETS).every((target) => (COMMANDS as readonly string[]).includes(target))).toBe(true);
    for (const command of COMMANDS) expect(RESERVED_NAMES.has(command), command).toBe(true);
  });

  it("on the variable that names check's shadow server (an input of the cached check)", () => {
    expect(SHADOW_VARIABLE).toBe(ENGINE_SHADOW_VARIABLE);
  });

  it("on where a service's schema and migrations are when its config does not say", () => {
    expect(quickParseServiceConfig({})).toMatchObject({ schema: DEFAULT_SCHEMA, migrations: DEFAULT_MIGRATIONS });
    expect(SERVICE_CONFIG_FILE).toBe(ENGINE_CONFIG_FILE);
  });
});
