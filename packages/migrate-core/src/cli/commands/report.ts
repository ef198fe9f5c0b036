// `report --merge <file|folder>...`: one report from the reports of a fleet run's shards, summarised.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { mergeReports, type ReportInput } from '../../fleet/merge.js';
import type { FleetReport } from '../../fleet/report.js';
import type { FleetStatusDocument } from '../../fleet/fleet-status.js';
import type { CommandResult, ContextOf } from '../command.js';
import { ExitCode, exitCodeForOutcome } from '../exit-codes.js';
import { fleetStatusExit } from '../fleet/read-commands.js';
import { renderFleetReport, renderFleetStatus } from '../fleet/render.js';
import { writeJson, type FleetContext } from '../fleet/setup.js';

function readInputs(ctx: ContextOf<'report'>): ReportInput[] {
  const shown = (file: string) => relative(ctx.cwd ?? ctx.root, file) || file;
  const files = ctx.options.merge.flatMap((given) => {
    const path = resolve(ctx.cwd ?? ctx.root, given);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new UsageError(`--merge ${given}: no such file or folder.`);
    }
    return isFolder ? readdirSync(path).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name)) : [path];
  });
  if (files.length === 0) throw new UsageError(`--merge ${ctx.options.merge.join(' ')}: no *.json reports found.`);
  return files.map((file) => {
    try {
      return { file: shown(file), report: JSON.parse(readFileSync(file, 'utf8')) as unknown };
    } catch (error) {
      throw new UsageError(`${shown(file)} is not JSON: ${(error as Error).message}`);
    }
  });
}

export async function run(ctx: ContextOf<'report'>): Promise<CommandResult> {
  const inputs = readInputs(ctx);
  const merged = mergeReports(inputs);
  const { document } = merged;
  const problems = [...merged.problems];
  const name = ctx.service.service;
  if (document.service !== undefined && document.service !== name) problems.unshift(`the reports are of service ${String(document.service)}, not ${name}.`);
  if (ctx.options.out !== undefined) {
    writeJson(ctx, ctx.options.out, document);
    ctx.warn(`${name}: wrote the merged report of ${inputs.length} reports to ${ctx.options.out}`);
  }
  if (problems.length > 0) {
    ctx.print(`${name}: the ${inputs.length} reports do not make one run:`);
    for (const problem of problems) ctx.print(`  ${ctx.style.error('✗')} ${problem}`);
    return { exitCode: ExitCode.usage, document: { ...document, problems } };
  }
  const fleetCtx = ctx as unknown as FleetContext;
  if (document.command === 'status') {
    const status = document as unknown as FleetStatusDocument;
    for (const line of renderFleetStatus(fleetCtx, status, `${inputs.length} reports`)) ctx.print(line);
    return { exitCode: fleetStatusExit(status), document: { ...document, problems } };
  }
  const report = document as unknown as FleetReport;
  for (const line of renderFleetReport(fleetCtx, report, undefined)) ctx.print(line);
  return { exitCode: exitCodeForOutcome(report.outcome), document: { ...document, problems } };
}
