import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathsMatch } from '../../src/path-filter.mjs';
import {
  GENERATED_MARKER, gitlabServicePaths, renderAffectedWorkflow, renderGitlabPipeline, renderServiceWorkflow, servicePaths,
} from '../../src/pipelines.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

/** The services of this repository, as the Nx plugin sees them. */
const services = readdirSync(join(ROOT, 'services')).filter((name) =>
  existsSync(join(ROOT, 'services', name, 'migrate.config.json')) && existsSync(join(ROOT, 'services', name, 'package.json'))).sort();

const committed = (file: string) => readFileSync(join(WORKFLOWS, file), 'utf8');
type Workflow = { name: string; on: Record<string, { branches?: string[]; paths?: string[] } | null>; concurrency: Record<string, unknown>;
  env: Record<string, string>; jobs: Record<string, Job> };
type Job = { needs?: string; if?: string; 'runs-on': string; services?: Record<string, { image: string; env: Record<string, string>; ports: string[]; options: string }>;
  env?: Record<string, string>; steps: Array<{ name?: string; uses?: string; run?: string; with?: Record<string, unknown> }> };
const workflow = (file: string) => parse(committed(file)) as Workflow;
const runs = (job: Job) => job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));

describe('committed GitHub workflows', () => {
  it('exist for every service (first, second, third at least), plus affected-check.yml and the test suite\'s test.yml, and nothing else', () => {
    expect(services).toEqual(expect.arrayContaining(['first', 'second', 'third']));
    expect(readdirSync(WORKFLOWS).sort()).toEqual(['affected-check.yml', 'test.yml', ...services.map((s) => `migrate-${s}.yml`)].sort());
  });

  it.each(services)('migrate-%s.yml is what the generator writes (regenerate: npx nx g @repo/nx-plugin:ci)', (service) => {
    expect(committed(`migrate-${service}.yml`)).toBe(renderServiceWorkflow(service));
    expect(committed(`migrate-${service}.yml`).startsWith(GENERATED_MARKER)).toBe(true);
  });

  it('affected-check.yml is what the generator writes', () => {
    expect(committed('affected-check.yml')).toBe(renderAffectedWorkflow());
  });

  it.each(services)('migrate-%s.yml: check on push and pull request; migrate then status on main, one at a time', (service) => {
    const wf = workflow(`migrate-${service}.yml`);
    expect(wf.name).toBe(`migrate-${service}`);
    expect(wf.on.push?.branches).toEqual(['main']);
    expect(wf.on.push?.paths).toEqual(servicePaths(service));
    expect(wf.on.pull_request?.paths).toEqual(servicePaths(service));
    expect(wf.concurrency).toEqual({ group: `migrate-${service}-\${{ github.ref }}`, 'cancel-in-progress': false });
    expect(wf.env.NX_DAEMON).toBe('false');

    const { check, migrate } = wf.jobs;
    // The migrate job first requires its secret (see below), then sets up like check.
    for (const steps of [check!.steps, migrate!.steps.slice(1)]) {
      expect(steps[0]?.uses).toMatch(/^actions\/checkout@v\d+$/);
      expect(steps[1]).toEqual({ uses: expect.stringMatching(/^actions\/setup-node@v\d+$/), with: { 'node-version': 20, cache: 'npm' } });
      expect(steps[2]?.run).toBe('npm ci');
    }
    expect(check!.if).toBeUndefined();
    expect(runs(check!)).toEqual(['npm ci', `npx nx run ${service}:check`]);
    // check's shadow proof runs on a throwaway MariaDB of the job's own.
    expect(check!.services?.shadow).toMatchObject({ image: 'mariadb:10.11', env: { MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' }, ports: ['3306:3306'] });
    expect(check!.env).toEqual({ SHADOW_DATABASE_URL: 'mysql://root@127.0.0.1:3306' });

    expect(migrate!.needs).toBe('check');
    expect(migrate!.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(runs(migrate!).slice(1)).toEqual(['npm ci', `npx nx run ${service}:migrate --create-database`, `npx nx run ${service}:status`]);
  });

  it.each(services)('migrate-%s.yml deploys only to its secrets\' database: no other database, and a clear failure without them', (service) => {
    const migrate = workflow(`migrate-${service}.yml`).jobs.migrate!;
    const own = `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
    expect(migrate.env).toEqual({ [own]: `\${{ secrets.${own} }}`, DATABASE_URL: '${{ secrets.DATABASE_URL }}' });
    expect(migrate.services).toBeUndefined();
    expect(JSON.stringify(migrate)).not.toMatch(/127\.0\.0\.1|mysql:8|SHADOW|\|\|/);
    const guard = migrate.steps[0]!;
    expect(guard.name).toBe('Require the deploy database');
    // The guard's script, run as the job runs it: unset secrets are empty variables.
    const runGuard = (env: Record<string, string>) => spawnSync('bash', ['-e', '-c', guard.run!], { env: { PATH: process.env.PATH ?? '', [own]: '', DATABASE_URL: '', ...env }, encoding: 'utf8' });
    const missing = runGuard({});
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(`::error title=No deploy database for ${service}::Neither the secret ${own} nor DATABASE_URL is set.`);
    expect(missing.stdout).toContain('Settings > Secrets and variables > Actions');
    expect(runGuard({ [own]: 'mysql://u:p@db/x' }).status).toBe(0);
    expect(runGuard({ DATABASE_URL: 'mysql://u:p@db' }).status).toBe(0);
  });

  it('affected-check.yml: nx affected -t check against origin/main with the full history, on pull requests', () => {
    const wf = workflow('affected-check.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const job = wf.jobs.check!;
    expect(job.steps[0]).toEqual({ uses: expect.stringMatching(/^actions\/checkout@v\d+$/), with: { 'fetch-depth': 0 } });
    expect(job.steps[1]?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    expect(runs(job)).toContain('npx nx affected -t check --base=origin/main --head=HEAD');
    expect(job.services?.shadow?.image).toBe('mariadb:10.11');
    expect(job.env).toEqual({ SHADOW_DATABASE_URL: 'mysql://root@127.0.0.1:3306' });
  });
});

describe('which workflows a change runs', () => {
  const files = services.map((service) => `migrate-${service}.yml`);
  const triggered = (changed: string[], event: 'push' | 'pull_request' = 'pull_request') =>
    files.filter((file) => pathsMatch(workflow(file).on[event]?.paths ?? [], changed));

  it.each(['push', 'pull_request'] as const)('a change to second\'s schema runs only migrate-second.yml (%s)', (event) => {
    expect(triggered(['services/second/src/schema.ts'], event)).toEqual(['migrate-second.yml']);
    expect(triggered(['services/second/migrations/20261201000000_x/up.sql'], event)).toEqual(['migrate-second.yml']);
  });

  it.each([
    'packages/migrate-core/src/x.ts', 'tools/nx-plugin/src/plugin.mjs', 'tools/dev-db/src/index.mjs', 'package-lock.json', 'nx.json', 'package.json',
  ])('a change to the shared engine (%s) runs every service\'s workflow', (file) => {
    expect(triggered([file])).toEqual(files);
  });

  it('changes elsewhere run none, and two services run two', () => {
    expect(triggered(['README.md', 'docs/DEVELOPING.md', 'bench/run.mjs', 'tools/ci/README.md'])).toEqual([]);
    expect(triggered(['services/first/src/schema.ts', 'services/third/package.json'])).toEqual(['migrate-first.yml', 'migrate-third.yml']);
    expect(triggered(['.github/workflows/migrate-third.yml'])).toEqual(['migrate-third.yml']);
  });
});

describe('GitLab pipeline', () => {
  const pipeline = parse(renderGitlabPipeline(['first', 'order-history'])) as Record<string, Record<string, unknown>>;

  it('has per-service check and migrate jobs with rules:changes and resource_group', () => {
    expect(Object.keys(pipeline)).toEqual(['stages', 'variables', '.node', '.shadow', 'affected-check', 'check-first', 'migrate-first', 'check-order-history', 'migrate-order-history']);
    // check jobs (not migrate jobs) get the throwaway MariaDB of the shadow proof.
    expect(pipeline['.shadow']).toEqual({ services: [{ name: 'mariadb:10.11', alias: 'shadow-db' }],
      variables: { MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1', SHADOW_DATABASE_URL: 'mysql://root@shadow-db:3306' } });
    expect(pipeline['check-order-history']!.extends).toEqual(['.node', '.shadow']);
    expect(pipeline['affected-check']!.extends).toEqual(['.node', '.shadow']);
    expect(pipeline['migrate-order-history']!.extends).toBe('.node');
    const migrate = pipeline['migrate-order-history']!;
    expect(migrate.resource_group).toBe('migrate-order-history');
    expect(migrate.needs).toEqual(['check-order-history']);
    expect(migrate.services).toBeUndefined();
    expect(migrate.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == "main"', changes: gitlabServicePaths('order-history') }]);
    expect((pipeline['check-order-history']!.rules as Array<{ changes: string[] }>)[0]!.changes).toEqual(gitlabServicePaths('order-history'));
    expect(migrate.script).toEqual(expect.arrayContaining(['npx nx run order-history:migrate --create-database', 'npx nx run order-history:status']));
    expect(pipeline['affected-check']!.script).toEqual(['npx nx affected -t check --base=$CI_MERGE_REQUEST_DIFF_BASE_SHA --head=HEAD']);
  });

  it('fails a migrate job without its variables instead of migrating another database', () => {
    const script = pipeline['migrate-order-history']!.script as string[];
    expect(script.slice(1)).toEqual(['npx nx run order-history:migrate --create-database', 'npx nx run order-history:status']);
    expect(JSON.stringify(pipeline['migrate-order-history'])).not.toMatch(/mysql:8|:-mysql:|SHADOW/);
    const runGuard = (env: Record<string, string>) => spawnSync('sh', ['-e', '-c', script[0]!], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const missing = runGuard({});
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No deploy database for order-history: neither the CI/CD variable ORDER_HISTORY_DATABASE_URL nor DATABASE_URL is set.');
    expect(runGuard({ ORDER_HISTORY_DATABASE_URL: '' }).status).toBe(1);
    expect(runGuard({ ORDER_HISTORY_DATABASE_URL: 'mysql://u:p@db/x' }).status).toBe(0);
    expect(runGuard({ DATABASE_URL: 'mysql://u:p@db' }).status).toBe(0);
  });

  it('uses recursive globs GitLab understands, and the pipeline file instead of the workflow', () => {
    expect(gitlabServicePaths('first')).toEqual([
      'services/first/**/*', 'packages/migrate-core/**/*', 'tools/nx-plugin/**/*', 'tools/dev-db/**/*',
      'package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', '.gitlab-ci.yml',
    ]);
  });

  it('is the ready-to-copy snippet of tools/ci/README.md (for second)', () => {
    const readme = readFileSync(join(ROOT, 'tools', 'ci', 'README.md'), 'utf8');
    expect(readme).toContain(renderGitlabPipeline(['second']).trimEnd());
  });
});
