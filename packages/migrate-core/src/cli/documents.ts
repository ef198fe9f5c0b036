// The JSON documents of --json: one per service and command, the same whether the service ran alone or with --all.
import { hintLine, type Finding } from '../findings.js';
import type { CommandResult } from './command.js';
import type { Style } from './style.js';

/** What `<command> --service <service> --json` prints when the command ran. */
export function commandDocument(service: string, command: string, result: CommandResult): Record<string, unknown> {
  return { service, command, ...result.document };
}

/** What it prints when the command could not run (bad configuration, no connection, ...): the error as a finding. */
export function errorDocument(service: string | null, command: string | null, error: Finding): Record<string, unknown> {
  return { service, command, ok: false, error };
}

/** The same error as text for a terminal: `<service>: error: <message>` and the next step. */
export function errorText(service: string | undefined, error: Finding, style: Style): string {
  const where = service === undefined ? '' : `${service}: `;
  return `${where}${style.error('error:')} ${error.message}\n${error.hint ? `${hintLine(error.hint, { paint: style })}\n` : ''}`;
}

/** `document` with `render` applied to every string in it (hints' commands written as this run invokes them). */
export function renderDocument(document: Record<string, unknown>, render: (text: string) => string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(document, (_key, value: unknown) => (typeof value === 'string' ? render(value) : value))) as Record<string, unknown>;
}
