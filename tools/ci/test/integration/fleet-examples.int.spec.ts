// The multi-runner examples of tools/ci/examples, run as their engines would run them: the GitHub Actions matrix
// (each shard's step, then the merge step) and the Kubernetes Indexed Job (each pod's command with its
// JOB_COMPLETION_INDEX, then the report Job), all shards at once, against a fleet on the test server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../../../test/support/cli.js';
import { allApplied, eachOnce, M1, M2, M3, makeFleet, type Fleet } from '../../../../packages/migrate-core/test/integration/fleet-support.js';
import { renderFleetWorkflow } from '../../src/pipelines.mjs';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const read = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs a shell command as a CI step or a container would: sh -c, in `cwd`, with `env`. */
function shell(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fleet named like the examples' service: `tenants`, here 20 databases. */
async function tenants(label: string): Promise<Fleet> {
  return makeFleet(label, 20);
}

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown> };

describe('the GitHub Actions matrix example', () => {
  it('is what `nx g @repo/nx-plugin:ci` writes for a fleet service named tenants', () => {
    expect(read('github-fleet-matrix.yml')).toBe(renderFleetWorkflow('tenants'));
  });

  it('migrates every database exactly once over its 4 shards at once, and merges their reports into one', async () => {
    const workflow = parse(read('github-fleet-matrix.yml'));
    const shards: number[] = workflow.jobs.migrate.strategy.matrix.shard;
    expect(shards).toEqual([1, 2, 3, 4]);
    const migrateStep = (workflow.jobs.migrate.steps as Step[]).find((step) => step.name?.startsWith('Migrate shard'))!;
    const mergeStep = (workflow.jobs.report.steps as Step[]).find((step) => step.name === 'One report of every database')!;
    expect(workflow.jobs.report.steps.find((step: Step) => step.uses?.startsWith('actions/download-artifact'))?.with).toMatchObject({ path: 'reports', 'merge-multiple': true });

    const fleet = await tenants('ghfleet');
    const env = { TENANTS_DATABASE_URL: fleet.env.DATABASE_URL! };
    const runs = await Promise.all(shards.map((shard) => shell(migrateStep.run!.replaceAll('${{ matrix.shard }}', String(shard)), fleet.ws.root, env)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(await fleet.ledgers()).toEqual(allApplied(fleet.databases, [M1, M2, M3]));
    expect(await fleet.effects()).toEqual(eachOnce(fleet.databases, [M1, M2, M3]));

    // download-artifact with merge-multiple puts every shard's file in reports/, where the shards wrote them.
    const merged = await shell(mergeStep.run!, fleet.ws.root, env);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/tenants: migrate of 20 databases in [\d.]+ m?s: 20 migrated \(60 migrations\), 0 up to date\./);
    const report = JSON.parse(readFileSync(join(fleet.ws.root, 'fleet-report.json'), 'utf8'));
    expect(report.summary).toEqual({ total: 20, done: 20, noop: 0, blocked: 0, failed: 0, skipped: 0 });
    expect(report.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3, 4]);
  });
});

describe('the Kubernetes Indexed Job example', () => {
  it('migrates every database exactly once with its pods at once, and its report Job merges their reports', async () => {
    const [claim, job] = parseAllDocuments(read('k8s-fleet-indexed-job.yaml')).map((doc) => doc.toJS());
    expect(claim.kind).toBe('PersistentVolumeClaim');
    expect(job).toMatchObject({ kind: 'Job', spec: { completionMode: 'Indexed', completions: 4, parallelism: 4 } });
    const container = job.spec.template.spec.containers[0];
    const shards = Number(container.env.find((e: { name: string }) => e.name === 'SHARDS').value);
    expect(shards).toBe(job.spec.completions);
    expect(container.env.find((e: { name: string }) => e.name === 'TENANTS_DATABASE_URL').valueFrom.secretKeyRef).toBeDefined();
    expect(container.volumeMounts).toEqual([{ name: 'reports', mountPath: '/reports' }]);
    const reportJob = parse(read('k8s-fleet-report-job.yaml'));
    const reportContainer = reportJob.spec.template.spec.containers[0];
    expect(reportContainer.volumeMounts).toEqual([{ name: 'reports', mountPath: '/reports' }]);

    const fleet = await tenants('k8sfleet');
    // The volume: one folder that every pod sees at /reports.
    const volume = mkdtempSync(join(tmpdir(), 'reports-'));
    cleanups.push(() => rmSync(volume, { recursive: true, force: true }));
    const mounted = (command: string) => command.replaceAll('/reports', volume);
    const env = { TENANTS_DATABASE_URL: fleet.env.DATABASE_URL!, SHARDS: String(shards) };
    const pods = await Promise.all(Array.from({ length: shards }, (_, index) =>
      shell(mounted(container.args[0]), fleet.ws.root, { ...env, JOB_COMPLETION_INDEX: String(index) })));
    for (const pod of pods) expect(pod.code, pod.stderr).toBe(0);
    expect(await fleet.ledgers()).toEqual(allApplied(fleet.databases, [M1, M2, M3]));
    expect(await fleet.effects()).toEqual(eachOnce(fleet.databases, [M1, M2, M3]));

    const merged = await shell(mounted(reportContainer.args[0]), fleet.ws.root, env);
    expect(merged.code, merged.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(volume, 'merged', 'fleet-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ total: 20, done: 20 });
    expect(report.shards.map((s: { index: number; count: number }) => `${s.index}/${s.count}`)).toEqual(['1/4', '2/4', '3/4', '4/4']);

    // Run again (a retried Job): every database has nothing left to do.
    const again = await Promise.all(Array.from({ length: shards }, (_, index) =>
      shell(mounted(container.args[0]), fleet.ws.root, { ...env, JOB_COMPLETION_INDEX: String(index) })));
    for (const pod of again) expect(pod.stdout).toMatch(/0 migrated, \d+ up to date\./);
    expect(await fleet.effects()).toEqual(eachOnce(fleet.databases, [M1, M2, M3]));
  });
});
