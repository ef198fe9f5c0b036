import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { repositoryOf, type ServiceContext } from '../../config/load.js';
import { UsageError } from '../../errors.js';
import { renderHtmlReport, type ReportService } from '../../report/index.js';
import { schemaFromSnapshot } from '../../schema/canonical/from-snapshot.js';
import type { ServiceEntry } from './service-run.js';

/** The schema after the service's newest migration that has a snapshot (the page's ER diagram). */
function schemaOf(context: ServiceContext | undefined): ReportService['schema'] {
  if (context === undefined) return null;
  const repository = repositoryOf(context);
  const folders = repository.list().folders;
  if (folders.length === 0) return null;
  for (const folder of [...folders].reverse()) {
    const read = repository.snapshot(folder);
    if (!read.ok) continue;
    const newer = folders.length - 1 - folders.indexOf(folder);
    try {
      return { after: folder.id, tables: schemaFromSnapshot(read.snapshot), ...(newer === 0 ? {} : { note: `${newer} newer migration${newer === 1 ? ' has' : 's have'} no snapshot.json` }) };
    } catch (error) {
      return { problem: `${repository.shown(folder.snapshotPath)} cannot be read as a schema (${(error as Error).message})` };
    }
  }
  return { problem: 'no migration has a snapshot.json (generate writes them), so there is no schema to draw' };
}

/** Writes the status page of `entries` to `file`. */
export function writeHtmlReport(file: string, entries: readonly ServiceEntry[], root: string): void {
  const services = entries.map((entry): ReportService => ({
    name: entry.service, server: entry.server ?? null, document: entry.document, drift: entry.drift, schema: schemaOf(entry.context),
  }));
  const page = renderHtmlReport({ generatedAt: new Date().toISOString(), workspace: basename(root), services });
  try {
    writeFileSync(file, page);
  } catch (error) {
    throw new UsageError(`Cannot write the HTML report to ${file}: ${(error as Error).message}`, 'Give --html a path in a folder that exists and can be written.');
  }
}
