// The documents `status --json` prints, as the report reads them: one database's status, a fleet's (one service,
// many databases), or the error that kept a service from reporting. The report renders whichever it is given.
import type { StatusReport } from '../engine/report.js';

/** `status --service <name> --json` of a service with one database. */
export type StatusDocument = StatusReport & { readonly service: string; readonly command?: string };

/** One member of a fleet, as its `status --json` lists it. `pending` may be the list or its count. */
export interface FleetMember {
  readonly database: string;
  readonly current: string | null;
  readonly pending: number | ReadonlyArray<{ id: string }>;
  readonly dirty: StatusReport['dirty'] | string | boolean | null;
  readonly error?: string | { message: string };
}

/** `status --json` of a fleet service (ARCHITECTURE.md, "Fleets"): one entry of `status --all` too. */
export interface FleetDocument {
  readonly service: string;
  readonly databases: readonly FleetMember[];
  readonly summary: { readonly total: number; readonly upToDate: number; readonly pending: number; readonly dirty: number; readonly failed: number; readonly unreachable: number };
}

/** `drift --json` of a fleet service: each database's outcome (`noop` in sync, `blocked` drifted), and their count. */
export interface FleetDriftDocument {
  readonly databases: ReadonlyArray<{ readonly database: string; readonly outcome: string; readonly error?: { readonly message: string } }>;
  readonly summary: { readonly total: number; readonly noop: number; readonly blocked: number; readonly failed: number; readonly skipped: number };
}

/** A `drift --json` document as a fleet's, when it is one (a single database's has no `databases`). */
export function fleetDriftOf(drift: Record<string, unknown>): FleetDriftDocument | undefined {
  return Array.isArray(drift.databases) ? (drift as unknown as FleetDriftDocument) : undefined;
}

/** What `--json` prints when a command could not run for the service. */
export interface ErrorDocument {
  readonly service: string | null;
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

export type ServiceDocument =
  | { readonly kind: 'database'; readonly document: StatusDocument }
  | { readonly kind: 'fleet'; readonly document: FleetDocument }
  | { readonly kind: 'error'; readonly document: ErrorDocument };

/** Which of the three a document is. */
export function classifyDocument(document: Record<string, unknown>): ServiceDocument {
  if (document.ok === false && typeof document.error === 'object') return { kind: 'error', document: document as unknown as ErrorDocument };
  if (Array.isArray(document.databases)) return { kind: 'fleet', document: document as unknown as FleetDocument };
  return { kind: 'database', document: document as unknown as StatusDocument };
}

/** `2026-11-24T19:00:00.123Z` -> `2026-11-24 19:00:00Z`. */
export const shortTime = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

/** The newest `appliedAt` of a status document, or null. */
export function lastApplied(document: StatusDocument): string | null {
  return document.applied.map((row) => row.appliedAt).filter((at): at is string => at !== null).sort().at(-1) ?? null;
}

/** A dirty migration in a few words: `<id> (failed at statement 2/3)`. */
export function describeDirtyState(dirty: NonNullable<StatusReport['dirty']>): string {
  return `${dirty.id} (${dirty.state} at statement ${dirty.statement}/${dirty.statements})`;
}

export const pendingCount = (member: FleetMember): number => (typeof member.pending === 'number' ? member.pending : member.pending.length);

/** Where a service stands, worst first: it could not report, a migration is dirty, some are pending, or all is applied. */
export type ServiceState = 'error' | 'dirty' | 'pending' | 'up-to-date';

export function serviceState(found: ServiceDocument): ServiceState {
  switch (found.kind) {
    case 'error':
      return 'error';
    case 'fleet': {
      const { summary } = found.document;
      return summary.failed + summary.unreachable > 0 ? 'error' : summary.dirty > 0 ? 'dirty' : summary.pending > 0 ? 'pending' : 'up-to-date';
    }
    case 'database':
      return found.document.dirty !== null ? 'dirty' : found.document.pending.length > 0 ? 'pending' : 'up-to-date';
  }
}
