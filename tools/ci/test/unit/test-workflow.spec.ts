import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, {
    'runs-on': string;
    strategy: { 'fail-fast': boolean; matrix: { include: Array<{ name: string; image: string; health: string }> } };
    services: Record<string, { image: string; env: Record<string, string>; ports: string[]; options: string }>;
    env: Record<string, string>;
    steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown>; name?: string }>;
  }>;
}

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'test.yml'), 'utf8')) as Workflow;

describe('.github/workflows/test.yml: the whole suite against every supported server', () => {
  const job = workflow.jobs.test!;

  it('runs on pushes to main and on pull requests, reading the repository only', () => {
    expect(workflow.name).toBe('test');
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('runs MySQL 8.0 and 8.4, MariaDB 10.6, 10.11 and 11.4, each to the end whatever the others do', () => {
    expect(job.strategy['fail-fast']).toBe(false);
    expect(job.strategy.matrix.include.map((entry) => entry.image)).toEqual(['mysql:8.0', 'mysql:8.4', 'mariadb:10.6', 'mariadb:10.11', 'mariadb:11.4']);
    for (const entry of job.strategy.matrix.include) {
      // The MySQL images have mysqladmin; the MariaDB images ship healthcheck.sh instead.
      expect(entry.health).toBe(entry.image.startsWith('mysql') ? 'mysqladmin ping -h 127.0.0.1' : 'healthcheck.sh --connect --innodb_initialized');
    }
  });

  it('starts the server as a service container, waits until it is healthy, and hands it to the tests as TEST_DATABASE_URL', () => {
    const db = job.services.db!;
    expect(db.image).toBe('${{ matrix.image }}');
    expect(db.ports).toEqual(['3306:3306']);
    expect(db.env).toEqual({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes', MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' });
    expect(db.options).toContain('--health-cmd "${{ matrix.health }}"');
    expect(job.env.TEST_DATABASE_URL).toBe('mysql://root@127.0.0.1:3306');
  });

  it('installs, then runs npm test (build, type check, every test) on Node 20', () => {
    expect(job.steps[0]?.uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(job.steps[1]).toEqual({ uses: expect.stringMatching(/^actions\/setup-node@v\d+$/), with: { 'node-version': 20, cache: 'npm' } });
    expect(job.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends mariadb-server-core mariadb-client-core', 'npm ci', 'npm test',
    ]);
  });
});
