import { commandHint } from '../errors.js';
import { hintLine, renderFindings, type FindingPaint } from '../findings.js';
import type { DriftReport } from './drift.js';

/** The commands named in drift's advice, for one service. */
export interface DriftCommands {
  readonly generate: string;
  readonly stamp: string;
  readonly drift: string;
  readonly adopt: string;
}

/** The commands drift advises, as hints write them (the CLI prints them as the user runs them). */
export function driftCommands(): DriftCommands {
  return {
    generate: commandHint('generate', '--name', '"<what changed>"'),
    stamp: commandHint('stamp', '<its id>'),
    drift: commandHint('drift'),
    adopt: commandHint('generate', '--from-database', '--name', 'baseline'),
  };
}

function advice(report: DriftReport, commands: DriftCommands, paint: FindingPaint | undefined): string[] {
  if (report.against === null && report.differences.every((difference) => difference.expected === undefined)) {
    return [hintLine(`no migration is applied to this database, yet it has tables. To adopt them as the service's baseline: ${commands.adopt}, then stamp it.`, { paint })];
  }
  return [
    hintLine(`to keep a change, put it in src/schema.ts (or src/objects/), run ${commands.generate}, then ${commands.stamp} on this database (it has the change already) and migrate the others;`, { paint }),
    `        to drop a change, undo it in the database. Then run ${commands.drift} again.`,
  ];
}

export interface DriftLook {
  /** @default driftCommands() */
  readonly commands?: DriftCommands;
  /** Colours of the differences and the next step (none by default). */
  readonly paint?: FindingPaint;
}

/**
 * Human output of `drift`: one line when in sync, else each difference as a finding (its message says `+` only in
 * the database, `-` only in the migrations, `~` different) and what to do next.
 */
export function renderDrift(service: string, report: DriftReport, look: DriftLook = {}): string[] {
  const { commands = driftCommands(), paint } = look;
  const lines = report.warnings.map((warning) => `warning: ${warning}`);
  const against = report.against === null ? 'no migration applied' : `compared with ${report.against}`;
  if (report.inSync) {
    lines.push(`${service}: database \`${report.database}\` is in sync with its migrations (${against}).`);
    return lines;
  }
  if (report.differences.length === 0) {
    lines.push(`${service}: no difference found in database \`${report.database}\` (${against}), but the comparison is unreliable: see the warnings above.`);
    return lines;
  }
  lines.push(`${service}: database \`${report.database}\` has drifted from its migrations (${against}):`);
  lines.push(...renderFindings(report.differences, { paint }));
  for (const note of report.notes) lines.push(`  note: ${note}`);
  const count = report.differences.length;
  lines.push(`${count} difference${count === 1 ? '' : 's'}.`, ...advice(report, commands, paint));
  return lines;
}
