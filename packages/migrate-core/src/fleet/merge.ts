// Merging the reports of a fleet run split over several runners (`--shard i/n --report <file>` each) into one.
import { fleetOutcome, summarize, type FleetEntry } from './report.js';
import type { Shard } from './shard.js';
import { summarizeStatus, type MemberStatus } from './status.js';

export interface ReportInput {
  /** Where it came from, for messages. */
  readonly file: string;
  readonly report: unknown;
}

export interface MergedReports {
  readonly document: Record<string, unknown>;
  /** Inputs that do not fit together: other services or commands, a database twice, missing shards. */
  readonly problems: readonly string[];
}

interface Loose {
  service?: unknown;
  command?: unknown;
  shard?: { index?: unknown; count?: unknown } | null;
  startedAt?: unknown;
  durationMs?: unknown;
  databases?: unknown;
}

const isShard = (value: unknown): value is Shard =>
  typeof value === 'object' && value !== null && Number.isInteger((value as Shard).index) && Number.isInteger((value as Shard).count);

function shardProblems(inputs: ReadonlyArray<{ file: string; shard: Shard | null }>): string[] {
  const sharded = inputs.filter((input) => input.shard !== null);
  if (sharded.length === 0) return [];
  if (sharded.length < inputs.length) return [`${inputs.filter((input) => input.shard === null).map((input) => input.file).join(', ')} covered the whole fleet, the others one shard each.`];
  const counts = new Set(sharded.map((input) => input.shard!.count));
  if (counts.size > 1) return [`the reports split the fleet in different numbers of shards (${[...counts].join(', ')}).`];
  const count = sharded[0]!.shard!.count;
  const problems: string[] = [];
  for (let index = 1; index <= count; index++) {
    const files = sharded.filter((input) => input.shard!.index === index).map((input) => input.file);
    if (files.length === 0) problems.push(`no report of shard ${index}/${count}.`);
    if (files.length > 1) problems.push(`shard ${index}/${count} is reported twice: ${files.join(', ')}.`);
  }
  return problems;
}

/**
 * One report from the reports of shards (or of separate runs over disjoint databases): the databases of all, the
 * summary recomputed. Problems are returned, not thrown, so the merged document can still be written and read.
 */
export function mergeReports(inputs: readonly ReportInput[]): MergedReports {
  const problems: string[] = [];
  const valid = inputs.flatMap((input) => {
    const r = input.report as Loose;
    if (typeof r !== 'object' || r === null || typeof r.service !== 'string' || typeof r.command !== 'string' || !Array.isArray(r.databases)) {
      problems.push(`${input.file} is not a fleet report (written by --report <file>, or --json of a fleet command).`);
      return [];
    }
    return [{ file: input.file, service: r.service, command: r.command, shard: isShard(r.shard) ? r.shard : null, startedAt: r.startedAt, durationMs: r.durationMs, databases: r.databases as Array<{ database: string }> }];
  });
  if (valid.length === 0) return { document: {}, problems: problems.length > 0 ? problems : ['no reports to merge.'] };
  const first = valid[0]!;
  for (const other of valid.slice(1)) {
    if (other.service !== first.service || other.command !== first.command) {
      problems.push(`${other.file} is a report of \`${other.command}\` on ${other.service}, ${first.file} of \`${first.command}\` on ${first.service}.`);
    }
  }
  problems.push(...shardProblems(valid));
  const seen = new Map<string, string>();
  for (const input of valid) {
    for (const entry of input.databases) {
      const earlier = seen.get(entry.database);
      if (earlier !== undefined) problems.push(`database ${entry.database} is in ${earlier} and in ${input.file}.`);
      seen.set(entry.database, input.file);
    }
  }
  const databases = valid.flatMap((input) => input.databases);
  const starts = valid.map((input) => Date.parse(String(input.startedAt))).filter(Number.isFinite);
  const ends = valid.map((input) => Date.parse(String(input.startedAt)) + Number(input.durationMs)).filter(Number.isFinite);
  const timing = starts.length === 0 ? {} : { startedAt: new Date(Math.min(...starts)).toISOString(), durationMs: Math.max(...ends) - Math.min(...starts) };
  const shards = valid.flatMap((input) => (input.shard === null ? [] : [{ ...input.shard, file: input.file }]));
  const summary = first.command === 'status' ? { summary: summarizeStatus(databases as MemberStatus[]) }
    : (() => {
      const s = summarize(databases as FleetEntry[]);
      return { outcome: fleetOutcome(s), summary: s };
    })();
  return { document: { service: first.service, command: first.command, shard: null, shards, ...timing, ...summary, databases }, problems };
}
