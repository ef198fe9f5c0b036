import { detectDrift } from '../../drift/drift.js';
import { renderDrift } from '../../drift/render.js';
import { repositoryOf } from '../../config/load.js';
import type { CommandResult, ContextOf } from '../command.js';
import { connectService } from '../connect.js';
import { ExitCode } from '../exit-codes.js';

/**
 * `drift`: the live database against the snapshot of its newest applied migration. Exit 0 in sync, 3 on
 * drift or when the comparison is unreliable (a failed migration).
 */
export async function run(ctx: ContextOf<'drift'>): Promise<CommandResult> {
  const session = await connectService(ctx, { createDatabase: false });
  try {
    const report = await detectDrift({
      session,
      repository: repositoryOf(ctx.service),
      ledgerTable: ctx.service.config.ledgerTable,
      ...(ctx.service.config.tablesFilter ? { tablesFilter: ctx.service.config.tablesFilter } : {}),
    });
    for (const line of renderDrift(ctx.service.service, report, { paint: ctx.style })) ctx.print(line);
    return {
      exitCode: report.inSync ? ExitCode.ok : ExitCode.blocked,
      document: {
        database: report.database,
        inSync: report.inSync,
        against: report.against,
        reliable: report.reliable,
        differences: report.differences,
        warnings: report.warnings,
        notes: report.notes,
        introspectionMs: report.introspectionMs,
      },
    };
  } finally {
    await session.close();
  }
}
