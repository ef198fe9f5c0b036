// The JSON documents of --json: one per service and command, the same whether the service ran alone or with --all.
import type { CommandResult } from './command.js';
import type { Style } from './style.js';

/** An error as documents and messages show it (a MigrateError is one). */
export interface ErrorLike {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
}

/** What `<command> --service <service> --json` prints when the command ran. */
export function commandDocument(service: string, command: string, result: CommandResult): Record<string, unknown> {
  return { service, command, ...result.document };
}

/** What it prints when the command could not run (bad configuration, no connection, ...). */
export function errorDocument(service: string | null, command: string | null, error: ErrorLike): Record<string, unknown> {
  return { service, command, ok: false, error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}

/** The same error as text for a terminal: `<service>: error: <message>` and the next step. */
export function errorText(service: string | undefined, error: ErrorLike, style: Style): string {
  const where = service === undefined ? '' : `${service}: `;
  return `${where}${style.error('error:')} ${error.message}\n${error.hint ? `  ${style.next('next:')} ${error.hint}\n` : ''}`;
}

/** `document` with `render` applied to every string in it (hints' commands written as this run invokes them). */
export function renderDocument(document: Record<string, unknown>, render: (text: string) => string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(document, (_key, value: unknown) => (typeof value === 'string' ? render(value) : value))) as Record<string, unknown>;
}
