import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

// This repository's own services pass the gate users run in CI, shadow proof included (on a throwaway server:
// no SHADOW_DATABASE_URL). check writes nothing, so it runs on the repository itself.
const services = readdirSync(join(ROOT, 'services')).filter((name) => existsSync(join(ROOT, 'services', name, 'migrate.config.json'))).sort();

describe("check on this repository's services", () => {
  it.each(services)('%s: ok, every migration proven up, down and up again', async (service) => {
    const result = await runCli(['check', '--service', service], { cwd: ROOT });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${service}: check ok: \\d+ migrations?, schema in sync, proven up, down and up again on MariaDB [0-9.]+ \\(a throwaway server\\)`));
    expect(result.stdout).not.toContain('!');
  });
});
