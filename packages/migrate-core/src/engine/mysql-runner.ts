import type { Session } from '../db/session.js';
import type { LedgerWrite } from '../ledger/ledger.js';
import type { MysqlLedger } from '../ledger/mysql-ledger.js';
import type { StepRunner } from './runner.js';
import type { StepItem } from './step-script.js';

/**
 * The commands that run `items`, as text without the final `;`: statements as written, ledger writes as
 * `render` gives them, an atomic item in one transaction. The engine sends these; `plan --sql` prints them.
 */
export function itemCommands(items: readonly StepItem[], render: (write: LedgerWrite) => string): string[] {
  return items.flatMap((item) => {
    if ('statement' in item) return [item.statement.sql.replace(/;\s*$/, '')];
    if ('ledgerWrite' in item) return [render(item.ledgerWrite)];
    return ['START TRANSACTION', ...itemCommands(item.atomic, render), 'COMMIT'];
  });
}

/**
 * Runs items on the migration session: each batch is one multi-statement round trip (Session.script), which
 * the server runs in order and stops at the first error. Ledger writes are rendered with the ledger's SQL.
 */
export function createMysqlRunner(session: Session, ledger: MysqlLedger): StepRunner {
  const render = (write: LedgerWrite) => {
    const command = ledger.sql.write(write);
    return session.format(command.sql, command.values);
  };
  // Sizing renders an item; sending it again reuses that text.
  const rendered = new WeakMap<StepItem, string[]>();
  const commandsOf = (item: StepItem) => rendered.get(item) ?? rendered.set(item, itemCommands([item], render)).get(item)!;
  return {
    run: (items) => session.script(items.flatMap(commandsOf)),
    size: (item) => Buffer.byteLength(commandsOf(item).join('')),
    async reset() {
      await session.query('ROLLBACK');
    },
  };
}
