import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ciGenerator, { listServices } from '../../src/generators/ci/generator.mjs';
import { renderAffectedWorkflow, renderFleetWorkflow, renderGitlabPipeline, renderServiceWorkflow } from '../../../ci/src/pipelines.mjs';

function workspace(services: string[]): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const name of services) {
    tree.write(`services/${name}/package.json`, JSON.stringify({ name: `@repo/${name}`, nx: { name } }));
    tree.write(`services/${name}/migrate.config.json`, '{}');
  }
  // Not services: no config, or no package.json.
  tree.write('services/notes/README.md', 'x');
  tree.write('services/half/migrate.config.json', '{}');
  return tree;
}

const workflows = (tree: Tree) => tree.children('.github/workflows').sort();

describe('ci generator', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists the services the plugin sees', () => {
    expect(listServices(workspace(['second', 'first']))).toEqual(['first', 'second']);
    expect(listServices(createTreeWithEmptyWorkspace())).toEqual([]);
  });

  it('writes one workflow per service plus affected-check.yml, all valid YAML', async () => {
    const tree = workspace(['first', 'second', 'third']);
    const callback = await ciGenerator(tree, {});
    expect(workflows(tree)).toEqual(['affected-check.yml', 'migrate-first.yml', 'migrate-second.yml', 'migrate-third.yml']);
    for (const service of ['first', 'second', 'third']) {
      const text = tree.read(`.github/workflows/migrate-${service}.yml`, 'utf-8')!;
      expect(text).toBe(renderServiceWorkflow(service, { branch: 'main' }));
      expect(parse(text).jobs.check.steps.at(-1).run).toBe(`npx nx run ${service}:check`);
    }
    expect(tree.read('.github/workflows/affected-check.yml', 'utf-8')).toBe(renderAffectedWorkflow());
    expect(tree.exists('.gitlab-ci.yml')).toBe(false);
    callback();
    expect(vi.mocked(console.log).mock.calls.flat().join('\n')).toContain('FIRST_DATABASE_URL, SECOND_DATABASE_URL, THIRD_DATABASE_URL');
  });

  it('writes one service only when named, and refuses an unknown one', async () => {
    const tree = workspace(['first', 'second']);
    await ciGenerator(tree, { service: 'second' });
    expect(workflows(tree)).toEqual(['affected-check.yml', 'migrate-second.yml']);
    await expect(ciGenerator(tree, { service: 'half' })).rejects.toThrow('Unknown service "half": no services/half/migrate.config.json. Services: first, second.');
  });

  it('removes the generated workflow of a service that is gone, and keeps hand-written ones', async () => {
    const tree = workspace(['first']);
    tree.write('.github/workflows/migrate-old.yml', renderServiceWorkflow('old'));
    tree.write('.github/workflows/migrate-custom.yml', 'name: hand-written\n');
    tree.write('.github/workflows/lint.yml', 'name: lint\n');
    await ciGenerator(tree, {});
    expect(workflows(tree)).toEqual(['affected-check.yml', 'lint.yml', 'migrate-custom.yml', 'migrate-first.yml']);
  });

  it('writes .gitlab-ci.yml with --gitlab, alone with --github=false, for the branch given', async () => {
    const tree = workspace(['first', 'second']);
    await ciGenerator(tree, { gitlab: true, github: false, branch: 'release' });
    expect(tree.exists('.github/workflows')).toBe(false);
    const text = tree.read('.gitlab-ci.yml', 'utf-8')!;
    expect(text).toBe(renderGitlabPipeline(['first', 'second'], { branch: 'release' }));
    const pipeline = parse(text);
    expect(pipeline['migrate-second'].rules[0].if).toBe('$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == "release"');
    expect(pipeline['migrate-first'].resource_group).toBe('migrate-first');
  });

  it('deploys from nx.json defaultBase when no branch is given', async () => {
    const tree = workspace(['first']);
    tree.write('nx.json', JSON.stringify({ defaultBase: 'trunk' }));
    await ciGenerator(tree, {});
    const wf = parse(tree.read('.github/workflows/migrate-first.yml', 'utf-8')!);
    expect(wf.on.push.branches).toEqual(['trunk']);
    expect(wf.jobs.migrate.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/trunk'");
    expect(tree.read('.github/workflows/affected-check.yml', 'utf-8')).toContain('--base=origin/trunk');
  });
});

describe('ci generator, for a fleet', () => {
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('writes the matrix workflow for a service with "databases", the usual one for the others', async () => {
    const tree = workspace(['first']);
    tree.write('services/tenants/package.json', JSON.stringify({ name: '@repo/tenants', nx: { name: 'tenants' } }));
    tree.write('services/tenants/migrate.config.json', JSON.stringify({ databases: { match: 'tenant_*' } }));
    await ciGenerator(tree, { shards: 6 });
    expect(tree.read('.github/workflows/migrate-tenants.yml', 'utf-8')).toBe(renderFleetWorkflow('tenants', { branch: 'main', shards: 6 }));
    expect(tree.read('.github/workflows/migrate-first.yml', 'utf-8')).toBe(renderServiceWorkflow('first', { branch: 'main' }));
    const matrix = parse(tree.read('.github/workflows/migrate-tenants.yml', 'utf-8')!).jobs.migrate.strategy.matrix;
    expect(matrix).toEqual({ shard: [1, 2, 3, 4, 5, 6] });
  });
});
